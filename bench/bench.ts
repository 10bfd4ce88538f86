// `npm run bench [-- section…]`: every figure next to a baseline measured in the same run on the same machine.
import { spawnSync } from 'child_process';
import * as path from 'path';
import { CORPORA_DIR, corpusFile } from '../test/corpora';
import { benchActivation } from './activation';
import { benchDiagnostics } from './diagnostics';
import { benchIndex } from './index';
import { benchLibrary } from './library';
import { benchReviewer } from './reviewer';
import { benchSearch } from './search';

const acl = path.join(CORPORA_DIR, 'acl-anthology-via-jgrey.bib.gz');
const personal = path.join(CORPORA_DIR, 'jgrey-main-concat.bib.gz');

const SECTIONS: Record<string, () => Promise<void>> = {
  library: () => benchLibrary([acl, personal]),
  index: () => benchIndex([acl, personal]),
  search: () => benchSearch(acl),
  diagnostics: () => benchDiagnostics(acl),
  activation: () => benchActivation(acl),
  workbench: async () => benchWorkbench(),
  reviewer: benchReviewer,
};
/** Sections that read only the repository's own fixtures. */
const STANDALONE = new Set(['reviewer']);

/** bench/workbench.ts, under tsx in a child process (it drives the integration harness, which stays out of the bundle). */
function benchWorkbench(): void {
  console.log('## Workbench: first completion in the real editor (ACL library)');
  const root = path.resolve(__dirname, '..');
  const child = spawnSync(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'bench/workbench.ts'), '--run', acl], { stdio: 'inherit', cwd: root });
  console.log(child.status === 0 ? '' : `the workbench run failed (exit ${child.status})\n`);
}

async function main(): Promise<void> {
  if (process.argv[2]?.startsWith('--')) return; // a child run of the index or library section, see index.ts and library.ts
  const chosen = process.argv.slice(2);
  const unknown = chosen.filter((name) => !SECTIONS[name]);
  if (unknown.length > 0) throw new Error(`unknown section(s) ${unknown.join(', ')}; choose from ${Object.keys(SECTIONS).join(', ')}`);
  const missing = [acl, personal].filter((file) => !corpusFile(path.basename(file)));
  const needsCorpora = chosen.length === 0 || chosen.some((name) => !STANDALONE.has(name));
  if (needsCorpora && missing.length > 0) {
    console.error(`The bench needs ${missing.map((file) => path.basename(file)).join(' and ')} in ${CORPORA_DIR} (set CITEMARK_CORPORA to the folder that holds them).\n`
      + 'Where to get them: acl-anthology-via-jgrey.bib.gz is the ACL Anthology\'s BibTeX export (https://aclanthology.org/anthology.bib.gz);\n'
      + 'jgrey-main-concat.bib.gz is the main/*.bib files of https://github.com/jgrey4296/bibliography concatenated, gzipped.');
    process.exitCode = 1;
    return;
  }
  console.log(`Citemark benchmarks — node ${process.version}, ${new Date().toISOString()}\n`);
  for (const [name, run] of Object.entries(SECTIONS)) if (chosen.length === 0 || chosen.includes(name)) await run();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
