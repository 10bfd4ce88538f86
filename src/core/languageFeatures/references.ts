// Where drafts cite a key: bracketed and narrative citations (outside code, math and comments)
// and the `nocite:` field of the front matter.
import { parsePandocCitations, type PandocCitation } from '../citations/pandoc';
import { ignoredSpans, markdownBlocks, type Span } from '../markdown/regions';
import { SIMPLE_KEY_SOURCE } from './insertCitation';

/** A key range, without the `@` (and without the braces of `@{key}`), in a draft. */
export interface KeyOccurrence {
  path: string;
  start: number;
  end: number;
}

export interface CitedKey {
  key: string;
  start: number;
  end: number;
  /** Written `@{key}`. */
  braced: boolean;
}

/** A draft's text; a parsed Draft also brings its cited keys, computed once. */
export interface DraftText {
  path: string;
  text: string;
  citedKeys?: CitedKey[];
}

export function findKeyOccurrences(drafts: DraftText[], key: string): KeyOccurrence[] {
  return drafts.flatMap((draft) =>
    (draft.citedKeys ?? citedKeys(draft.text))
      .filter((cited) => cited.key === key)
      .map((cited) => ({ path: draft.path, start: cited.start, end: cited.end })),
  );
}

/** Every cited key of a draft, in text order (from its ignored spans and citations, when the caller has them: a Draft). */
export function citedKeys(text: string, ignored?: Span[], citations?: PandocCitation[]): CitedKey[] {
  if (!ignored || !citations) {
    const blocks = markdownBlocks(text);
    ignored ??= ignoredSpans(text, blocks);
    citations ??= parsePandocCitations(text, ignored, blocks.breaks);
  }
  return [...nocitedKeys(text, ignored), ...keysOf(text, citations)];
}

/** The keys of `citations`, in their order. */
export function keysOf(text: string, citations: PandocCitation[]): CitedKey[] {
  return citations.flatMap((citation) =>
    citation.items.map((item) => ({ key: item.key, start: item.keyStart, end: item.keyEnd, braced: text[item.keyStart - 1] === '{' })),
  );
}

const NOCITE_FIELD = /^nocite[ \t]*:.*(?:\r?\n[ \t]+.*)*/m;
const NOCITE_KEY = new RegExp(String.raw`(?<![\p{L}\p{N}_\\])@(?:\{([^{}\s]+)\}|(${SIMPLE_KEY_SOURCE}))`, 'gu');

/** Keys in `nocite:` of the YAML front matter (Pandoc reads its value as citations). */
export function nocitedKeys(text: string, ignored: Span[]): CitedKey[] {
  // ignoredSpans puts the YAML front matter, when there is one, first.
  const frontMatter = /^---[ \t]*\r?\n/.test(text) && ignored[0]?.start === 0 ? text.slice(0, ignored[0].end) : '';
  const field = NOCITE_FIELD.exec(frontMatter);
  if (!field) return [];
  return [...field[0].matchAll(NOCITE_KEY)].map((match) => {
    const braced = match[1] !== undefined;
    const start = field.index + match.index + (braced ? 2 : 1);
    const key = match[1] ?? match[2];
    return { key, start, end: start + key.length, braced };
  });
}
