// How a citation key is written in a draft, and the citation text the "Insert citation" command adds.

export type CitationFormat = 'pandoc' | 'narrative' | 'latex';

const KEY_CHAR = String.raw`[\p{L}\p{N}_]`;
/**
 * A key Pandoc reads after a bare `@`: it starts with a letter, digit or `_`, and punctuation
 * (`:.#$%&-+?<>~/`) counts only inside it, before another key character (or `:`/`/` before `/`, as in
 * URLs). Any other key must be written `@{key}`.
 */
export const SIMPLE_KEY_SOURCE = String.raw`${KEY_CHAR}(?:${KEY_CHAR}|[:.#$%&\-+?<>~/](?=${KEY_CHAR})|[:/](?=/))*`;
const SIMPLE_KEY = new RegExp(`^${SIMPLE_KEY_SOURCE}$`, 'u');

export function needsBraces(key: string): boolean {
  return !SIMPLE_KEY.test(key);
}

/** `@key`, or `@{key}` when Pandoc would not read the key bare. */
export function citeKey(key: string): string {
  return needsBraces(key) ? `@{${key}}` : `@${key}`;
}

/** `[@a; @b]`, `@a; @b` or `\cite{a,b}`. */
export function citationText(keys: string[], format: CitationFormat): string {
  if (keys.length === 0) throw new Error('No citation key to insert.');
  switch (format) {
    case 'pandoc':
      return `[${keys.map(citeKey).join('; ')}]`;
    case 'narrative':
      return keys.map(citeKey).join('; ');
    case 'latex':
      return `\\cite{${keys.join(',')}}`;
    default:
      throw new Error(`Unknown citation format '${format as string}': use pandoc, narrative or latex.`);
  }
}
