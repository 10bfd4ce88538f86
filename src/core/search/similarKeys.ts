// "Did you mean": keys of the library close to an unknown key.
import { NON_ASCII, normalize } from './fields';
import { creditedPeople, personName } from '../library/names';
import type { CitationSearch } from './search';
import type { EntryList } from '../library/entryList';
import type { LibraryEntry } from '../types';
import { editDistance } from '../editDistance';

/**
 * Keys of the library close to an unknown key, best first, for "did you mean". Close means a small
 * edit distance (typos, swapped letters), or the author and year read from the key (`smith2010`:
 * an entry by Smith from 2010, whatever its key looks like).
 */
export function similarKeys(key: string, library: LibraryEntry[] | CitationSearch, limit = 5): string[] {
  // From a search index, keys and years are read from the index: on the editor's side, where entries
  // are made on first use, only the few that may be close are made (not all 88,000 of a large library).
  const search = Array.isArray(library) ? undefined : library;
  const entries: EntryList = search ? search.entryList : (library as LibraryEntry[]);
  const keyAt = search ? (index: number) => search.normalizedKey(index) : (index: number) => entries.at(index)!.key;
  const yearAt = search ? (index: number) => search.year(index) : (index: number) => entries.at(index)!.year;
  const wanted = normalize(key);
  const maxDistance = Math.max(1, Math.min(3, Math.floor(wanted.length / 4)));
  const name = /^\p{L}{3,}/u.exec(wanted)?.[0];
  const year = /(1[5-9]|20)\d\d/.exec(wanted)?.[0];
  const scored: Array<{ key: string; score: number; index: number }> = [];
  for (let index = 0; index < entries.length; index++) {
    const entryYear = yearAt(index);
    const yearsApart = year !== undefined && entryYear !== undefined ? Math.abs(Number(entryYear) - Number(year)) : NaN;
    // Not typo-close, an entry counts only by the author and year read from the key.
    const byAuthorAndYear = name !== undefined && yearsApart <= 1;
    // Normalising never shortens a key (accents go, ß becomes ss) and lengthens only one with other than ASCII:
    // a key too long, or too short and plain ASCII, cannot be typo-close, and need not be normalised.
    const shownKey = keyAt(index);
    const lengthGap = shownKey.length - wanted.length;
    const mayBeClose = lengthGap <= maxDistance && (lengthGap >= -maxDistance || NON_ASCII.test(shownKey));
    if (!mayBeClose && !byAuthorAndYear) continue;
    const candidate = search ? shownKey : normalizedKey(entries.at(index)!);
    const distance = mayBeClose ? editDistance(wanted, candidate, maxDistance) : maxDistance + 1;
    if (distance > maxDistance && !byAuthorAndYear) continue;
    const entry = entries.at(index)!;
    if (candidate === wanted && entry.key === key) continue;
    const first = creditedPeople(entry)[0];
    const sameAuthor = name !== undefined && first !== undefined && normalize(personName(first)) === name;
    // A typo-close key first; then an entry by the same author in the same year; then the same author, a year off.
    let score: number;
    if (distance <= maxDistance) score = distance - (sameAuthor ? 0.5 : 0) - (yearsApart === 0 ? 0.25 : 0);
    else if (sameAuthor && yearsApart === 0) score = maxDistance + 1;
    else if (sameAuthor && yearsApart === 1) score = maxDistance + 2;
    else continue;
    scored.push({ key: entry.key, score, index });
  }
  scored.sort((a, b) => a.score - b.score || a.index - b.index);
  return [...new Set(scored.map((item) => item.key))].slice(0, limit);
}

const normalizedKeys = new WeakMap<LibraryEntry, string>();

function normalizedKey(entry: LibraryEntry): string {
  let key = normalizedKeys.get(entry);
  if (key === undefined) normalizedKeys.set(entry, (key = normalize(entry.key)));
  return key;
}
