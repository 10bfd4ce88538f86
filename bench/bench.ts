// `npm run bench`: every figure next to a baseline measured in the same run on the same machine.
import * as path from 'path';
import { benchDiagnostics } from './diagnostics';
import { benchLibrary } from './library';
import { benchSearch } from './search';

const shared = path.resolve(__dirname, '../../shared/bench');
const acl = path.join(shared, 'acl-anthology-via-jgrey.bib.gz');
const personal = path.join(shared, 'jgrey-main-concat.bib.gz');

async function main(): Promise<void> {
  console.log(`Citemark benchmarks — node ${process.version}, ${new Date().toISOString()}\n`);
  await benchLibrary([acl, personal]);
  await benchSearch(acl);
  await benchDiagnostics(acl);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
