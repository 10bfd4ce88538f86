// Citation search for completion: fuse.js ranking, made fast on big libraries by an index in front.
//
// Every query becomes one fuse.js logical query, `{ $and: words }`: each word must match (fuzzily,
// Bitap) in some field, and the score is fuse's product over all matching field values. A plain
// fuse.js search with SEARCH_OPTIONS and that query over all entries is the reference ranking, and
// this module returns exactly its top results, only faster. Fuse scores each entry on its own, so
// it gives the same scores on any subset; the work is to find a small subset that surely holds the
// top results:
// 1. A word of length m matches with at most k = floor(threshold * m) edits. Cut into k + 1 pieces,
//    one piece then occurs unchanged in the matching value (pigeonhole), and each edit breaks at
//    most 3 of the word's trigrams (q-gram lemma). Per entry, a small trigram signature for each
//    field group (key, names, title) tells cheaply where a word cannot match; the same signatures,
//    bit-sliced, give in one sweep the entries where some piece may occur, and only those are read.
// 2. Scores are bounded from below: an exact occurrence scores 0.001 (0 when it is the whole value),
//    a fuzzy one at least edits / m (the true fewest edits, by Myers' bit-parallel algorithm; fuse's
//    Bitap never finds fewer), each raised to the value's weight and length norm as fuse does.
//    A coarse bound comes from the signatures (and the key's text), a fine one from all the text.
//    Entries are refined in coarse order and run through fuse.js in fine order, in growing batches,
//    until no bound left can reach the last of the top `limit`.
// Ties: entries whose key starts with a one-word query come first (a user typing a key wants it).
import Fuse, { type Expression, type IFuseOptions } from 'fuse.js';
import { runInSlices, runToEnd } from '../steps';
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

/** Up to 6 characters a word must match exactly, up to 13 with one edit, up to 19 with two. */
const THRESHOLD = 0.15;

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
/** Each entry gets 512 bits of trigram signature over its own fields (one-hash Bloom filters). */
const SIGNATURE_BITS = 512;
/**
 * The signature is split by field group, so that a word found in, say, the title bounds only the
 * title's share of the score: key (128 bits), names (128 bits), title and keywords (256 bits).
 */
const GROUP_START = [0, 128, 256];
const GROUP_SHIFT = [32 - 7, 32 - 7, 32 - 8];
const GROUPS = GROUP_START.length;
const KEY_GROUP = 0;
/** The group of each own field, in OWN_FIELDS order (key, names, title, keywords). */
const GROUP_OF_FIELD = [0, 1, 2, 2];
const FIRST_BATCH = 64;
/** Bounds are kept as logarithms (sums instead of powers); +Infinity means "cannot match". */
const LOG_EPSILON = Math.log(Number.EPSILON);
const LOG_EXACT = Math.log(0.001);
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
function pieces(word: string): string[] {
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

/** The signature bit (0 to SIGNATURE_BITS - 1) of the trigram at `at` for a field group. */
function trigramBit(text: string, at: number, group: number): number {
  const packed = (text.charCodeAt(at) << 16) ^ (text.charCodeAt(at + 1) << 8) ^ text.charCodeAt(at + 2);
  return GROUP_START[group] + (Math.imul(packed, 0x9e3779b1) >>> GROUP_SHIFT[group]);
}

/** What the search needs to know of one query word. */
interface QueryWord {
  word: string;
  pieces: string[];
  /** Per field group, the signature bits of each piece's trigrams: piece p has [pieceEnd[group][p - 1], pieceEnd[group][p]). */
  pieceBits: Int32Array[];
  pieceEnd: Int32Array[];
  /** Trigrams of the word, and how many of them any fuzzy match keeps (an edit breaks at most 3). */
  trigrams: string[];
  keptTrigrams: number;
  /** Per field group, the signature bit of each trigram. */
  trigramBits: Int32Array[];
  /** Per field group, bitmaps of the entries whose signature may hold a piece of the word, and all its trigrams. */
  mayHoldPiece: Uint32Array[];
  mayHoldAll: Uint32Array[];
  /** The entries the word may match anywhere (see `mayMatch`); undefined for a word without trigrams, which rules none out. */
  mayMatch?: Uint32Array;
  /** Whether a piece is a single trigram: the signatures let one entry in five through for it wrongly. */
  hasTrigramPiece: boolean;
  /** Per character, the word's positions that hold it as bits (for substringDistance). */
  asciiMasks: Int32Array;
  otherMasks: Map<number, number>;
  containerFactors: Float64Array;
  yearFactors: Float64Array;
}

/**
 * The fewest edits (insertions, deletions, substitutions) that turn the word into some substring of
 * text[start, end), by Myers' bit-parallel algorithm. Fuse's Bitap counts at least as many: each of
 * its steps is one such edit.
 */
function substringDistance(query: QueryWord, text: string, start: number, end: number): number {
  const high = 1 << (query.word.length - 1);
  // Bit i of `positive` / `negative`: the distance for the word's first i + 1 characters rose / fell from the row above.
  let positive = -1;
  let negative = 0;
  let distance = query.word.length;
  let best = distance;
  for (let at = start; at < end; at++) {
    const code = text.charCodeAt(at);
    const equal = code < 128 ? query.asciiMasks[code] : (query.otherMasks.get(code) ?? 0);
    const vertical = equal | negative;
    const horizontal = (((equal & positive) + positive) ^ positive) | equal;
    let risesRight = negative | ~(horizontal | positive);
    let fallsRight = positive & horizontal;
    if (risesRight & high) distance++;
    else if (fallsRight & high) distance--;
    if (distance < best) best = distance;
    // A substring may start anywhere: the top row stays 0, so nothing is shifted in.
    risesRight <<= 1;
    fallsRight <<= 1;
    positive = fallsRight | ~(vertical | risesRight);
    negative = risesRight & vertical;
  }
  return best;
}

/**
 * A lower bound of fuse's score for the word in text[start, end): edits / length, 0 for an exact
 * occurrence, +Infinity when more edits are needed than the threshold allows (one less than the pieces).
 */
function fuzzyScoreBound(query: QueryWord, text: string, start: number, end: number): number {
  const edits = substringDistance(query, text, start, end);
  return edits < query.pieces.length ? edits / query.word.length : Infinity;
}

function bitCount(bitmap: Uint32Array): number {
  let count = 0;
  for (let value of bitmap) {
    value -= (value >>> 1) & 0x55555555;
    value = (value & 0x33333333) + ((value >>> 2) & 0x33333333);
    count += (Math.imul((value + (value >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
  }
  return count;
}

/** The positions of a bitmap's set bits, in order. */
function setBits(bitmap: Uint32Array): Int32Array {
  const positions = new Int32Array(bitCount(bitmap));
  let count = 0;
  bitmap.forEach((value, chunk) => {
    for (; value !== 0; value &= value - 1) positions[count++] = chunk * 32 + 31 - Math.clz32(value & -value);
  });
  return positions;
}

/** Returned by groupMatch when a field group may hold the word exactly. */
const EXACT = -1;

/** Whether the text holds one of the word's pieces, as any match of the word does. */
function holdsPiece(text: string, query: QueryWord): boolean {
  for (const piece of query.pieces) if (text.includes(piece)) return true;
  return false;
}

/** What a key holds of a word, as groupMatch tells it: EXACT, the fewest edits, or 0. */
function keyMatch(key: string, word: QueryWord): number {
  if (key.includes(word.word)) return EXACT;
  const edits = word.pieces.length > 1 ? substringDistance(word, key, 0, key.length) : Infinity;
  return edits < word.pieces.length ? edits : 0;
}

/** A field many entries repeat (year, container): its distinct values, normalised and searched once per query. */
class SharedField {
  texts: string[] = [];
  exponents: number[] = [];
  idOf: Int32Array;

  static fromSnapshot(snapshot: SharedFieldSnapshot): SharedField {
    const field = new SharedField([], 0);
    field.texts = snapshot.texts;
    field.exponents = Array.from(snapshot.exponents);
    field.idOf = snapshot.idOf;
    return field;
  }

  snapshot(): SharedFieldSnapshot {
    return { texts: this.texts, exponents: Float64Array.from(this.exponents), idOf: this.idOf };
  }

  constructor(values: string[], weight: number) {
    const ids = new Map<string, number>();
    this.idOf = new Int32Array(values.length);
    values.forEach((text, entry) => {
      let id = ids.get(text);
      if (id === undefined) {
        id = this.texts.length;
        ids.set(text, id);
        const normalized = normalize(text);
        this.texts.push(normalized);
        this.exponents.push(notBlank(normalized) ? weight * fieldNorm(normalized) : 0);
      }
      this.idOf[entry] = id;
    });
  }

  /** For each distinct value, the log of the factor fuse gives the word's match there (exponent times log score), or +Infinity. */
  factors(query: QueryWord): Float64Array {
    return Float64Array.from(this.texts, (text, id) => {
      if (this.exponents[id] === 0) return Infinity;
      let score: number;
      if (text === query.word) score = Number.EPSILON;
      else if (text.includes(query.word)) score = 0.001;
      else if (query.pieces.length > 1 && holdsPiece(text, query)) {
        // A fuzzy match keeps a piece whole: the native search rules most values out cheaply.
        score = fuzzyScoreBound(query, text, 0, text.length);
        if (score === Infinity) return Infinity;
      } else return Infinity;
      return this.exponents[id] * Math.log(score);
    });
  }
}

export interface SharedFieldSnapshot {
  texts: string[];
  exponents: Float64Array;
  idOf: Int32Array;
}

/** A CitationSearch as plain data (see `CitationSearch.snapshot`): typed arrays and texts, cheap to send and to store. */
export interface SearchSnapshot {
  count: number;
  chunks: number;
  /** Entry i's own text (see CitationSearch.ownTexts). */
  own: (index: number) => string;
  keyText: string;
  containers: SharedFieldSnapshot;
  years: SharedFieldSnapshot;
  arrays: {
    keyStarts: Int32Array;
    entrySegments: Int32Array;
    segmentStart: Int32Array;
    segmentEnd: Int32Array;
    segmentField: Uint8Array;
    segmentExponent: Float64Array;
    groupExponent: Float64Array;
    groupLengths: Int32Array;
    groupSpan: Int32Array;
    slices: Uint32Array;
  };
}

/** The fields of an entry's own text, in order; year and container are shared fields. */
const OWN_FIELDS: Array<keyof SearchDoc> = ['key', 'names', 'title', 'keywords'];
const SEGMENT_SEPARATOR = '\u0001';
const KEY_SEPARATOR = '\n';


export class CitationSearch {
  private entries: LibraryEntry[] = [];
  /**
   * Per entry: its key, and its own field values joined by a control character no query word holds;
   * when the index was restored from a snapshot, made on first use (from `keyText` and `ownOf`).
   */
  private keys: Array<string | undefined> = [];
  private ownTexts: Array<string | undefined> = [];
  private ownOf?: (index: number) => string;
  /** All keys, each after a line break, and where each starts there: prefix searches read it at once. */
  private keyText = '';
  private keyStarts: Int32Array = new Int32Array(0);
  /** The field values (segments) of all own texts, flat: entry e has segments [entrySegments[e], entrySegments[e + 1]). */
  private entrySegments: Int32Array = new Int32Array(1);
  private segmentStart: Int32Array = new Int32Array(0);
  private segmentEnd: Int32Array = new Int32Array(0);
  private segmentField: Uint8Array = new Uint8Array(0);
  /** Fuse's exponent for the segment's score: normalised key weight times field-length norm. */
  private segmentExponent: Float64Array = new Float64Array(0);
  /** Per entry and field group: the sum of its segments' exponents, and a bit for each segment length up to 32. */
  private groupExponent: Float64Array = new Float64Array(0);
  private groupLengths: Int32Array = new Int32Array(0);
  /** Per entry and field group, where its values start and end in the own text (a group is contiguous). */
  private groupSpan: Int32Array = new Int32Array(0);
  /**
   * The signatures, bit-sliced: bit b of every entry's signature, 32 entries a number, at
   * [b * chunks, (b + 1) * chunks), so that one sweep tests a bit for all entries.
   */
  private slices: Uint32Array = new Uint32Array(0);
  private chunks = 0;
  /** Scratch for scoreBound: groupMatch of each field group. */
  private readonly allowedGroups = new Int32Array(GROUPS);
  private containers = new SharedField([], 0);
  private years = new SharedField([], 0);
  /** Built when fuse.js first needs the entry. */
  private docs: Array<SearchDoc | undefined> = [];

  constructor(entries: LibraryEntry[]) {
    runToEnd(this.rebuild(entries));
  }

  /**
   * Builds the index a slice of about `sliceMs` at a time, giving the event loop back in between:
   * 88,000 entries take ~0.4 s, which must not hold up typing in the editor.
   */
  static async build(entries: LibraryEntry[], sliceMs = 10): Promise<CitationSearch> {
    const search = new CitationSearch([]);
    await runInSlices(search.rebuild(entries), sliceMs);
    return search;
  }

  get size(): number {
    return this.entries.length;
  }

  /** The index as typed arrays and a few texts: what a worker sends and the persisted cache holds (see `fromSnapshot`). */
  snapshot(): SearchSnapshot {
    return {
      count: this.entries.length,
      chunks: this.chunks,
      own: (index) => this.own(index),
      keyText: this.keyText,
      containers: this.containers.snapshot(),
      years: this.years.snapshot(),
      arrays: {
        keyStarts: this.keyStarts,
        entrySegments: this.entrySegments,
        segmentStart: this.segmentStart,
        segmentEnd: this.segmentEnd,
        segmentField: this.segmentField,
        segmentExponent: this.segmentExponent,
        groupExponent: this.groupExponent,
        groupLengths: this.groupLengths,
        groupSpan: this.groupSpan,
        slices: this.slices,
      },
    };
  }

  /** The index a snapshot holds, over `entries` (the same entries, in the same order, as it was built from). */
  static fromSnapshot(snapshot: SearchSnapshot, entries: LibraryEntry[]): CitationSearch {
    if (snapshot.count !== entries.length) throw new Error(`a search snapshot of ${snapshot.count} entries given ${entries.length}`);
    const search = new CitationSearch([]);
    const { arrays } = snapshot;
    search.entries = entries;
    search.chunks = snapshot.chunks;
    search.ownOf = snapshot.own;
    search.keyText = snapshot.keyText;
    search.containers = SharedField.fromSnapshot(snapshot.containers);
    search.years = SharedField.fromSnapshot(snapshot.years);
    search.keyStarts = arrays.keyStarts;
    search.entrySegments = arrays.entrySegments;
    search.segmentStart = arrays.segmentStart;
    search.segmentEnd = arrays.segmentEnd;
    search.segmentField = arrays.segmentField;
    search.segmentExponent = arrays.segmentExponent;
    search.groupExponent = arrays.groupExponent;
    search.groupLengths = arrays.groupLengths;
    search.groupSpan = arrays.groupSpan;
    search.slices = arrays.slices;
    search.keys = new Array(entries.length);
    search.ownTexts = new Array(entries.length);
    search.docs = new Array(entries.length);
    return search;
  }

  private own(index: number): string {
    return (this.ownTexts[index] ??= this.ownOf!(index));
  }

  private key(index: number): string {
    const end = index + 1 < this.keyStarts.length ? this.keyStarts[index + 1] - KEY_SEPARATOR.length : this.keyText.length;
    return (this.keys[index] ??= this.keyText.slice(this.keyStarts[index], end));
  }

  /** The entries searched, in library order. */
  get entryList(): readonly LibraryEntry[] {
    return this.entries;
  }

  /** Replaces entries with the same keys, adds new ones, drops `removedKeys`, and rebuilds. */
  update(added: LibraryEntry[], removedKeys: Iterable<string> = []): void {
    const gone = new Set(removedKeys);
    for (const entry of added) gone.add(entry.key);
    runToEnd(this.rebuild([...this.entries.filter((entry) => !gone.has(entry.key)), ...added]));
  }

  /** Builds the index of `entries`; a step ends every 1,024 entries or so (see `build`). */
  private *rebuild(entries: LibraryEntry[]): Generator<void> {
    const count = entries.length;
    this.entries = entries;
    this.containers = new SharedField(entries.map((entry) => entry.container ?? ''), WEIGHT.container);
    yield;
    this.years = new SharedField(entries.map((entry) => entry.year ?? ''), WEIGHT.year);
    const chunks = (this.chunks = (count + 31) >>> 5);
    const slices = (this.slices = new Uint32Array(SIGNATURE_BITS * chunks));
    this.entrySegments = new Int32Array(count + 1);
    this.groupExponent = new Float64Array(count * GROUPS);
    this.groupLengths = new Int32Array(count * GROUPS);
    this.groupSpan = new Int32Array(count * GROUPS * 2);
    this.docs = new Array(count);
    this.ownTexts = new Array(count);
    this.ownOf = undefined;
    this.keys = new Array(count);
    // Proceedings and edited books have editors only: their names are what a user remembers.
    const peopleOf = (entry: LibraryEntry) => (entry.authors.length > 0 ? entry.authors : entry.editors);
    let capacity = 0;
    for (const entry of entries) capacity += 2 + peopleOf(entry).length + entry.keywords.length;
    const starts = new Int32Array(capacity);
    const ends = new Int32Array(capacity);
    const fields = new Uint8Array(capacity);
    const exponents = new Float64Array(capacity);
    const fieldWeights = OWN_FIELDS.map((name) => WEIGHT[name]);
    let segments = 0;
    for (let index = 0; index < count; index++) {
      const entry = entries[index];
      const people = peopleOf(entry);
      const parts = [entry.key];
      const partFields = [0];
      for (const person of people) {
        parts.push(personName(person));
        partFields.push(1);
      }
      parts.push(entry.title ?? '');
      partFields.push(2);
      for (const keyword of entry.keywords) {
        parts.push(keyword);
        partFields.push(3);
      }
      const own = normalize(parts.join(SEGMENT_SEPARATOR));
      this.ownTexts[index] = own;
      const chunk = index >>> 5;
      const entryBit = 1 << (index & 31);
      let start = 0;
      for (const field of partFields) {
        let end = own.indexOf(SEGMENT_SEPARATOR, start);
        if (end < 0) end = own.length;
        if (field === 0) this.keys[index] = own.slice(0, end);
        const group = GROUP_OF_FIELD[field];
        const span = (index * GROUPS + group) * 2;
        if (this.groupSpan[span + 1] === 0) this.groupSpan[span] = start;
        this.groupSpan[span + 1] = end;
        let tokens = 0;
        let inWord = false;
        let visible = false;
        // One pass per value: fuse's token count (for its length norm) and the trigram signature
        // (trigramBit, unrolled).
        const groupBase = GROUP_START[group];
        const shift = GROUP_SHIFT[group];
        // The codes of the two characters before the current one.
        let first = 0;
        let second = 0;
        for (let at = start; at < end; at++) {
          const code = own.charCodeAt(at);
          const separator = (code >= 9 && code <= 13) || code === 32 || code === 160;
          if (!separator && !inWord) tokens++;
          inWord = !separator;
          if (code > 32 && code < 127) visible = true;
          if (at >= start + 2) {
            const bit = Math.imul((first << 16) ^ (second << 8) ^ code, 0x9e3779b1) >>> shift;
            slices[(groupBase + bit) * chunks + chunk] |= entryBit;
          }
          first = second;
          second = code;
        }
        // Fuse skips blank values (String.trim); so do the bounds.
        if (tokens > 0 && (visible || notBlank(own.slice(start, end)))) {
          starts[segments] = start;
          ends[segments] = end;
          fields[segments] = field;
          const exponent = fieldWeights[field] * (Math.round(1000 / Math.sqrt(tokens)) / 1000);
          exponents[segments++] = exponent;
          const slot = index * GROUPS + group;
          this.groupExponent[slot] += exponent;
          if (end - start <= 32) this.groupLengths[slot] |= 1 << (end - start - 1);
        }
        start = end + 1;
      }
      this.entrySegments[index + 1] = segments;
      if ((index & 1023) === 1023) yield;
    }
    this.keyText = KEY_SEPARATOR + this.keys.join(KEY_SEPARATOR);
    this.keyStarts = new Int32Array(count);
    let keyStart = KEY_SEPARATOR.length;
    this.keys.forEach((key, index) => {
      this.keyStarts[index] = keyStart;
      keyStart += key!.length + KEY_SEPARATOR.length;
    });
    this.segmentStart = starts.slice(0, segments);
    this.segmentEnd = ends.slice(0, segments);
    this.segmentField = fields.slice(0, segments);
    this.segmentExponent = exponents.slice(0, segments);
  }

  /**
   * The entries a word may match, as a bitmap: those whose signature may hold one of its pieces in
   * some field group, or whose year or container it matches. Sets the word's per-group bitmaps.
   */
  private mayMatch(word: QueryWord): Uint32Array {
    const chunks = this.chunks;
    const result = new Uint32Array(chunks);
    const piece = new Uint32Array(chunks);
    for (let group = 0; group < GROUPS; group++) {
      const pieceBits = word.pieceBits[group];
      const pieceEnd = word.pieceEnd[group];
      const anyPiece = new Uint32Array(chunks);
      const all = new Uint32Array(chunks).fill(0xffffffff);
      let i = 0;
      for (let p = 0; p < pieceEnd.length; p++) {
        piece.fill(0xffffffff);
        for (; i < pieceEnd[p]; i++) {
          const slice = pieceBits[i] * chunks;
          for (let chunk = 0; chunk < chunks; chunk++) piece[chunk] &= this.slices[slice + chunk];
        }
        for (let chunk = 0; chunk < chunks; chunk++) anyPiece[chunk] |= piece[chunk];
      }
      // All trigrams: those of the pieces, and those that straddle two pieces.
      for (const bit of word.trigramBits[group]) {
        const slice = bit * chunks;
        for (let chunk = 0; chunk < chunks; chunk++) all[chunk] &= this.slices[slice + chunk] & anyPiece[chunk];
      }
      for (let chunk = 0; chunk < chunks; chunk++) result[chunk] |= anyPiece[chunk];
      word.mayHoldPiece.push(anyPiece);
      word.mayHoldAll.push(all);
    }
    this.addSharedMatches(result, this.containers, word.containerFactors);
    this.addSharedMatches(result, this.years, word.yearFactors);
    return result;
  }

  private addSharedMatches(result: Uint32Array, field: SharedField, factors: Float64Array): void {
    if (!factors.some((factor) => factor < Infinity)) return;
    const idOf = field.idOf;
    for (let entry = 0; entry < idOf.length; entry++) if (factors[idOf[entry]] < Infinity) result[entry >>> 5] |= 1 << (entry & 31);
  }

  search(query: string, limit = 50): LibraryEntry[] {
    const words = queryWords(query);
    if (words.length === 0) return this.entries.slice(0, limit);
    return this.rankedIndices(words, limit).map((index) => this.entries[index]);
  }

  /** The entry's key, lower-case and without accents. */
  normalizedKey(index: number): string {
    return this.key(index);
  }

  /** The document fuse.js searches for the entry at `index`, fields normalised as the query is. */
  doc(index: number): SearchDoc {
    let doc = this.docs[index];
    if (!doc) {
      const own = this.own(index);
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
    // Only entries that every word with a signature may match (words without one cannot rule out any).
    let possible: Uint32Array | undefined;
    const passing = new Map<QueryWord, number>();
    const query = words.map((word) => this.queryWord(word));
    for (const word of query) {
      if (!word.mayMatch) continue;
      passing.set(word, bitCount(word.mayMatch));
      if (possible) for (let chunk = 0; chunk < this.chunks; chunk++) possible[chunk] &= word.mayMatch[chunk];
      else possible = word.mayMatch.slice();
    }
    // The word that rules out most entries first: most entries stop there.
    query.sort((a, b) => (passing.get(a) ?? this.entries.length) - (passing.get(b) ?? this.entries.length));
    const pool = possible ? setBits(possible) : undefined;
    const total = pool ? pool.length : this.entries.length;
    const prefix = words.length === 1 ? words[0] : undefined;
    const candidates = new Int32Array(total);
    const bounds = new Float64Array(total);
    let count = 0;
    let first: number[] = [];
    const prefixed = new Uint8Array(this.entries.length);
    if (prefix !== undefined) {
      for (const entry of this.keysStartingWith(prefix)) {
        prefixed[entry] = 1;
        candidates[count] = entry;
        bounds[count++] = this.coarseBound(entry, query);
      }
      // Key-prefix entries all match and rank first: with enough of them, no other entry can enter.
      first = this.bestFirst(candidates.subarray(0, count), bounds.subarray(0, count), query, words, limit, 0);
      if (first.length >= limit) return first;
    }
    count = 0;
    for (let i = 0; i < total; i++) {
      const entry = pool ? pool[i] : i;
      if (prefixed[entry]) continue;
      const bound = this.coarseBound(entry, query);
      if (bound < Infinity) {
        candidates[count] = entry;
        bounds[count++] = bound;
      }
    }
    return [...first, ...this.bestFirst(candidates.subarray(0, count), bounds.subarray(0, count), query, words, limit - first.length, 1)];
  }

  private queryWord(word: string): QueryWord {
    const wordPieces = pieces(word);
    const trigrams: string[] = [];
    for (let at = 0; at + 3 <= word.length; at++) trigrams.push(word.slice(at, at + 3));
    const pieceBits: Int32Array[] = [];
    const pieceEnd: Int32Array[] = [];
    for (let group = 0; group < GROUPS; group++) {
      const bits: number[] = [];
      const ends: number[] = [];
      for (const piece of wordPieces) {
        for (let offset = 0; offset + 3 <= piece.length; offset++) bits.push(trigramBit(piece, offset, group));
        ends.push(bits.length);
      }
      pieceBits.push(Int32Array.from(bits));
      pieceEnd.push(Int32Array.from(ends));
    }
    const query: QueryWord = {
      word,
      pieces: wordPieces,
      pieceBits,
      pieceEnd,
      trigrams,
      keptTrigrams: trigrams.length - 3 * (wordPieces.length - 1),
      hasTrigramPiece: wordPieces.some((piece) => piece.length === 3),
      trigramBits: GROUP_START.map((_start, group) => Int32Array.from(trigrams, (trigram) => trigramBit(trigram, 0, group))),
      mayHoldPiece: [],
      mayHoldAll: [],
      asciiMasks: new Int32Array(128),
      otherMasks: new Map(),
      containerFactors: new Float64Array(0),
      yearFactors: new Float64Array(0),
    };
    for (let at = 0; at < word.length; at++) {
      const code = word.charCodeAt(at);
      if (code < 128) query.asciiMasks[code] |= 1 << at;
      else query.otherMasks.set(code, (query.otherMasks.get(code) ?? 0) | (1 << at));
    }
    query.containerFactors = this.containers.factors(query);
    query.yearFactors = this.years.factors(query);
    if (trigrams.length > 0) query.mayMatch = this.mayMatch(query);
    return query;
  }

  /**
   * What the signature of one field group allows for a word: EXACT (an exact occurrence, maybe), the
   * fewest edits of a fuzzy match, or 0 when the word cannot match there.
   */
  private groupMatch(entry: number, query: QueryWord, group: number): number {
    // Any match keeps a piece whole, an exact one all of them: most entries stop here.
    const chunk = entry >>> 5;
    const bit = entry & 31;
    if (((query.mayHoldPiece[group][chunk] >>> bit) & 1) === 0) return 0;
    if ((query.mayHoldAll[group][chunk] >>> bit) & 1) return EXACT;
    if (query.pieces.length === 1) return 0;
    // How many of the word's trigrams the signature may hold (an upper bound of those the text holds).
    let trigrams = 0;
    for (const trigramBit of query.trigramBits[group]) trigrams += (this.slices[trigramBit * this.chunks + chunk] >>> bit) & 1;
    if (trigrams < query.keptTrigrams) return 0;
    // Each edit breaks at most 3 trigrams, so the missing ones tell the fewest edits a fuzzy match needs.
    return Math.max(1, Math.ceil((query.trigrams.length - trigrams) / 3));
  }

  /** The word's factors (as logs) in the entry's container and year, summed; +Infinity when it matches neither. */
  private sharedBound(entry: number, word: QueryWord): number {
    const inContainer = word.containerFactors[this.containers.idOf[entry]];
    const inYear = word.yearFactors[this.years.idOf[entry]];
    if (inContainer === Infinity) return inYear;
    return inYear === Infinity ? inContainer : inContainer + inYear;
  }

  /**
   * A cruder lower bound (as a log), from the signatures (the key and, for a word with a one-trigram
   * piece, the presence of a piece are read from the text): as if every value of a field group matched
   * each word, exactly when the signature may hold all the word's trigrams, else with the fewest edits
   * the trigrams allow. +Infinity when some word cannot match anywhere.
   */
  private coarseBound(entry: number, query: QueryWord[]): number {
    let bound = 0;
    const slot = entry * GROUPS;
    const own = this.own(entry);
    for (const word of query) {
      const shared = this.sharedBound(entry, word);
      let possible = shared < Infinity;
      if (possible) bound += shared;
      const shortWordGroups = word.trigrams.length > 0 ? 0 : this.groupsHolding(entry, word.word);
      let ownMayMatch: boolean | undefined;
      for (let group = 0; group < GROUPS; group++) {
        const exponent = this.groupExponent[slot + group];
        if (exponent === 0) continue;
        let match = word.trigrams.length > 0 ? this.groupMatch(entry, word, group) : (shortWordGroups >>> group) & 1 ? EXACT : 0;
        if (match === 0) continue;
        // A piece of one trigram gets through the signatures of one entry in five: the text tells for sure.
        ownMayMatch ??= !word.hasTrigramPiece || holdsPiece(own, word);
        if (!ownMayMatch) break;
        // A key is short: its own text tells cheaply and for sure (many keys share `-etal-2019`, which signatures cannot tell apart).
        if (group === KEY_GROUP) match = keyMatch(this.key(entry), word);
        if (match === 0) continue;
        if (match === EXACT) {
          // Equal to a whole value (score 0) only if some value has the word's length.
          bound += exponent * ((this.groupLengths[slot + group] >>> (word.word.length - 1)) & 1 ? LOG_EPSILON : LOG_EXACT);
        } else {
          bound += exponent * Math.log(match / word.word.length);
        }
        possible = true;
      }
      if (!possible) return Infinity;
    }
    return bound;
  }

  /** The entries whose key starts with `prefix`, in library order: a native search of all keys at once. */
  private keysStartingWith(prefix: string): number[] {
    const found: number[] = [];
    const needle = KEY_SEPARATOR + prefix;
    let low = 0;
    for (let at = this.keyText.indexOf(needle); at >= 0; at = this.keyText.indexOf(needle, at + 1)) {
      // The last key starting at or before the match (a key may hold the separator, hence the check).
      let high = this.keyStarts.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >>> 1;
        if (this.keyStarts[middle] <= at + 1) low = middle;
        else high = middle - 1;
      }
      if (this.key(low).startsWith(prefix) && found[found.length - 1] !== low) found.push(low);
    }
    return found;
  }

  /** For a word too short for trigrams (and so for edits): a bit for each field group that holds it. */
  private groupsHolding(entry: number, word: string): number {
    const own = this.own(entry);
    let groups = 0;
    for (let group = 0, at = own.indexOf(word); group < GROUPS && at >= 0; group++) {
      const span = (entry * GROUPS + group) * 2;
      if (at < this.groupSpan[span]) at = own.indexOf(word, this.groupSpan[span]);
      if (at >= 0 && at + word.length <= this.groupSpan[span + 1]) groups |= 1 << group;
    }
    return groups;
  }

  /**
   * A lower bound (as a log) of fuse's score for the entry, every value that may match scored as
   * well as it could be; +Infinity when some word cannot match anywhere (fuse would not return it).
   */
  private scoreBound(entry: number, query: QueryWord[]): number {
    let bound = 0;
    const own = this.own(entry);
    const first = this.entrySegments[entry];
    const last = this.entrySegments[entry + 1];
    for (const word of query) {
      const shared = this.sharedBound(entry, word);
      let possible = shared < Infinity;
      if (possible) bound += shared;
      const firstExact = own.indexOf(word.word);
      // A fuzzy match keeps a piece whole (the text tells for sure; the signatures often let a piece through wrongly).
      const fuzzyMaybe = word.pieces.length > 1 && (firstExact >= 0 || holdsPiece(own, word));
      if (firstExact < 0 && !fuzzyMaybe) {
        if (!possible) return Infinity;
        continue;
      }
      // Exact occurrences, one per segment at most (a word never spans the separator).
      const length = word.word.length;
      let segment = first;
      for (let at = firstExact; at >= 0; ) {
        while (segment < last && this.segmentEnd[segment] < at + length) segment++;
        if (segment >= last) break;
        if (this.segmentStart[segment] > at) {
          at = own.indexOf(word.word, at + 1); // in a blank value fuse skips
          continue;
        }
        const equal = at === this.segmentStart[segment] && at + length === this.segmentEnd[segment];
        bound += this.segmentExponent[segment] * (equal ? LOG_EPSILON : LOG_EXACT);
        possible = true;
        at = own.indexOf(word.word, this.segmentEnd[segment]);
        segment++;
      }
      // Fuzzy matches, in segments without an exact one (counted above), where the signature allows one.
      if (fuzzyMaybe) {
        for (let group = 0; group < GROUPS; group++) this.allowedGroups[group] = this.groupMatch(entry, word, group);
        for (segment = first; segment < last; segment++) {
          if (this.allowedGroups[GROUP_OF_FIELD[this.segmentField[segment]]] === 0) continue;
          const score = fuzzyScoreBound(word, own, this.segmentStart[segment], this.segmentEnd[segment]);
          if (score === Infinity || score === 0) continue;
          bound += this.segmentExponent[segment] * Math.log(score);
          possible = true;
        }
      }
      if (!possible) return Infinity;
    }
    return bound;
  }

  /**
   * Runs fuse.js on the entries in order of their bounds until the others cannot enter the top
   * `limit`. Coarse bounds order the refinement; refined bounds order the fuse.js runs.
   */
  private bestFirst(entries: Int32Array, coarse: Float64Array, query: QueryWord[], words: string[], limit: number, group: number): number[] {
    if (limit <= 0 || entries.length === 0) return [];
    // Refinement rounds take the entries up to a coarse threshold, read from a sorted sample.
    const step = Math.max(1, Math.floor(entries.length / 1024));
    const sample: number[] = [];
    let nextCoarse = Infinity;
    for (let i = 0; i < entries.length; i++) {
      if (i % step === 0) sample.push(coarse[i]);
      if (coarse[i] < nextCoarse) nextCoarse = coarse[i];
    }
    sample.sort((a, b) => a - b);
    // The words in the query's order: fuse multiplies the scores in that order, to the last bit.
    const expression: Expression = { $and: words };
    const found: Ranked[] = [];
    // Refined entries not yet run through fuse.js: library position, fine bound, still open.
    const poolEntries: number[] = [];
    const poolBounds: number[] = [];
    const poolOpen: boolean[] = [];
    let nextFine = Infinity;
    let threshold = -Infinity;
    let refined = 0;
    let refineChunk = Math.max(FIRST_BATCH * 4, limit * 8);
    let batch = Math.max(FIRST_BATCH, limit * 2);
    for (;;) {
      const frontier = Math.min(nextCoarse, nextFine);
      // Every entry left scores at least the frontier: stop when even that ranks below the last kept.
      if (frontier === Infinity || (found.length >= limit && frontier > Math.log(found[limit - 1].score) + 1e-9)) break;
      if (nextCoarse <= nextFine) {
        const quantile = sample[Math.min(sample.length - 1, Math.floor(((refined + refineChunk) / entries.length) * sample.length))];
        const upTo = Math.max(quantile, nextCoarse);
        refineChunk *= 2;
        nextCoarse = Infinity;
        for (let i = 0; i < entries.length; i++) {
          const bound = coarse[i];
          if (bound <= threshold) continue;
          if (bound > upTo) {
            if (bound < nextCoarse) nextCoarse = bound;
            continue;
          }
          refined++;
          const fine = this.scoreBound(entries[i], query);
          if (fine === Infinity) continue;
          poolEntries.push(entries[i]);
          poolBounds.push(fine);
          poolOpen.push(true);
          if (fine < nextFine) nextFine = fine;
        }
        threshold = upTo;
      } else {
        // The best open entries, all below the coarse frontier, at most about `batch` of them.
        const eligible: number[] = [];
        for (let p = 0; p < poolBounds.length; p++) if (poolOpen[p] && poolBounds[p] <= nextCoarse) eligible.push(p);
        const cut = eligible.length > batch ? Float64Array.from(eligible, (p) => poolBounds[p]).sort()[batch - 1] : Infinity;
        const slice: number[] = [];
        for (const p of eligible) {
          if (poolBounds[p] > cut) continue;
          poolOpen[p] = false;
          slice.push(poolEntries[p]);
        }
        batch *= 2;
        nextFine = Infinity;
        for (let p = 0; p < poolBounds.length; p++) if (poolOpen[p] && poolBounds[p] < nextFine) nextFine = poolBounds[p];
        const fuse = new Fuse(slice.map((entry) => this.doc(entry)), SEARCH_OPTIONS);
        for (const result of fuse.search(expression)) found.push({ index: slice[result.refIndex], group, score: result.score ?? 1 });
        found.sort(compareRanked);
        if (found.length > limit) found.length = limit;
      }
    }
    return found.map((ranked) => ranked.index);
  }
}

/** Rows reused by editDistance, grown to the longest key seen. */
let distanceRows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Optimal-string-alignment distance (a swap counts 1), or `max + 1` as soon as it must exceed `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (distanceRows[0].length <= b.length) distanceRows = distanceRows.map(() => new Int32Array(b.length * 2 + 1));
  let [before, previous, current] = distanceRows;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) value = Math.min(value, before[j - 2] + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
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
  const name = /^\p{L}{3,}/u.exec(wanted)?.[0];
  const year = /(1[5-9]|20)\d\d/.exec(wanted)?.[0];
  const scored: Array<{ key: string; score: number; index: number }> = [];
  entries.forEach((entry, index) => {
    const yearsApart = year !== undefined && entry.year !== undefined ? Math.abs(Number(entry.year) - Number(year)) : NaN;
    // Normalising never shortens a key (accents go, ß becomes ss) and lengthens only one with other than ASCII:
    // a key too long, or too short and plain ASCII, cannot be typo-close, and need not be normalised.
    const lengthGap = entry.key.length - wanted.length;
    const mayBeClose = lengthGap <= maxDistance && (lengthGap >= -maxDistance || NON_ASCII.test(entry.key));
    if (!mayBeClose && !(yearsApart <= 1)) return;
    const candidate = search ? search.normalizedKey(index) : normalizedKey(entry);
    if (candidate === wanted && entry.key === key) return;
    const distance = mayBeClose ? editDistance(wanted, candidate, maxDistance) : maxDistance + 1;
    if (distance > maxDistance && !(yearsApart <= 1)) return;
    const first = entry.authors[0] ?? entry.editors[0];
    const sameAuthor = name !== undefined && first !== undefined && normalize(personName(first)) === name;
    // A typo-close key first; then an entry by the same author in the same year; then the same author, a year off.
    let score: number;
    if (distance <= maxDistance) score = distance - (sameAuthor ? 0.5 : 0) - (yearsApart === 0 ? 0.25 : 0);
    else if (sameAuthor && yearsApart === 0) score = maxDistance + 1;
    else if (sameAuthor && yearsApart === 1) score = maxDistance + 2;
    else return;
    scored.push({ key: entry.key, score, index });
  });
  scored.sort((a, b) => a.score - b.score || a.index - b.index);
  return [...new Set(scored.map((item) => item.key))].slice(0, limit);
}

const normalizedKeys = new WeakMap<LibraryEntry, string>();

function normalizedKey(entry: LibraryEntry): string {
  let key = normalizedKeys.get(entry);
  if (key === undefined) normalizedKeys.set(entry, (key = normalize(entry.key)));
  return key;
}
