// A BibTeX entry's authors and editors, read from its fields when first asked for: most entries of a
// large library are never shown, and search reads only one name per person (searchedPeople).
// They are own enumerable accessors, so a spread, JSON and deep comparison see plain lists.
import type { LibraryEntry, Person } from '../types';
import { parseNames, personName, searchedNames } from './names';

const AUTHORS = Symbol('authors');
const EDITORS = Symbol('editors');

/** The names of one library read so far, each as written: its entries share them. */
export class NameReader {
  readonly people = new Map<string, Person | null>();
  readonly searched = new Map<string, string | null>();
}

/** An entry's list, or the reader that will read it from the field. */
type Slot = Person[] | NameReader;
type LazyEntry = LibraryEntry & { [AUTHORS]: Slot; [EDITORS]: Slot };

function accessor(slot: typeof AUTHORS | typeof EDITORS, field: 'author' | 'editor'): PropertyDescriptor {
  return {
    get(this: LazyEntry): Person[] {
      const value = this[slot];
      return value instanceof NameReader ? (this[slot] = parseNames(this.fields![field]!, value.people)) : value;
    },
    set(this: LazyEntry, people: Person[]) {
      this[slot] = people;
    },
    enumerable: true,
    configurable: true,
  };
}

const HIDDEN: PropertyDescriptor = { value: undefined, writable: true, enumerable: false, configurable: true };
const LAZY_AUTHORS = accessor(AUTHORS, 'author');
const LAZY_EDITORS = accessor(EDITORS, 'editor');

/** Gives an entry in the making its `authors` and `editors` (to be set, or read later: `readLater`). */
export function withPeople<T extends object>(entry: T): T {
  // The same descriptors for all entries: they then share their hidden class. (One call each: faster than defineProperties.)
  Object.defineProperty(entry, AUTHORS, HIDDEN);
  Object.defineProperty(entry, EDITORS, HIDDEN);
  Object.defineProperty(entry, 'authors', LAZY_AUTHORS);
  return Object.defineProperty(entry, 'editors', LAZY_EDITORS);
}

/** The entry's authors (or editors) are read from its `author` (`editor`) field when first asked for. */
export function readLater(entry: LibraryEntry, which: 'authors' | 'editors', reader: NameReader): void {
  (entry as LazyEntry)[which === 'authors' ? AUTHORS : EDITORS] = reader;
}

/** Copies `from`'s authors and editors to `to` (made with withPeople), read or still to read. */
export function copyPeople(from: LibraryEntry, to: LibraryEntry): void {
  if (AUTHORS in from) {
    (to as LazyEntry)[AUTHORS] = (from as LazyEntry)[AUTHORS];
    (to as LazyEntry)[EDITORS] = (from as LazyEntry)[EDITORS];
  } else {
    to.authors = from.authors;
    to.editors = from.editors;
  }
}

/**
 * What search reads of an entry's people: one name each (personName) of its authors, or of its
 * editors when it has no author. Lists not read yet stay so: only these names are read.
 */
export function searchedPeople(entry: LibraryEntry): string[] {
  const authors = searchedList(entry, AUTHORS);
  return authors.length > 0 ? authors : searchedList(entry, EDITORS);
}

function searchedList(entry: LibraryEntry, slot: typeof AUTHORS | typeof EDITORS): string[] {
  const value = (entry as Partial<LazyEntry>)[slot];
  if (value instanceof NameReader) return searchedNames(entry.fields![slot === AUTHORS ? 'author' : 'editor']!, value.searched);
  return (slot === AUTHORS ? entry.authors : entry.editors).map(personName);
}
