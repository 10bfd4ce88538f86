// Author-date matching, the candidates: library and reference-list entries indexed by folded names
// and year, and the works a cited "Smith & Jones (2010a)" may mean (by first author, later authors,
// author count, title for works without author), with the suffixes a, b, c that works of the same
// authors and year take. What the check says about them is in authorDateMessages.ts.
import { editDistance } from '../editDistance';
import type { LibraryEntry, Person } from '../types';
import { PARTICLES, type AuthorDateItem } from './authorDate';
import { BRACKETED } from './referenceList';
import { MONTHS } from '../library/bibtex/scanner';
import { creditedPeople } from '../library/names';

/** An entry as the matcher sees it: folded names, year and suffix. */
export interface IndexedEntry {
  entry: LibraryEntry;
  /** Folded keys of each author (or editor, or organisation), first author first. */
  people: string[][];
  /** `Smith`, `Smith & Jones`, `Smith et al.`: for messages. */
  label: string;
  year: string;
  /** `a` when the year is written `2010a`. */
  writtenSuffix: string;
  titleKey: string;
}

/** Entries indexed once by folded first-author name; reused while the library array is the same. */
export interface AuthorDateIndex {
  byFirstName: Map<string, IndexedEntry[]>;
  byLaterName: Map<string, IndexedEntry[]>;
  byYear: Map<string, IndexedEntry[]>;
  /** Organisations by their initials (`who` for World Health Organization), for acronyms never defined. */
  byInitials: Map<string, IndexedEntry[]>;
  /** By year and the first letter of the first author's name: where to look for other spellings. */
  byYearAndInitial: Map<string, IndexedEntry[]>;
  /** Works without author or editor, cited by title. */
  anonymous: IndexedEntry[];
  /** Folded titles by their first letters, made when a work is first cited by title. */
  byTitleStart?: Map<string, Array<{ key: string; entry: IndexedEntry }>>;
}

const indexCache = new WeakMap<LibraryEntry[], AuthorDateIndex>();

export function indexForAuthorDate(entries: LibraryEntry[]): AuthorDateIndex {
  const cached = indexCache.get(entries);
  if (cached) return cached;
  const index: AuthorDateIndex = {
    byFirstName: new Map(), byLaterName: new Map(), byYear: new Map(), byInitials: new Map(), byYearAndInitial: new Map(), anonymous: [],
  };
  for (const entry of entries) {
    const people = creditedPeople(entry);
    const { year, suffix } = entryYear(entry.year);
    const indexed: IndexedEntry = {
      entry, people: people.map((person, position) => personKeys(person, position > 0)), label: authorLabel(people, entry.title, hasMoreAuthors(entry)), year, writtenSuffix: suffix,
      titleKey: people.length === 0 ? foldVariants(entry.title ?? '')[0] : '',
    };
    if (indexed.people.length === 0) index.anonymous.push(indexed);
    indexed.people.forEach((keys, position) => {
      for (const key of keys) push(position === 0 ? index.byFirstName : index.byLaterName, key, indexed);
    });
    push(index.byYear, year, indexed);
    const organisation = people[0]?.literal?.split(/\s+/u).filter((word) => /^\p{Lu}/u.test(word));
    if (organisation && organisation.length >= 2) push(index.byInitials, organisation.map((word) => word[0]).join('').toLowerCase(), indexed);
    for (const key of indexed.people[0] ?? []) push(index.byYearAndInitial, `${year}|${key[0]}`, indexed);
  }
  indexCache.set(entries, index);
  return index;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}

/** `2010a` → 2010 + a; `n.d.`, `in press`; no year reads as `n.d.`. */
function entryYear(year: string | undefined): { year: string; suffix: string } {
  const digits = /(\d{4})\s*-?([a-z])?(?![a-z])/.exec(year ?? '');
  if (digits) return { year: digits[1], suffix: digits[2] ?? '' };
  if (/press|forthcoming|to appear/i.test(year ?? '')) return { year: 'in press', suffix: /-([a-z])$/.exec(year!)?.[1] ?? '' };
  return { year: 'n.d.', suffix: /-([a-z])$/.exec(year ?? '')?.[1] ?? '' };
}

/**
 * The entries of `index` that are `work` (a reference-list item and the library entry made from it, or
 * the user's own): the same year (its suffix aside), the same first author (else editor) and, where both
 * have one, the same title, folded as names are. A name or title may hold the other: the list's "World
 * Bank & United Nations" is the library's "World Bank" and "United Nations", its "New and old wars (3rd
 * ed.)" the library's "New and old wars", and its "rgbif: …" a library title read as "Chamberlain S. rgbif: …".
 */
export function sameWorks(index: AuthorDateIndex, work: LibraryEntry): LibraryEntry[] {
  const first = (entry: LibraryEntry) => {
    const person = creditedPeople(entry)[0];
    return person ? foldVariants(person.family ?? person.literal ?? '')[0] : '';
  };
  const title = (entry: LibraryEntry) => foldVariants(entry.title ?? '')[0];
  return (index.byYear.get(entryYear(work.year).year) ?? [])
    .map((indexed) => indexed.entry)
    .filter((entry) => oneHoldsTheOther(first(entry), first(work)) && (entry.title === undefined || work.title === undefined || oneHoldsTheOther(title(entry), title(work))));
}

/** Equal, or one inside the other (neither empty unless both are). */
function oneHoldsTheOther(x: string, y: string): boolean {
  if (x === '' || y === '') return x === y;
  return x.includes(y) || y.includes(x);
}

// Cyrillic letters that look Latin (`Hӓdicke` typed with a Cyrillic ӓ) fold to the Latin ones.
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ı: 'i', þ: 'th', а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's',
};

/**
 * Accent- and punctuation-insensitive forms of a name: `Müller` gives `muller` and `mueller`,
 * `O'Neil` gives `oneil`, `van der Berg` gives `vanderberg`.
 */
export function foldVariants(name: string): string[] {
  let folded = foldCache.get(name);
  if (!folded) {
    if (foldCache.size > 100_000) foldCache.clear();
    folded = fold(name);
    foldCache.set(name, folded);
  }
  return folded;
}

const foldCache = new Map<string, string[]>();

function fold(name: string): string[] {
  if (/^[\x20-\x7e]*$/.test(name)) return [name.toLowerCase().replace(/[^a-z\d]/g, '')];
  const decomposed = name.normalize('NFD').toLowerCase();
  const finish = (text: string) =>
    text.replace(/\p{M}/gu, '').replace(/[ßæœøłđıþаеорсухіјѕ]/g, (letter) => SPECIAL_LETTERS[letter]).replace(/[^\p{L}\d]/gu, '');
  const plain = finish(decomposed);
  const umlauts = finish(decomposed.replace(/([aou])\u0308/g, '$1e'));
  return plain === umlauts ? [plain] : [plain, umlauts];
}

/** Keys of a person in an entry: the full family name and the name without its particles. */
function personKeys(person: Person, coAuthor: boolean): string[] {
  const name = person.family ?? person.literal ?? '';
  if (!/[\s[(]/.test(name)) return foldVariants(name).filter((key) => key); // the common case: one word
  const keys = new Set<string>();
  const abbreviation = /[[(](\p{Lu}{2,})[\])]/u.exec(name)?.[1];
  const withoutAbbreviation = name.replace(BRACKETED, ' ').trim();
  for (const key of foldVariants(withoutAbbreviation)) keys.add(key);
  if (abbreviation) keys.add(abbreviation.toLowerCase());
  const words = withoutAbbreviation.split(/\s+/u);
  let first = 0;
  // (`The Land Institute`, cited without its article)
  while (first < words.length - 1 && (PARTICLES.has(words[first].toLowerCase()) || (person.literal && words[first] === 'The'))) first++;
  for (const key of foldVariants(words.slice(first).join(' '))) keys.add(key);
  // `Fridman, Araújo e Daibert (2019)` for `Fridman, F., Silva de Araújo, A. P., e Barcelos Damasceno Daibert, A.`:
  // a co-author's Portuguese name is cited by its last family name (not a first author's: that would match a misspelt first part)
  if (coAuthor && words.length > 1 && !person.literal) for (const key of foldVariants(words[words.length - 1])) keys.add(key);
  keys.delete('');
  return [...keys];
}

/** A generational suffix after a cited name: `Rassi Junior`, `Lopes Júnior` (a library may leave it out). */
const NAME_SUFFIX = /^(?:Junior|Júnior|Jr\.?|Filho|Neto|Sobrinho)$/u;

/** Keys to try for a cited name, most specific first: `John Smith` → `johnsmith`, `smith`; `Rassi Junior` → `rassijunior`, `junior`, `rassi`. */
export function citedNameKeys(name: string): string[][] {
  const words = name.split(/\s+/u).filter((word) => word);
  const keys: string[][] = [];
  for (let first = 0; first < words.length; first++) keys.push(foldVariants(words.slice(first).join(' ')));
  // `Rassi Junior`: then the name without its suffix (the suffix alone names no one)
  if (words.length > 1 && NAME_SUFFIX.test(words[words.length - 1])) {
    keys.pop();
    for (let first = 0; first < words.length - 1; first++) keys.push(foldVariants(words.slice(first, -1).join(' ')));
  }
  return keys;
}

/** Whether the cited `name` may be the person of an entry whose keys (see personKeys) are `person`. */
function namesPerson(name: string, person: string[]): boolean {
  return citedNameKeys(name).some((variants) => variants.some((key) => person.includes(key)));
}

/** The places among `entry`'s people that the cited `name` may be. */
export function placesOf(name: string, entry: IndexedEntry): number[] {
  return entry.people.flatMap((person, place) => (namesPerson(name, person) ? [place] : []));
}

/** `and others` (BibTeX) or `et al.` (a reference list): more authors than are listed. */
function hasMoreAuthors(entry: LibraryEntry): boolean {
  return /\band others\b|\bet al\b/i.test(entry.fields?.author ?? '');
}

export function authorLabel(people: Person[], title?: string, more = false): string {
  const name = (person: Person) => person.family ?? person.literal ?? '?';
  if (people.length === 0) return `“${shorten(title ?? 'untitled', 40)}”`;
  if (people.length === 1) return more ? `${name(people[0])} et al.` : name(people[0]);
  if (people.length === 2) return `${name(people[0])} & ${name(people[1])}`;
  return `${name(people[0])} et al.`;
}

export function shorten(text: string, length: number): string {
  return text.length <= length ? text : text.slice(0, length - 1) + '…';
}


export interface Pool {
  name: 'reference list' | 'library';
  index: AuthorDateIndex;
  suffixes: Map<IndexedEntry, string>;
  /** The order in which works cited alike take their letters (see bibliographyOrder). */
  order: WorkOrder;
  /** Close spellings already looked up, by year and name: a long draft repeats its unmatched names. */
  spellings: Map<string, IndexedEntry[]>;
}

/** Gives works that share author list and year the suffixes a, b, c in bibliography order (see bibliographyOrder). */
export function assignSuffixes(entries: IndexedEntry[], order: WorkOrder): Map<IndexedEntry, string> {
  const groups = new Map<string, IndexedEntry[]>();
  for (const entry of entries) push(groups, `${citationForm(entry)}|${entry.year}`, entry);
  const suffixes = new Map<IndexedEntry, string>();
  for (const group of groups.values()) {
    if (group.some((entry) => entry.writtenSuffix)) {
      for (const entry of group) suffixes.set(entry, entry.writtenSuffix);
    } else if (group.length > 1) {
      group.sort(order);
      group.forEach((entry, i) => suffixes.set(entry, String.fromCharCode(97 + Math.min(i, 25))));
    }
  }
  return suffixes;
}

/**
 * Works that a suffix must tell apart: same title for anonymous works, else the same author list.
 * As citeproc with APA: works whose "et al." forms collide are told apart by naming more authors
 * (`Li, Zhang, et al., 2020`), and only identical author lists get 2020a/2020b.
 */
function citationForm(entry: IndexedEntry): string {
  if (entry.people.length === 0) return `title:${entry.titleKey}`;
  return entry.people.map((keys) => keys[0] ?? '').join('&');
}

/** APA orders titles ignoring a leading article. */
function sortTitle(entry: IndexedEntry): string {
  return (entry.entry.title ?? '').toLowerCase().replace(/^[^\p{L}\d]+/u, '').replace(/^(?:the|an?)\s+/, '');
}

export type WorkOrder = (a: IndexedEntry, b: IndexedEntry) => number;

/**
 * The order of an author-date bibliography as citeproc sorts it, in which works cited alike (`Johnson et al.
 * 2020`) take their letters: each name's family then given names, then, in APA, the title; in the styles that
 * sort by the whole date (Chicago, Harvard, ESA, Elsevier), the month first (a May paper is 2013a, a June one
 * 2013b). The draft tells which: APA joins two names in parentheses with `&`, the others with "and".
 */
export function bibliographyOrder(items: AuthorDateItem[]): WorkOrder {
  const apa = items.some((item) => !item.narrative && item.names.length > 1 && /\s&\s/.test(item.namePhrase));
  return apa ? byNamesAndTitle : (a, b) => byNames(a, b) || monthOf(a.entry) - monthOf(b.entry) || byTitle(a, b);
}

const byNames: WorkOrder = (a, b) => sortNames(a).localeCompare(sortNames(b));
const byTitle: WorkOrder = (a, b) => sortTitle(a).localeCompare(sortTitle(b));
const byNamesAndTitle: WorkOrder = (a, b) => byNames(a, b) || byTitle(a, b);

/** `jan` … `dec`, BibTeX's month macros, in order. */
const MONTH_NAMES = Object.keys(MONTHS);

/** The month of a work's date (1-12), 0 when it has none: citeproc sorts by the whole date (no month first). */
function monthOf(entry: LibraryEntry): number {
  const parts = (entry.csl?.issued as { 'date-parts'?: unknown[][] } | undefined)?.['date-parts']?.[0];
  if (parts) return typeof parts[1] === 'number' ? parts[1] : Number(parts[1]) || 0;
  const { month, date } = entry.fields ?? {};
  const iso = date && /^\d{4}-(\d{2})/.exec(date);
  if (iso) return Number(iso[1]);
  if (!month) return 0;
  const named = MONTH_NAMES.indexOf(month.trim().slice(0, 3).toLowerCase());
  return named >= 0 ? named + 1 : Number(month) || 0;
}

function sortNames(entry: IndexedEntry): string {
  return creditedPeople(entry.entry).map((person) => `${person.family ?? person.literal ?? ''} ${person.given ?? ''}`.toLowerCase()).join('\u0001');
}

/** The works of the cited authors and year, before the suffix is read; `fitting` when the author count agrees. */
export function candidatesFor(item: AuthorDateItem, pool: Pool, abbreviations: Map<string, string>) {
  const found = item.title ? titleCandidates(item.title, pool.index) : nameCandidates(item, pool.index, abbreviations);
  // A work in press has no year yet in a library (`pubstate = {inpress}`, or no date at all).
  const sameYear = found.filter((entry) => entry.year === item.year || (item.year === 'in press' && entry.year === 'n.d.' && !entry.entry.year));
  const byNames = sameYear.filter((entry) => laterNamesAgree(item, entry));
  const fitting = byNames.filter((entry) => countFits(item, entry));
  // "Smith et al." for no work of three: still the works with more authors than the names given.
  const more = item.etAl ? byNames.filter((entry) => entry.people.length > item.names.length) : [];
  return { found, sameYear, byNames, fitting, candidates: fitting.length > 0 ? fitting : more.length > 0 ? more : byNames };
}
/** Entries whose first author (or organisation) is the cited name; the most specific key that finds any wins. */
function nameCandidates(item: AuthorDateItem, index: AuthorDateIndex, abbreviations: Map<string, string>): IndexedEntry[] {
  const lookup = (keys: string[]) => {
    const found = new Set<IndexedEntry>();
    for (const key of keys) for (const entry of index.byFirstName.get(key) ?? []) found.add(entry);
    return [...found];
  };
  // A corporate name may hold "and": `Department of Health and Social Care` names one author.
  if (item.names.length > 1 && !item.etAl) {
    const whole = lookup(foldVariants(item.namePhrase));
    if (whole.length > 0) return whole;
  }
  const names = [item.names[0]];
  const expanded = abbreviations.get(item.names[0]);
  if (expanded) names.push(expanded);
  for (const name of names) {
    for (const keys of citedNameKeys(name)) {
      const found = lookup(keys);
      if (found.length > 0) return found;
    }
  }
  // `(Anon 2002)`, `(O A 1994)`: the works without author (a library has no name for them)
  if (isAnonymous(item) && index.anonymous.length > 0) return index.anonymous;
  // `(WHO, 2008)` with no definition in the text: the organisation with those initials.
  return /^\p{Lu}{2,}$/u.test(item.names[0]) ? index.byInitials.get(item.names[0].toLowerCase()) ?? [] : [];
}

/** How styles cite a work without author: `Anon.`, `Anonymous`, German `o. A.` (`O A` once its points are stripped), `N. N.` */
const ANONYMOUS = /^(?:anon(?:ymous|yme|imo|ymus)?\.?|o\.?\s?a\.?|n\.?\s?n\.?)$/iu;
const isAnonymous = (item: AuthorDateItem) => item.names.length === 1 && !item.etAl && ANONYMOUS.test(item.names[0]);

/** Works cited by their title: those without author first, else any work with that title. */
function titleCandidates(title: string, index: AuthorDateIndex): IndexedEntry[] {
  const key = foldVariants(title)[0];
  if (!key) return [];
  const anonymous = index.anonymous.filter((entry) => entry.titleKey.startsWith(key));
  if (anonymous.length > 0) return anonymous;
  if (!index.byTitleStart) {
    index.byTitleStart = new Map();
    for (const entries of index.byYear.values()) {
      for (const titled of entries) {
        const titleKey = foldVariants(titled.entry.title ?? '')[0];
        push(index.byTitleStart, titleKey.slice(0, TITLE_START), { key: titleKey, entry: titled });
      }
    }
  }
  const titled = key.length >= TITLE_START ? index.byTitleStart.get(key.slice(0, TITLE_START)) ?? [] : [...index.byTitleStart.values()].flat();
  return titled.filter((title) => title.key.startsWith(key)).map((title) => title.entry);
}

/** Titles are indexed by their first letters; a short title cited is looked up in full. */
const TITLE_START = 6;

/** `Smith & Jones`: the second cited name must be the entry's second author. */
export function laterNamesAgree(item: AuthorDateItem, entry: IndexedEntry): boolean {
  if (item.title || item.names.length < 2 || isCorporate(entry)) return true;
  return item.names.slice(1).every((name, i) => entry.people[i + 1] !== undefined && namesPerson(name, entry.people[i + 1]));
}

function isCorporate(entry: IndexedEntry): boolean {
  const first = creditedPeople(entry.entry)[0];
  return first !== undefined && first.literal !== undefined;
}

/** APA and Harvard: one or two authors are all named, three or more take "et al." (Harvard may name three). */
export function countFits(item: AuthorDateItem, entry: IndexedEntry): boolean {
  if (item.title || isAnonymous(item)) return entry.people.length === 0;
  // (`IEA et al. (2022)`: the work of IEA and others, not IEA's own)
  if (isCorporate(entry)) return !item.etAl || entry.people.length > item.names.length || hasMoreAuthors(entry.entry);
  const count = entry.people.length;
  if (hasMoreAuthors(entry.entry)) return item.etAl || item.names.length > count;
  return item.etAl ? count >= 3 && count > item.names.length : count === item.names.length;
}

/** Edit distance 1 for short names, 2 for longer ones, a swap of two letters counting one (`Brit` for `Birt`); misspellings keep the first letter. */
export function closeSpelling(a: string, b: string): boolean {
  if (a === b || a[0] !== b[0]) return false;
  const limit = Math.min(a.length, b.length) <= 5 ? 1 : 2;
  return editDistance(a, b, limit) <= limit;
}
