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

const notBlank = (text: string) => text.trim().length > 0;

function personName(person: Person): string {
  return person.family ?? person.literal ?? person.given ?? '';
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

/** What the search needs to know of one query word. */
interface QueryWord {
  word: string;
  pieces: string[];
  /** Signature bits of each piece, as (signature word, mask) pairs: piece p uses pairs [maskEnd[p - 1], maskEnd[p]). */
  maskAt: Int32Array;
  maskBits: Int32Array;
  maskEnd: Int32Array;
  /** False when a piece is under 3 characters: the signature then cannot rule the word out. */
  indexed: boolean;
  /** Trigrams of the word, and how many of them any fuzzy match keeps (an edit breaks at most 3). */
  trigrams: string[];
  keptTrigrams: number;
  containerFactors: Float64Array;
  yearFactors: Float64Array;
}

/** Whether a fuzzy match (1 to k edits) is possible in `text`: a piece and enough trigrams occur. */
function fuzzyPossible(text: string, query: QueryWord): boolean {
  if (query.pieces.length === 1) return false;
  let hasPiece = false;
  for (const piece of query.pieces) if (text.includes(piece)) hasPiece = true;
  if (!hasPiece) return false;
  let kept = 0;
  for (const trigram of query.trigrams) if (text.includes(trigram)) kept++;
  return kept >= query.keptTrigrams;
}

/** The best score fuse could give the word in `text`, or 0 when it cannot match there. */
function bestScore(text: string, query: QueryWord): number {
  if (text === query.word) return Number.EPSILON;
  if (text.includes(query.word)) return 0.001;
  return fuzzyPossible(text, query) ? 1 / query.word.length : 0;
}

/** True unless the signature proves that no piece of the word occurs in the entry's own fields. */
function signatureMayHold(signatures: Uint32Array, base: number, query: QueryWord): boolean {
  if (!query.indexed) return true;
  let pair = 0;
  for (let piece = 0; piece < query.maskEnd.length; piece++) {
    let holds = true;
    for (; pair < query.maskEnd[piece]; pair++) if ((signatures[base + query.maskAt[pair]] & query.maskBits[pair]) !== query.maskBits[pair]) holds = false;
    if (holds) return true;
  }
  return false;
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
  factors(query: QueryWord): Float64Array {
    return Float64Array.from(this.texts, (text, id) => {
      const score = this.exponents[id] > 0 ? bestScore(text, query) : 0;
      return score > 0 ? Math.pow(score, this.exponents[id]) : 0;
    });
  }
}

/** The fields of an entry's own text, in order; year and container are shared fields. */
const OWN_FIELDS: Array<keyof SearchDoc> = ['key', 'names', 'title', 'keywords'];
const SEGMENT_SEPARATOR = '\u0001';

export class CitationSearch {
  private entries: LibraryEntry[] = [];
  /** Per entry: its key, and its own field values joined by a control character no query word holds. */
  private keys: string[] = [];
  private ownTexts: string[] = [];
  /** The field values (segments) of all own texts, flat: entry e has segments [entrySegments[e], entrySegments[e + 1]). */
  private entrySegments = new Int32Array(1);
  private segmentStart = new Int32Array(0);
  private segmentEnd = new Int32Array(0);
  private segmentField = new Uint8Array(0);
  /** Fuse's exponent for the segment's score: normalised key weight times field-length norm. */
  private segmentExponent = new Float64Array(0);
  private signatures = new Uint32Array(0);
  private containers = new SharedField([], 0);
  private years = new SharedField([], 0);
  /** Built when fuse.js first needs the entry. */
  private docs: Array<SearchDoc | undefined> = [];

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
    this.entries = entries;
    this.containers = new SharedField(entries.map((entry) => entry.container ?? ''), WEIGHT.container);
    this.years = new SharedField(entries.map((entry) => entry.year ?? ''), WEIGHT.year);
    this.signatures = new Uint32Array(entries.length * SIGNATURE_WORDS);
    this.entrySegments = new Int32Array(entries.length + 1);
    this.docs = new Array(entries.length);
    const starts: number[] = [];
    const ends: number[] = [];
    const fields: number[] = [];
    const exponents: number[] = [];
    const fieldWeights = OWN_FIELDS.map((name) => WEIGHT[name]);
    this.ownTexts = entries.map((entry, index) => {
      // Proceedings and edited books have editors only: their names are what a user remembers.
      const people = entry.authors.length > 0 ? entry.authors : entry.editors;
      const parts = [entry.key, ...people.map(personName), entry.title ?? '', ...entry.keywords];
      const partFields = [0, ...people.map(() => 1), 2, ...entry.keywords.map(() => 3)];
      const own = normalize(parts.join(SEGMENT_SEPARATOR));
      const base = index * SIGNATURE_WORDS;
      let start = 0;
      partFields.forEach((field) => {
        let end = own.indexOf(SEGMENT_SEPARATOR, start);
        if (end < 0) end = own.length;
        let tokens = 0;
        let inWord = false;
        for (let at = start; at < end; at++) {
          const code = own.charCodeAt(at);
          const separator = (code >= 9 && code <= 13) || code === 32 || code === 160;
          if (!separator && !inWord) tokens++;
          inWord = !separator;
          if (at + 3 <= end) {
            const bit = trigramBit(own, at);
            this.signatures[base + (bit >>> 5)] |= 1 << (bit & 31);
          }
        }
        // Fuse skips blank values; so do the bounds.
        if (tokens > 0 && notBlank(own.slice(start, end))) {
          starts.push(start);
          ends.push(end);
          fields.push(field);
          exponents.push(fieldWeights[field] * (Math.round(1000 / Math.sqrt(tokens)) / 1000));
        }
        start = end + 1;
      });
      this.entrySegments[index + 1] = starts.length;
      return own;
    });
    this.keys = this.ownTexts.map((own) => own.slice(0, own.indexOf(SEGMENT_SEPARATOR)));
    this.segmentStart = Int32Array.from(starts);
    this.segmentEnd = Int32Array.from(ends);
    this.segmentField = Uint8Array.from(fields);
    this.segmentExponent = Float64Array.from(exponents);
  }

  search(query: string, limit = 50): LibraryEntry[] {
    const words = queryWords(query);
    if (words.length === 0) return this.entries.slice(0, limit);
    return this.rankedIndices(words, limit).map((index) => this.entries[index]);
  }

  /** The document fuse.js searches for the entry at `index`, fields normalised as the query is. */
  doc(index: number): SearchDoc {
    let doc = this.docs[index];
    if (!doc) {
      const own = this.ownTexts[index];
      const values: string[][] = OWN_FIELDS.map(() => []);
      for (let segment = this.entrySegments[index]; segment < this.entrySegments[index + 1]; segment++) {
        values[this.segmentField[segment]].push(own.slice(this.segmentStart[segment], this.segmentEnd[segment]));
      }
      doc = this.docs[index] = {
        key: values[0][0] ?? '',
        names: values[1],
        title: values[2][0] ?? '',
        keywords: values[3],
        year: this.years.texts[this.years.idOf[index]],
        container: this.containers.texts[this.containers.idOf[index]],
      };
    }
    return doc;
  }

  /** Library positions of the top `limit` entries for the words, as plain fuse.js ranks them (see rankResults). */
  rankedIndices(words: string[], limit: number): number[] {
    const query = words.map((word) => this.queryWord(word));
    // Words with signatures first: they rule entries out cheapest.
    query.sort((a, b) => (a.indexed ? 0 : 1) - (b.indexed ? 0 : 1));
    const prefix = words.length === 1 ? words[0] : undefined;
    let first: number[] = [];
    if (prefix !== undefined) {
      const prefixed: number[] = [];
      for (let entry = 0; entry < this.keys.length; entry++) if (this.keys[entry].startsWith(prefix)) prefixed.push(entry);
      // Key-prefix entries all match and rank first: with enough of them, no other entry can enter.
      first = this.bestFirst(prefixed, Float64Array.from(prefixed, (entry) => this.scoreBound(entry, query)), query, limit, 0);
      if (first.length >= limit) return first;
    }
    const rest: number[] = [];
    const bounds: number[] = [];
    for (let entry = 0; entry < this.keys.length; entry++) {
      if (prefix !== undefined && this.keys[entry].startsWith(prefix)) continue;
      const bound = this.scoreBound(entry, query);
      if (bound > 0) {
        rest.push(entry);
        bounds.push(bound);
      }
    }
    return [...first, ...this.bestFirst(rest, Float64Array.from(bounds), query, limit - first.length, 1)];
  }

  private queryWord(word: string): QueryWord {
    const wordPieces = pieces(word);
    const trigrams: string[] = [];
    for (let at = 0; at + 3 <= word.length; at++) trigrams.push(word.slice(at, at + 3));
    const maskAt: number[] = [];
    const maskBits: number[] = [];
    const maskEnd: number[] = [];
    for (const piece of wordPieces) {
      const masks = new Map<number, number>();
      for (let at = 0; at + 3 <= piece.length; at++) {
        const bit = trigramBit(piece, at);
        masks.set(bit >>> 5, (masks.get(bit >>> 5) ?? 0) | (1 << (bit & 31)));
      }
      for (const [signatureWord, bits] of masks) {
        maskAt.push(signatureWord);
        maskBits.push(bits);
      }
      maskEnd.push(maskAt.length);
    }
    const query: QueryWord = {
      word,
      pieces: wordPieces,
      maskAt: Int32Array.from(maskAt),
      maskBits: Int32Array.from(maskBits),
      maskEnd: Int32Array.from(maskEnd),
      indexed: wordPieces.every((piece) => piece.length >= 3),
      trigrams,
      keptTrigrams: trigrams.length - 3 * (wordPieces.length - 1),
      containerFactors: new Float64Array(0),
      yearFactors: new Float64Array(0),
    };
    query.containerFactors = this.containers.factors(query);
    query.yearFactors = this.years.factors(query);
    return query;
  }

  /**
   * A lower bound of fuse's score for the entry, every field that may match scored as well as it
   * could be; 0 when some word cannot match anywhere (fuse would not return the entry).
   */
  private scoreBound(entry: number, query: QueryWord[]): number {
    let bound = 1;
    const own = this.ownTexts[entry];
    const first = this.entrySegments[entry];
    const last = this.entrySegments[entry + 1];
    for (const word of query) {
      const inContainer = word.containerFactors[this.containers.idOf[entry]];
      const inYear = word.yearFactors[this.years.idOf[entry]];
      let possible = inContainer > 0 || inYear > 0;
      bound *= (inContainer || 1) * (inYear || 1);
      if (!signatureMayHold(this.signatures, entry * SIGNATURE_WORDS, word)) {
        if (!possible) return 0;
        continue;
      }
      // Exact occurrences, one per segment at most (a word never spans the separator).
      const length = word.word.length;
      let segment = first;
      for (let at = own.indexOf(word.word); at >= 0; ) {
        while (segment < last && this.segmentEnd[segment] < at + length) segment++;
        if (segment >= last) break;
        if (this.segmentStart[segment] > at) {
          at = own.indexOf(word.word, at + 1); // in a blank value fuse skips
          continue;
        }
        const equal = at === this.segmentStart[segment] && at + length === this.segmentEnd[segment];
        bound *= Math.pow(equal ? Number.EPSILON : 0.001, this.segmentExponent[segment]);
        possible = true;
        at = own.indexOf(word.word, this.segmentEnd[segment]);
        segment++;
      }
      // Fuzzy matches: only where a piece and enough trigrams occur, checked on the whole text first.
      if (word.pieces.length > 1 && fuzzyPossible(own, word)) {
        for (segment = first; segment < last; segment++) {
          const text = own.slice(this.segmentStart[segment], this.segmentEnd[segment]);
          if (!text.includes(word.word) && fuzzyPossible(text, word)) {
            bound *= Math.pow(1 / length, this.segmentExponent[segment]);
            possible = true;
          }
        }
      }
      if (!possible) return 0;
    }
    return bound;
  }

  /** Runs fuse.js on the entries, best bound first, until the others cannot enter the top `limit`. */
  private bestFirst(entries: number[], bounds: Float64Array, query: QueryWord[], limit: number, group: number): number[] {
    if (limit <= 0) return [];
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
      const fuse = new Fuse(slice.map((entry) => this.doc(entry)), SEARCH_OPTIONS);
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
