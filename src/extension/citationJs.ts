// The entry of dist/citation-js.js (see esbuild.mjs): @citation-js/core's exports, with the plugins
// the extension and its worker use registered.
// eslint-disable-next-line @typescript-eslint/no-require-imports
module.exports = require('@citation-js/core');
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('@citation-js/plugin-bibtex');
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('@citation-js/plugin-csl');
