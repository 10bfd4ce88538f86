// `npm run screenshots`: PNGs of Citemark in a real VS Code workbench, saved to screenshots/.
// Needs scripts/vscode-offline/install.sh to have run. The work is in test/integration/screenshots.ts.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { status } = spawnSync(process.execPath, ['--import', 'tsx', 'test/integration/screenshots.ts'], { cwd: root, stdio: 'inherit' });
process.exit(status ?? 1);
