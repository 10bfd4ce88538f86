// Citation search for completion: fuse.js ranking, made fast on big libraries by an index in front.
//
// Every query becomes one fuse.js logical query, `{ $and: words }`: each word must match (fuzzily,
// Bitap) in some field, and the score is fuse's product over all matching field values. A plain
// fuse.js search with SEARCH_OPTIONS and that query over all entries is the reference ranking, and
// this module returns exactly its top results, only faster:
// 1. Prefilter. A word of length m matches with at most k = floor(threshold * m) edits; cut into
//    k + 1 pieces, one piece then occurs unchanged in the matching field (pigeonhole). A hashed
//    trigram index over one lower-case string per entry gives the entries holding a piece.
// 2. Best-first evaluation. Fuse scores each entry on its own, so it can run on any subset. A lower
//    bound of each candidate's score is cheap (whole-field equality scores 0, an exact occurrence
//    0.001, anything else at least 1/m): fuse runs on candidates in bound order, in growing batches,
//    and stops once no remaining bound can reach the last of the top `limit` results.
// Ties: entries whose key starts with a one-word query come first (a user typing a key wants it).
import Fuse, { type Expression, type IFuseOptions } from 'fuse.js';
import type { LibraryEntry, Person } from '../types';

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

/** Below 0.2, words of up to 5 characters must match exactly and longer ones leave pieces of >= 3. */
const THRESHOLD = 0.19;

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
/** Each entry gets a 512-bit signature of the trigrams of its own fields (a one-hash Bloom filter). */
const SIGNATURE_WORDS = 16;
const FIRST_BATCH = 64;
const NON_ASCII = /[^\u0000-\u007f]/;
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

function personName(person: Person): string {
  return person.family ?? person.literal ?? person.given ?? '';
}

const notBlank = (text: string) => text.trim().length > 0;

/** The entry as fuse.js searches it. `shared` normalises values many entries repeat (year, container). */
export function toSearchDoc(entry: LibraryEntry, shared: (text: string) => string = normalize): SearchDoc {
  // Proceedings and edited books have editors only: their names are what a user remembers.
  const people = entry.authors.length > 0 ? entry.authors : entry.editors;
  return {
    key: normalize(entry.key),
    names: people.map((person) => normalize(personName(person))).filter(notBlank),
    title: normalize(entry.title ?? ''),
    year: shared(entry.year ?? ''),
    container: shared(entry.container ?? ''),
    keywords: entry.keywords.map(normalize).filter(notBlank),
  };
}

/** Fuse's order (score, then position in the library), after the key-prefix group. */
interface Ranked {
  index: number;
  score: number;
  /** 0 when the key starts with a one-word query, else 1. */
  group: number;
}

function compareRanked(a: Ranked, b: Ranked): number {
  return a.group - b.group || a.score - b.score || a.index - b.index;
}

/** Orders plain fuse.js results as CitationSearch does (key-prefix group first): the benchmark's baseline. */
export function rankResults(results: Array<{ refIndex: number; score?: number }>, docs: SearchDoc[], words: string[]): number[] {
  const prefix = words.length === 1 ? words[0] : undefined;
  return results
    .map((result) => ({
      index: result.refIndex,
      score: result.score ?? 1,
      group: prefix !== undefined && docs[result.refIndex].key.startsWith(prefix) ? 0 : 1,
    }))
    .sort(compareRanked)
    .map((ranked) => ranked.index);
}

/** k + 1 disjoint pieces of a word matched with up to k edits: one of them occurs in any match. */
export function pieces(word: string): string[] {
  const count = Math.floor(THRESHOLD * word.length + 1e-9) + 1;
  const size = Math.floor(word.length / count);
  const result: string[] = [];
  for (let i = 0; i < count; i++) result.push(word.slice(i * size, i === count - 1 ? word.length : (i + 1) * size));
  return result;
}

const TOTAL_WEIGHT = FIELDS.reduce((sum, [, weight]) => sum + weight, 0);
const WEIGHT = Object.fromEntries(FIELDS.map(([name, weight]) => [name, weight / TOTAL_WEIGHT])) as Record<keyof SearchDoc, number>;

/** Fuse's field-length norm: 1 / sqrt(whitespace-separated tokens), rounded to 3 decimals. */
function fieldNorm(text: string): number {
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

function trigramBit(text: string, at: number): number {
  const packed = (text.charCodeAt(at) << 16) ^ (text.charCodeAt(at + 1) << 8) ^ text.charCodeAt(at + 2);
  return Math.imul(packed, 0x9e3779b1) >>> 23;
}

/** The signature bits a piece needs, as [word of the signature, mask] pairs. */
function pieceMask(piece: string): Array<[number, number]> {
  const masks = new Map<number, number>();
  for (let at = 0; at + 3 <= piece.length; at++) {
    const bit = trigramBit(piece, at);
    masks.set(bit >>> 5, (masks.get(bit >>> 5) ?? 0) | (1 << (bit & 31)));
  }
  return [...masks];
}

/** The best score fuse could give `word` in `text` (0 for no possible match); `text` holds no piece otherwise. */
function bestScore(text: string, word: string, wordPieces: string[]): number {
  if (text === word) return Number.EPSILON;
  if (text.includes(word)) return 0.001;
  if (wordPieces.length > 1 && wordPieces.some((piece) => text.includes(piece))) return 1 / word.length;
  return 0;
}

/** A field many entries repeat (year, container): its distinct values, searched once per query. */
class SharedField {
  readonly texts: string[] = [];
  readonly exponents: number[] = [];
  readonly idOf: Int32Array;

  constructor(values: string[], weight: number) {
    const ids = new Map<string, number>();
    this.idOf = new Int32Array(values.length);
    values.forEach((text, entry) => {
      let id = ids.get(text);
      if (id === undefined) {
        id = this.texts.length;
        ids.set(text, id);
        this.texts.push(text);
        this.exponents.push(notBlank(text) ? weight * fieldNorm(text) : 0);
      }
      this.idOf[entry] = id;
    });
  }

  /** For each distinct value, the best factor fuse could give the word there, or 0 for no match. */
  factors(word: string, wordPieces: string[]): Float64Array {
    return Float64Array.from(this.texts, (text, id) => {
      const score = this.exponents[id] > 0 ? bestScore(text, word, wordPieces) : 0;
      return score > 0 ? Math.pow(score, this.exponents[id]) : 0;
    });
  }
}

interface QueryWord {
  word: string;
  pieces: string[];
  /** Signature masks of the pieces, or undefined when a piece is too short for trigrams. */
  masks?: Array<Array<[number, number]>>;
  containerFactors: Float64Array;
  yearFactors: Float64Array;
}

export class CitationSearch {
  private entries: LibraryEntry[] = [];
  private docs: SearchDoc[] = [];
  /** Field values of the entries other than year and container, flat: entry e owns [valueStart[e], valueStart[e + 1]). */
  private valueStart = new Int32Array(1);
  private valueTexts: string[] = [];
  private valueExponents = new Float64Array(0);
  private signatures = new Uint32Array(0);
  private containers = new SharedField([], 0);
  private years = new SharedField([], 0);

  constructor(entries: LibraryEntry[]) {
    this.rebuild(entries);
  }

  get size(): number {
    return this.entries.length;
  }

  /** The entries searched, in library order. */
  get entryList(): readonly LibraryEntry[] {
    return this.entries;
  }

  /** Replaces entries with the same keys, adds new ones, drops `removedKeys`, and rebuilds. */
  update(added: LibraryEntry[], removedKeys: Iterable<string> = []): void {
    const gone = new Set(removedKeys);
    for (const entry of added) gone.add(entry.key);
    this.rebuild([...this.entries.filter((entry) => !gone.has(entry.key)), ...added]);
  }

  private rebuild(entries: LibraryEntry[]): void {
    const sharedCache = new Map<string, string>();
    const shared = (text: string) => {
      let normalized = sharedCache.get(text);
      if (normalized === undefined) sharedCache.set(text, (normalized = normalize(text)));
      return normalized;
    };
    this.entries = entries;
    this.docs = entries.map((entry) => toSearchDoc(entry, shared));
    this.containers = new SharedField(this.docs.map((doc) => doc.container), WEIGHT.container);
    this.years = new SharedField(this.docs.map((doc) => doc.year), WEIGHT.year);
    this.valueStart = new Int32Array(entries.length + 1);
    this.valueTexts = [];
    const exponents: number[] = [];
    this.signatures = new Uint32Array(entries.length * SIGNATURE_WORDS);
    this.docs.forEach((doc, entry) => {
      const add = (text: string, weight: number) => {
        if (!notBlank(text)) return;
        this.valueTexts.push(text);
        exponents.push(weight * fieldNorm(text));
        const base = entry * SIGNATURE_WORDS;
        for (let at = 0; at + 3 <= text.length; at++) {
          const bit = trigramBit(text, at);
          this.signatures[base + (bit >>> 5)] |= 1 << (bit & 31);
        }
      };
      add(doc.key, WEIGHT.key);
      for (const name of doc.names) add(name, WEIGHT.names);
      add(doc.title, WEIGHT.title);
      for (const keyword of doc.keywords) add(keyword, WEIGHT.keywords);
      this.valueStart[entry + 1] = this.valueTexts.length;
    });
    this.valueExponents = Float64Array.from(exponents);
  }

  search(query: string, limit = 50): LibraryEntry[] {
    const words = queryWords(query);
    if (words.length === 0) return this.entries.slice(0, limit);
    return this.rankedIndices(words, limit).map((index) => this.entries[index]);
  }

  /** The search document fuse.js sees for the entry at `index`. */
  doc(index: number): SearchDoc {
    return this.docs[index];
  }

  /** Library positions of the top `limit` entries for the words, as plain fuse.js ranks them (see rankResults). */
  rankedIndices(words: string[], limit: number): number[] {
    const query = words.map((word): QueryWord => {
      const wordPieces = pieces(word);
      return {
        word,
        pieces: wordPieces,
        masks: wordPieces.every((piece) => piece.length >= 3) ? wordPieces.map(pieceMask) : undefined,
        containerFactors: this.containers.factors(word, wordPieces),
        yearFactors: this.years.factors(word, wordPieces),
      };
    });
    // Words with signatures first: they rule entries out cheapest.
    query.sort((a, b) => (a.masks ? 0 : 1) - (b.masks ? 0 : 1));
    const prefix = words.length === 1 ? words[0] : undefined;
    const prefixed: number[] = [];
    if (prefix !== undefined) {
      for (let entry = 0; entry < this.docs.length; entry++) if (this.docs[entry].key.startsWith(prefix)) prefixed.push(entry);
      // Key-prefix entries all match and rank first: with enough of them, the others cannot enter.
      const first = this.bestFirst(prefixed, query, limit, 0);
      if (first.length >= limit) return first;
    }
    const rest: number[] = [];
    for (let entry = 0; entry < this.docs.length; entry++) {
      if (prefix !== undefined && this.docs[entry].key.startsWith(prefix)) continue;
      if (query.every((word) => this.mayMatch(entry, word))) rest.push(entry);
    }
    return [...this.bestFirst(prefixed, query, limit, 0), ...this.bestFirst(rest, query, limit - prefixed.length, 1)].slice(0, limit);
  }

  /** False only when no field of the entry can match the word; true may still turn out no match. */
  private mayMatch(entry: number, word: QueryWord): boolean {
    if (word.containerFactors[this.containers.idOf[entry]] > 0 || word.yearFactors[this.years.idOf[entry]] > 0) return true;
    if (word.masks) {
      const base = entry * SIGNATURE_WORDS;
      const signatures = this.signatures;
      if (!word.masks.some((mask) => mask.every(([at, bits]) => (signatures[base + at] & bits) === bits))) return false;
    }
    for (let value = this.valueStart[entry]; value < this.valueStart[entry + 1]; value++) {
      if (word.pieces.some((piece) => this.valueTexts[value].includes(piece))) return true;
    }
    return false;
  }

  /** A lower bound of fuse's score for the entry: every field that may match scored as well as it could be. */
  private scoreBound(entry: number, query: QueryWord[]): number {
    let bound = 1;
    for (const { word, pieces: wordPieces, containerFactors, yearFactors } of query) {
      bound *= (containerFactors[this.containers.idOf[entry]] || 1) * (yearFactors[this.years.idOf[entry]] || 1);
      for (let value = this.valueStart[entry]; value < this.valueStart[entry + 1]; value++) {
        const score = bestScore(this.valueTexts[value], word, wordPieces);
        if (score > 0) bound *= Math.pow(score, this.valueExponents[value]);
      }
    }
    return bound;
  }

  /** Runs fuse.js on the entries, best bound first, until the others cannot enter the top `limit`. */
  private bestFirst(entries: number[], query: QueryWord[], limit: number, group: number): number[] {
    if (limit <= 0) return [];
    const bounds = Float64Array.from(entries, (entry) => this.scoreBound(entry, query));
    const sortedBounds = bounds.slice().sort();
    const expression: Expression = { $and: query.map(({ word }) => word) };
    const found: Ranked[] = [];
    let evaluated = 0;
    let batch = Math.max(FIRST_BATCH, limit * 2);
    while (evaluated < entries.length) {
      const from = evaluated === 0 ? -Infinity : sortedBounds[evaluated - 1];
      const upTo = sortedBounds[Math.min(evaluated + batch, entries.length) - 1];
      const slice = entries.filter((_entry, i) => bounds[i] > from && bounds[i] <= upTo);
      evaluated += slice.length;
      batch *= 2;
      const fuse = new Fuse(slice.map((entry) => this.docs[entry]), SEARCH_OPTIONS);
      for (const result of fuse.search(expression)) found.push({ index: slice[result.refIndex], group, score: result.score ?? 1 });
      if (found.length >= limit && evaluated < entries.length) {
        found.sort(compareRanked);
        found.length = limit;
        // Every entry left scores at least its bound: stop when even the best of them ranks below the last kept.
        if (sortedBounds[evaluated] > found[limit - 1].score * (1 + 1e-9)) break;
      }
    }
    return found
      .sort(compareRanked)
      .slice(0, limit)
      .map((ranked) => ranked.index);
  }
}

/** Optimal-string-alignment distance (a swap counts 1), or `max + 1` as soon as it must exceed `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2] + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length], max + 1);
}

/**
 * Keys of the library close to an unknown key, best first, for "did you mean". Close means a small
 * edit distance (typos, swapped letters), or the author and year read from the key (`smith2010`:
 * an entry by Smith from 2010, whatever its key looks like).
 */
export function similarKeys(key: string, library: LibraryEntry[] | CitationSearch, limit = 5): string[] {
  const search = library instanceof CitationSearch ? library : undefined;
  const entries = search ? search.entryList : (library as LibraryEntry[]);
  const wanted = normalize(key);
  const maxDistance = Math.max(1, Math.min(3, Math.floor(wanted.length / 4)));
  const name = /^\p{L}+/u.exec(wanted)?.[0];
  const year = /(1[5-9]|20)\d\d/.exec(wanted)?.[0];
  const scored: Array<{ key: string; score: number; index: number }> = [];
  entries.forEach((entry, index) => {
    const candidate = search ? search.doc(index).key : normalize(entry.key);
    if (candidate === wanted && entry.key === key) return;
    const distance = editDistance(wanted, candidate, maxDistance);
    const first = entry.authors[0] ?? entry.editors[0];
    const sameAuthor = name !== undefined && name.length >= 3 && first !== undefined && normalize(personName(first)) === name;
    const sameYear = year !== undefined && entry.year === year;
    // A typo-close key first; then an entry by the same author in the same year; then the same author, a year off.
    let score: number;
    if (distance <= maxDistance) score = distance - (sameAuthor ? 0.5 : 0) - (sameYear ? 0.25 : 0);
    else if (sameAuthor && sameYear) score = maxDistance + 1;
    else if (sameAuthor && year !== undefined && entry.year !== undefined && Math.abs(Number(entry.year) - Number(year)) === 1) score = maxDistance + 2;
    else return;
    scored.push({ key: entry.key, score, index });
  });
  scored.sort((a, b) => a.score - b.score || a.index - b.index);
  return [...new Set(scored.map((item) => item.key))].slice(0, limit);
}
