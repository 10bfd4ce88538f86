// BibTeX / BibLaTeX reader, in parts (bibtex/):
// - text.ts: characters, blanks, names and lines of the text read (decoded, or a UTF-8 file's bytes
//   one character each, see decode.ts);
// - values.ts: field values (braces, quotes, `@string` macros, `#`) and the errors an entry stops with;
// - scanner.ts: the items (entries, `@string`, `@preamble`, `@comment`) and the segments an edit reads again;
// - library.ts: a whole read: duplicates, crossref/xdata (inherit.ts), decoded search fields (searchFields.ts);
// - reparse.ts: an edit read again in part.
// Name lists are read by names.ts, LaTeX decoded by latex.ts.
export { parseBibtex } from './bibtex/library';
export { reparseBibtexEdit } from './bibtex/reparse';
