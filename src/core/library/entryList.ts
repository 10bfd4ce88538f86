import { runToEnd } from '../steps';
import type { LibraryEntry } from '../types';

/**
 * A library's entries by position, each made on first use and kept. A library decoded from the
 * worker's reply or the persisted cache is held as its columns (see cache.ts): the extension host
 * makes entry objects only for what it shows (a completion list, a hover), not 88,000 of them (and
 * their garbage collection) before the first list. `all()` makes the rest, for what reads every entry.
 */
export class LazyEntries {
  private readonly made: LibraryEntry[];
  private whole = false;

  constructor(readonly length: number, private readonly make: (index: number) => LibraryEntry) {
    this.made = new Array<LibraryEntry>(length);
  }

  at(index: number): LibraryEntry | undefined {
    if (!(index >= 0 && index < this.length)) return undefined;
    return (this.made[index] ??= this.make(index));
  }

  /** Every entry, in order: the same array on every call (its entries are the ones `at` gives). */
  all(): LibraryEntry[] {
    return runToEnd(this.allSteps());
  }

  /** `all()` in steps of `step` entries (see runInSlices). */
  *allSteps(step = 2000): Generator<void, LibraryEntry[]> {
    if (!this.whole) {
      for (let i = 0; i < this.length; i++) {
        this.made[i] ??= this.make(i);
        if (i % step === step - 1) yield;
      }
      this.whole = true;
    }
    return this.made;
  }
}

/** Entries by position: an array, or a decoded library's entries made on first use. */
export type EntryList = LibraryEntry[] | LazyEntries;

export function allEntries(list: EntryList): LibraryEntry[] {
  return Array.isArray(list) ? list : list.all();
}

/** The first `limit` entries, made (when lazy) only those. */
export function firstEntries(list: EntryList, limit: number): LibraryEntry[] {
  if (Array.isArray(list)) return list.slice(0, limit);
  return Array.from({ length: Math.max(0, Math.min(limit, list.length)) }, (_, i) => list.at(i)!);
}
