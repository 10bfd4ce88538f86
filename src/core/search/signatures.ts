// Trigram signatures: per entry and field group, a one-hash Bloom filter of the trigrams of its
// values, stored bit-sliced so that one sweep over a bit tests all entries at once.
import type { QueryWord } from './queryWord';

/** Each entry gets 512 bits of trigram signature over its own fields (one-hash Bloom filters). */
export const SIGNATURE_BITS = 512;
/**
 * The signature is split by field group, so that a word found in, say, the title bounds only the
 * title's share of the score: key (128 bits), names (128 bits), title and keywords (256 bits).
 */
export const GROUP_START = [0, 128, 256];
export const GROUP_SHIFT = [32 - 7, 32 - 7, 32 - 8];
export const GROUPS = GROUP_START.length;
export const KEY_GROUP = 0;
/** The group of each own field, in OWN_FIELDS order (key, names, title, keywords). */
export const GROUP_OF_FIELD = [0, 1, 2, 2];

/**
 * The signatures of all entries, bit-sliced: bit b of every entry's signature, 32 entries a number,
 * at [b * chunks, (b + 1) * chunks).
 */
export interface Signatures {
  slices: Uint32Array;
  chunks: number;
}

/** The signature bit (0 to SIGNATURE_BITS - 1) of the trigram at `at` for a field group. */
export function trigramBit(text: string, at: number, group: number): number {
  const packed = (text.charCodeAt(at) << 16) ^ (text.charCodeAt(at + 1) << 8) ^ text.charCodeAt(at + 2);
  return GROUP_START[group] + (Math.imul(packed, 0x9e3779b1) >>> GROUP_SHIFT[group]);
}

export function bitCount(bitmap: Uint32Array): number {
  let count = 0;
  for (let value of bitmap) {
    value -= (value >>> 1) & 0x55555555;
    value = (value & 0x33333333) + ((value >>> 2) & 0x33333333);
    count += (Math.imul((value + (value >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
  }
  return count;
}

/** The positions of a bitmap's set bits, in order. */
export function setBits(bitmap: Uint32Array): Int32Array {
  const positions = new Int32Array(bitCount(bitmap));
  let count = 0;
  bitmap.forEach((value, chunk) => {
    for (; value !== 0; value &= value - 1) positions[count++] = chunk * 32 + 31 - Math.clz32(value & -value);
  });
  return positions;
}

/**
 * The entries whose signature may hold one of the word's pieces in some field group, as a bitmap.
 * Sets the word's per-group bitmaps (mayHoldPiece, mayHoldAll). A step per group.
 */
export function* mayHoldPiece(signatures: Signatures, word: QueryWord): Generator<void, Uint32Array> {
  const { slices, chunks } = signatures;
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
        for (let chunk = 0; chunk < chunks; chunk++) piece[chunk] &= slices[slice + chunk];
      }
      for (let chunk = 0; chunk < chunks; chunk++) anyPiece[chunk] |= piece[chunk];
    }
    // All trigrams: those of the pieces, and those that straddle two pieces.
    for (const bit of word.trigramBits[group]) {
      const slice = bit * chunks;
      for (let chunk = 0; chunk < chunks; chunk++) all[chunk] &= slices[slice + chunk] & anyPiece[chunk];
    }
    for (let chunk = 0; chunk < chunks; chunk++) result[chunk] |= anyPiece[chunk];
    word.mayHoldPiece.push(anyPiece);
    word.mayHoldAll.push(all);
    yield;
  }
  return result;
}

/** Returned by groupMatch when a field group may hold the word exactly. */
export const EXACT = -1;

/**
 * What the signature of one field group allows for a word: EXACT (an exact occurrence, maybe), the
 * fewest edits of a fuzzy match, or 0 when the word cannot match there.
 */
export function groupMatch(signatures: Signatures, entry: number, query: QueryWord, group: number): number {
  // Any match keeps a piece whole, an exact one all of them: most entries stop here.
  const chunk = entry >>> 5;
  const bit = entry & 31;
  if (((query.mayHoldPiece[group][chunk] >>> bit) & 1) === 0) return 0;
  if ((query.mayHoldAll[group][chunk] >>> bit) & 1) return EXACT;
  if (query.pieces.length === 1) return 0;
  // How many of the word's trigrams the signature may hold (an upper bound of those the text holds).
  let trigrams = 0;
  for (const trigramBit of query.trigramBits[group]) trigrams += (signatures.slices[trigramBit * signatures.chunks + chunk] >>> bit) & 1;
  if (trigrams < query.keptTrigrams) return 0;
  // Each edit breaks at most 3 trigrams, so the missing ones tell the fewest edits a fuzzy match needs.
  return Math.max(1, Math.ceil((query.trigrams.length - trigrams) / 3));
}
