// Lower bounds of fuse's score for an entry (step 2 in search.ts), kept as logarithms: sums instead
// of powers, +Infinity for "cannot match".
import { fuzzyScoreBound, holdsPiece, keyMatch } from './myers';
import type { QueryWord } from './queryWord';
import type { SearchIndex } from './searchIndex';
import { EXACT, GROUP_OF_FIELD, GROUPS, groupMatch, KEY_GROUP } from './signatures';

const LOG_EPSILON = Math.log(Number.EPSILON);
const LOG_EXACT = Math.log(0.001);
/** Scratch for scoreBound: groupMatch of each field group. */
const allowedGroups = new Int32Array(GROUPS);

/** The word's factors (as logs) in the entry's container and year, summed; +Infinity when it matches neither. */
function sharedBound(index: SearchIndex, entry: number, word: QueryWord): number {
  const inContainer = word.containerFactors[index.containers.idOf[entry]];
  const inYear = word.yearFactors[index.years.idOf[entry]];
  if (inContainer === Infinity) return inYear;
  return inYear === Infinity ? inContainer : inContainer + inYear;
}

/**
 * A cruder lower bound (as a log), from the signatures (the key and, for a word with a one-trigram
 * piece, the presence of a piece are read from the text): as if every value of a field group matched
 * each word, exactly when the signature may hold all the word's trigrams, else with the fewest edits
 * the trigrams allow. +Infinity when some word cannot match anywhere.
 */
export function coarseBound(index: SearchIndex, entry: number, query: QueryWord[]): number {
  let bound = 0;
  const slot = entry * GROUPS;
  const own = index.own(entry);
  for (const word of query) {
    const shared = sharedBound(index, entry, word);
    let possible = shared < Infinity;
    if (possible) bound += shared;
    const shortWordGroups = word.trigrams.length > 0 ? 0 : index.groupsHolding(entry, word.word);
    let ownMayMatch: boolean | undefined;
    for (let group = 0; group < GROUPS; group++) {
      const exponent = index.groupExponent[slot + group];
      if (exponent === 0) continue;
      let match = word.trigrams.length > 0 ? groupMatch(index, entry, word, group) : (shortWordGroups >>> group) & 1 ? EXACT : 0;
      if (match === 0) continue;
      // A piece of one trigram gets through the signatures of one entry in five: the text tells for sure.
      ownMayMatch ??= !word.hasTrigramPiece || holdsPiece(own, word);
      if (!ownMayMatch) break;
      // A key is short: its own text tells cheaply and for sure (many keys share `-etal-2019`, which signatures cannot tell apart).
      if (group === KEY_GROUP) match = keyMatch(index.key(entry), word);
      if (match === 0) continue;
      if (match === EXACT) {
        // Equal to a whole value (score 0) only if some value has the word's length.
        bound += exponent * ((index.groupLengths[slot + group] >>> (word.word.length - 1)) & 1 ? LOG_EPSILON : LOG_EXACT);
      } else {
        bound += exponent * Math.log(match / word.word.length);
      }
      possible = true;
    }
    if (!possible) return Infinity;
  }
  return bound;
}

/**
 * A lower bound (as a log) of fuse's score for the entry, every value that may match scored as
 * well as it could be; +Infinity when some word cannot match anywhere (fuse would not return it).
 */
export function scoreBound(index: SearchIndex, entry: number, query: QueryWord[]): number {
  let bound = 0;
  const own = index.own(entry);
  const first = index.entrySegments[entry];
  const last = index.entrySegments[entry + 1];
  for (const word of query) {
    const shared = sharedBound(index, entry, word);
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
      while (segment < last && index.segmentEnd[segment] < at + length) segment++;
      if (segment >= last) break;
      if (index.segmentStart[segment] > at) {
        at = own.indexOf(word.word, at + 1); // in a blank value fuse skips
        continue;
      }
      const equal = at === index.segmentStart[segment] && at + length === index.segmentEnd[segment];
      bound += index.exponent(segment) * (equal ? LOG_EPSILON : LOG_EXACT);
      possible = true;
      at = own.indexOf(word.word, index.segmentEnd[segment]);
      segment++;
    }
    // Fuzzy matches, in segments without an exact one (counted above), where the signature allows one.
    if (fuzzyMaybe) {
      for (let group = 0; group < GROUPS; group++) allowedGroups[group] = groupMatch(index, entry, word, group);
      for (segment = first; segment < last; segment++) {
        if (allowedGroups[GROUP_OF_FIELD[index.segmentField[segment]]] === 0) continue;
        const score = fuzzyScoreBound(word, own, index.segmentStart[segment], index.segmentEnd[segment]);
        if (score === Infinity || score === 0) continue;
        bound += index.exponent(segment) * Math.log(score);
        possible = true;
      }
    }
    if (!possible) return Infinity;
  }
  return bound;
}
