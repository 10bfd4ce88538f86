// Bundles the extension, the CLI and the benchmarks into dist/.
import * as esbuild from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node18', sourcemap: true, logLevel: 'warning' };

/**
 * citation-js (with its fetch polyfills, 0.5 MB of the bundles) is needed only to format references and
 * to write BibTeX: the extension, its worker, the CLI and the bench load it from a bundle of its own,
 * dist/citation-js.js, on first use (the core requires it lazily), so that its compile time stays off
 * activation and start-up (the CLI's resident memory at start 55 -> 49 MB). That bundle's exports are
 * @citation-js/core's, with the BibTeX and CSL plugins registered.
 */
const citationJsApart = {
  name: 'citation-js-apart',
  setup(build) {
    build.onResolve({ filter: /^@citation-js\/(core|plugin-bibtex|plugin-csl)$/ }, () => ({ path: './citation-js.js', external: true }));
  },
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', format: 'cjs', external: ['vscode'], plugins: [citationJsApart] }),
  esbuild.build({ ...common, entryPoints: ['src/extension/libraryWorker.ts'], outfile: 'dist/libraryWorker.js', format: 'cjs', plugins: [citationJsApart] }),
  esbuild.build({ ...common, entryPoints: ['src/extension/citationJs.ts'], outfile: 'dist/citation-js.js', format: 'cjs' }),
  esbuild.build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', format: 'cjs', banner: { js: '#!/usr/bin/env node' }, plugins: [citationJsApart] }),
  esbuild.build({ ...common, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.js', format: 'cjs', plugins: [citationJsApart] }),
]);
