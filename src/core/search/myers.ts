// Lower bounds of the fewest edits a fuzzy match needs (Myers' bit-parallel algorithm), and so of
// the score fuse's Bitap gives it.
import type { QueryWord } from './queryWord';
import { EXACT } from './signatures';

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
export function fuzzyScoreBound(query: QueryWord, text: string, start: number, end: number): number {
  const edits = substringDistance(query, text, start, end);
  return edits < query.pieces.length ? edits / query.word.length : Infinity;
}

/** Whether the text holds one of the word's pieces, as any match of the word does. */
export function holdsPiece(text: string, query: QueryWord): boolean {
  for (const piece of query.pieces) if (text.includes(piece)) return true;
  return false;
}

/** What a key holds of a word, as groupMatch tells it: EXACT, the fewest edits, or 0. */
export function keyMatch(key: string, word: QueryWord): number {
  if (key.includes(word.word)) return EXACT;
  const edits = word.pieces.length > 1 ? substringDistance(word, key, 0, key.length) : Infinity;
  return edits < word.pieces.length ? edits : 0;
}
