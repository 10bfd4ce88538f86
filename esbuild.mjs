// Bundles the extension, the CLI and the benchmarks into dist/.
import * as esbuild from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node18', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', format: 'cjs', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['src/extension/libraryWorker.ts'], outfile: 'dist/libraryWorker.js', format: 'cjs' }),
  esbuild.build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', format: 'cjs', banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build({ ...common, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.js', format: 'cjs' }),
]);
