// citation-js (core with its BibTeX and CSL plugins), loaded on first use: its module loading (~0.2 s,
// and in the extension a bundle of its own, see esbuild.mjs) stays off activation, the library
// worker's start-up and whatever never formats or writes BibTeX. It ships no type declarations: these
// are the signatures Citemark uses.

/** citation-js's register of CSL styles. */
export interface StyleRegister {
  add(name: string, value: string): void;
  has(name: string): boolean;
  delete(name: string): void;
}

export interface CitationJs {
  Cite: new (data: unknown, options?: { generateGraph: boolean }) => { data: unknown[]; format(kind: string, options?: object): string };
  plugins: {
    input: { chain(data: string, options: object): unknown };
    config: { get(name: '@csl'): { styles: StyleRegister } };
  };
}

let loaded: CitationJs | undefined;

export function citationJs(): CitationJs {
  if (!loaded) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    loaded = require('@citation-js/core') as CitationJs;
    require('@citation-js/plugin-bibtex');
    require('@citation-js/plugin-csl');
    /* eslint-enable @typescript-eslint/no-require-imports */
  }
  return loaded;
}
