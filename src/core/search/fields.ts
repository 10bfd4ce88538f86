// The fields fuse.js searches, their weights and options, and the text normalisation both the index
// and the query go through.
import type { IFuseOptions } from 'fuse.js';

/** One entry as fuse.js sees it: every field already lower-case and without accents. */
export interface SearchDoc {
  key: string;
  names: string[];
  title: string;
  year: string;
  container: string;
  keywords: string[];
}

const FIELDS: Array<[keyof SearchDoc, number]> = [
  ['key', 3],
  ['names', 2],
  ['title', 2],
  ['year', 1],
  ['container', 0.5],
  ['keywords', 1],
];

/** Up to 6 characters a word must match exactly, up to 13 with one edit, up to 19 with two. */
export const THRESHOLD = 0.15;

/** The fuse.js options of the search; the benchmark uses them for its plain fuse.js baseline. */
export const SEARCH_OPTIONS: IFuseOptions<SearchDoc> = {
  keys: FIELDS.map(([name, weight]) => ({ name, weight })),
  threshold: THRESHOLD,
  ignoreLocation: true,
  // Text is normalised once, when the index is built (see normalize), not on every comparison.
  isCaseSensitive: true,
  includeScore: true,
};

/** Bitap compares at most 32 characters; longer words are cut so that both sides agree. */
const MAX_WORD = 32;
export const NON_ASCII = /[^\u0000-\u007f]/;
const SPECIAL_LETTERS: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i' };

/** Lower case, accents removed ("Müller" -> "muller"), as the index and the query both see it. */
export function normalize(text: string): string {
  const lower = text.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  return lower
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[łøđßæœı]/g, (ch) => SPECIAL_LETTERS[ch] ?? ch);
}

/** The words of a query as sent to fuse.js, in `{ $and: words }`. */
export function queryWords(query: string): string[] {
  return normalize(query)
    .replace(/[\u0000-\u001f]/g, ' ')
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .map((word) => word.slice(0, MAX_WORD));
}

export const notBlank = (text: string) => text.trim().length > 0;

/** The fields of an entry's own text, in order; year and container are shared fields. */
export const OWN_FIELDS: Array<keyof SearchDoc> = ['key', 'names', 'title', 'keywords'];

const TOTAL_WEIGHT = FIELDS.reduce((sum, [, weight]) => sum + weight, 0);
/** Each field's weight as fuse.js uses it: normalised to sum 1. */
export const WEIGHT = Object.fromEntries(FIELDS.map(([name, weight]) => [name, weight / TOTAL_WEIGHT])) as Record<keyof SearchDoc, number>;

/** Fuse's field-length norm: 1 / sqrt(whitespace-separated tokens), rounded to 3 decimals. */
export function fieldNorm(text: string): number {
  let tokens = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const separator = (code >= 9 && code <= 13) || code === 32 || code === 160;
    if (!separator && !inWord) tokens++;
    inWord = !separator;
  }
  return Math.round(1000 / Math.sqrt(Math.max(tokens, 1))) / 1000;
}
