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
//
// The invariant all the parts keep: the prefilter only removes entries that cannot reach the top
// `limit` of plain fuse.js. The parts:
// - fields.ts: the fields, weights and fuse.js options; normalisation of the index and the query.
// - searchIndex.ts: each entry's own text cut into values, with fuse's exponents; key lookup.
// - signatures.ts: the trigram signatures, bit-sliced, and the sweep for candidate entries.
// - queryWord.ts: a query word's pieces, trigrams and signature bits.
// - myers.ts and bounds.ts: the fewest edits (Myers), and the coarse and fine score bounds.
// - sharedField.ts: year and container, searched once per distinct value.
// - ranking.ts: fuse.js over the candidates, best bound first, until none left can enter.
// - snapshot.ts: the index as plain data, for the library worker and the cache.
// - similarKeys.ts: "did you mean" keys for an unknown key.
import { bestFirst, STEP_MASK } from './ranking';
import { coarseBound } from './bounds';
import { queryWords, type SearchDoc } from './fields';
import { queryWord, type QueryWord } from './queryWord';
import { SearchIndex } from './searchIndex';
import { bitCount, setBits } from './signatures';
import { indexFromSnapshot, snapshotOf, type SearchSnapshot } from './snapshot';
import { runInSlices, runToEnd } from '../steps';
import { allEntries, firstEntries, type EntryList } from '../library/entryList';
import type { LibraryEntry } from '../types';

export { SEARCH_OPTIONS, queryWords } from './fields';
export { rankResults } from './ranking';
export { similarKeys } from './similarKeys';
export type { SearchSnapshot } from './snapshot';

/** Where a letter meets a digit in a query word (`devlin|2019`). */
const LETTERS_DIGITS_MEET = /(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u;

/** The fewest letters typingSteps cuts a word back to. */
const TYPING_CUT = 3;

export class CitationSearch {
  private index = new SearchIndex();

  constructor(entries: LibraryEntry[]) {
    runToEnd(this.index.rebuild(entries));
  }

  /**
   * Builds the index a slice of about `sliceMs` at a time, giving the event loop back in between:
   * 88,000 entries take ~0.4 s, which must not hold up typing in the editor.
   */
  static build(entries: LibraryEntry[], sliceMs = 10): Promise<CitationSearch> {
    return runInSlices(CitationSearch.buildSteps(entries), sliceMs);
  }

  /** Builds the index in steps of about 1,024 entries (see runInSlices). */
  static *buildSteps(entries: LibraryEntry[]): Generator<void, CitationSearch> {
    const search = new CitationSearch([]);
    yield* search.index.rebuild(entries);
    return search;
  }

  get size(): number {
    return this.index.entries.length;
  }

  /** The index as typed arrays and a few texts: what a worker sends and the persisted cache holds (see `fromSnapshot`). */
  snapshot(): SearchSnapshot {
    return snapshotOf(this.index);
  }

  /** The index a snapshot holds, over `entries` (the same entries, in the same order, as it was built from). */
  static fromSnapshot(snapshot: SearchSnapshot, entries: EntryList): CitationSearch {
    const search = new CitationSearch([]);
    search.index = indexFromSnapshot(snapshot, entries);
    return search;
  }

  /** The entries searched, in library order. */
  get entryList(): EntryList {
    return this.index.entries;
  }

  /** Replaces entries with the same keys, adds new ones, drops `removedKeys`, and rebuilds. */
  update(added: LibraryEntry[], removedKeys: Iterable<string> = []): void {
    const gone = new Set(removedKeys);
    for (const entry of added) gone.add(entry.key);
    runToEnd(this.index.rebuild([...allEntries(this.index.entries).filter((entry) => !gone.has(entry.key)), ...added]));
  }

  search(query: string, limit = 50): LibraryEntry[] {
    return runToEnd(this.searchSteps(query, limit));
  }

  /**
   * The search in steps of at most a few ms, for the extension host's thread (runInSlices): a first
   * search of 88,000 entries, its code not yet optimised, runs 30-60 ms.
   */
  *searchSteps(query: string, limit = 50): Generator<void, LibraryEntry[]> {
    const words = queryWords(query);
    if (words.length === 0) return firstEntries(this.index.entries, limit);
    let found = yield* this.rankedIndexSteps(words, limit);
    // `devlin2019`, author and year run together as many keys are, where this library's keys are
    // written otherwise (`devlin-etal-2019-bert`): with nothing found, its letters and digits apart.
    const apart = words.flatMap((word) => word.split(LETTERS_DIGITS_MEET));
    if (found.length === 0 && apart.length > words.length) found = yield* this.rankedIndexSteps(apart, limit);
    return found.map((index) => this.index.entries.at(index)!);
  }

  /**
   * searchSteps for a list the user types into (completion, the insert picker): with nothing found,
   * what the query finds with its last word cut back a letter at a time, down to TYPING_CUT letters.
   * Up to 6 letters must match exactly (see THRESHOLD): halfway through a name the library spells
   * otherwise (`babus`, `babusk` for `Babuvška`) nothing is found, although the whole word, allowed an
   * edit, finds it; and VS Code closes an empty completion list for good.
   */
  *typingSteps(query: string, limit = 50): Generator<void, LibraryEntry[]> {
    let found = yield* this.searchSteps(query, limit);
    const words = query.trimEnd().split(/\s+/u);
    const last = words.pop() ?? '';
    for (let length = last.length - 1; found.length === 0 && length >= TYPING_CUT; length--) {
      found = yield* this.searchSteps([...words, last.slice(0, length)].join(' '), limit);
    }
    return found;
  }

  /** The entry's key, lower-case and without accents. */
  normalizedKey(index: number): string {
    return this.index.key(index);
  }

  /** The entry's year (lower-case), undefined when it has none. */
  year(index: number): string | undefined {
    const years = this.index.years;
    return years.texts[years.idOf[index]] || undefined;
  }

  /** The document fuse.js searches for the entry at `index`, fields normalised as the query is. */
  doc(index: number): SearchDoc {
    return this.index.doc(index);
  }

  /** Library positions of the top `limit` entries for the words, as plain fuse.js ranks them (see rankResults). */
  rankedIndices(words: string[], limit: number): number[] {
    return runToEnd(this.rankedIndexSteps(words, limit));
  }

  private *rankedIndexSteps(words: string[], limit: number): Generator<void, number[]> {
    const index = this.index;
    // Only entries that every word with a signature may match (words without one cannot rule out any).
    let possible: Uint32Array | undefined;
    const passing = new Map<QueryWord, number>();
    const query: QueryWord[] = [];
    for (const word of words) query.push(yield* queryWord(word, index));
    // (each part of a first search runs its code before it is compiled: 5-7 ms a part then, not a step of their own before)
    yield;
    for (const word of query) {
      if (!word.mayMatch) continue;
      passing.set(word, bitCount(word.mayMatch));
      if (possible) for (let chunk = 0; chunk < index.chunks; chunk++) possible[chunk] &= word.mayMatch[chunk];
      else possible = word.mayMatch.slice();
    }
    // The word that rules out most entries first: most entries stop there.
    query.sort((a, b) => (passing.get(a) ?? index.entries.length) - (passing.get(b) ?? index.entries.length));
    const pool = possible ? setBits(possible) : undefined;
    const total = pool ? pool.length : index.entries.length;
    const prefix = words.length === 1 ? words[0] : undefined;
    const candidates = new Int32Array(total);
    const bounds = new Float64Array(total);
    let count = 0;
    let first: number[] = [];
    const prefixed = new Uint8Array(index.entries.length);
    if (prefix !== undefined) {
      const keyed = index.keysStartingWith(prefix);
      yield;
      for (let i = 0; i < keyed.length; i++) {
        // (a one-letter query has thousands of them)
        if ((i & STEP_MASK) === STEP_MASK) yield;
        const entry = keyed[i];
        prefixed[entry] = 1;
        candidates[count] = entry;
        bounds[count++] = coarseBound(index, entry, query);
      }
      // Key-prefix entries all match and rank first: with enough of them, no other entry can enter.
      first = yield* bestFirst(index, candidates.subarray(0, count), bounds.subarray(0, count), query, words, limit, 0);
      if (first.length >= limit) return first;
    }
    count = 0;
    for (let i = 0; i < total; i++) {
      if ((i & STEP_MASK) === STEP_MASK) yield;
      const entry = pool ? pool[i] : i;
      if (prefixed[entry]) continue;
      const bound = coarseBound(index, entry, query);
      if (bound < Infinity) {
        candidates[count] = entry;
        bounds[count++] = bound;
      }
    }
    return [...first, ...(yield* bestFirst(index, candidates.subarray(0, count), bounds.subarray(0, count), query, words, limit - first.length, 1))];
  }
}
