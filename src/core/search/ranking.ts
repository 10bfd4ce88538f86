// Ranking against fuse.js: the entries that may enter the top results run through fuse.js itself,
// best bound first, so that the scores and their order are fuse's own.
import Fuse, { type Expression } from 'fuse.js';
import { scoreBound } from './bounds';
import { SEARCH_OPTIONS, type SearchDoc } from './fields';
import type { QueryWord } from './queryWord';
import type { SearchIndex } from './searchIndex';

const FIRST_BATCH = 64;
/**
 * The most entries one run of fuse.js scores in a step, and the fewest, in its first step: a first
 * search runs fuse's code before it is compiled (64 entries then took 18 ms, 64 more 5 ms).
 */
const FUSE_STEP = 64;
const FIRST_FUSE_STEP = 8;
/** A search yields a step after every 1,024 entries it looks at (and after each run of fuse.js). */
export const STEP_MASK = 1023;

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

/**
 * Runs fuse.js on the entries in order of their bounds until the others cannot enter the top
 * `limit`. Coarse bounds order the refinement; refined bounds order the fuse.js runs.
 */
export function* bestFirst(index: SearchIndex, entries: Int32Array, coarse: Float64Array, query: QueryWord[], words: string[], limit: number, group: number): Generator<void, number[]> {
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
        if ((i & STEP_MASK) === STEP_MASK) yield;
        const bound = coarse[i];
        if (bound <= threshold) continue;
        if (bound > upTo) {
          if (bound < nextCoarse) nextCoarse = bound;
          continue;
        }
        refined++;
        const fine = scoreBound(index, entries[i], query);
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
      // fuse.js a few entries at a time, a step each: entries whose bounds tie (a key prefix that hundreds of keys
      // share) all enter one slice, which at once took 60-150 ms of the editor's thread. Fuse scores each entry on
      // its own: the same scores as in one run.
      for (let from = 0, step = FIRST_FUSE_STEP; from < slice.length; from += step, step = Math.min(2 * step, FUSE_STEP)) {
        const part = slice.slice(from, from + step);
        const fuse = new Fuse(part.map((entry) => index.doc(entry)), SEARCH_OPTIONS);
        for (const result of fuse.search(expression)) found.push({ index: part[result.refIndex], group, score: result.score ?? 1 });
        yield;
      }
      found.sort(compareRanked);
      if (found.length > limit) found.length = limit;
    }
  }
  return found.map((ranked) => ranked.index);
}
