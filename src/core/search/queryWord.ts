// One query word as the search uses it: its pieces and trigrams, their signature bits, and what the
// signatures and the shared fields allow for it.
import { THRESHOLD } from './fields';
import type { SearchIndex } from './searchIndex';
import { GROUP_START, GROUPS, mayHoldPiece, trigramBit } from './signatures';

/** What the search needs to know of one query word. */
export interface QueryWord {
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
  /** The entries the word may match anywhere (see queryWord); undefined for a word without trigrams, which rules none out. */
  mayMatch?: Uint32Array;
  /** Whether a piece is a single trigram: the signatures let one entry in five through for it wrongly. */
  hasTrigramPiece: boolean;
  /** Per character, the word's positions that hold it as bits (for substringDistance). */
  asciiMasks: Int32Array;
  otherMasks: Map<number, number>;
  containerFactors: Float64Array;
  yearFactors: Float64Array;
}

/** k + 1 disjoint pieces of a word matched with up to k edits: one of them occurs in any match. */
function pieces(word: string): string[] {
  const count = Math.floor(THRESHOLD * word.length + 1e-9) + 1;
  const size = Math.floor(word.length / count);
  const result: string[] = [];
  for (let i = 0; i < count; i++) result.push(word.slice(i * size, i === count - 1 ? word.length : (i + 1) * size));
  return result;
}

/** The query word for `word` (lower-case, without accents, at most 32 characters) over an index, in steps. */
export function* queryWord(word: string, index: SearchIndex): Generator<void, QueryWord> {
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
  query.containerFactors = index.containers.factors(query);
  query.yearFactors = index.years.factors(query);
  yield;
  if (trigrams.length > 0) {
    // The entries the word may match: a piece in some field group, or a match in the year or container.
    query.mayMatch = yield* mayHoldPiece(index, query);
    index.containers.addMatches(query.mayMatch, query.containerFactors);
    index.years.addMatches(query.mayMatch, query.yearFactors);
  }
  return query;
}
