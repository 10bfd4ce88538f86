// Checks author-date citations in prose against the loaded libraries and the document's own
// reference list, the way a reviewer would: unmatched, ambiguous, uncited and inconsistent citations.
// When the document has a reference list, a citation's status is read against it (the library only
// adds keys); otherwise against the library. A diagnostic's `suggestions` hold replacement texts for
// its whole range, given only when the fix is safe (the one year that author has, the one close
// spelling, "et al." spelt right).
import { ignoredSpans } from '../markdown/regions';
import { LineIndex } from '../text';
import type { CitemarkDiagnostic, LibraryEntry, Person, Range } from '../types';
import { findAbbreviations, findAuthorDateCitations, PARTICLES, type AuthorDateItem } from './authorDate';
import { findReferenceList } from './referenceList';
import { editDistance } from '../editDistance';

export type AuthorDateStatus = 'matched' | 'unmatched' | 'ambiguous';

export interface AuthorDateCheckResult {
  citations: Array<{
    kind: 'author-date';
    text: string;
    start: number;
    end: number;
    items: Array<{ text: string; start: number; end: number; status: AuthorDateStatus; keys: string[] }>;
  }>;
  diagnostics: CitemarkDiagnostic[];
  referenceList?: { start: number; end: number; entries: LibraryEntry[] };
}

export interface AuthorDateCheckOptions {
  /** Report reference-list entries that no citation reaches (default true). */
  uncited?: boolean;
  /** Path of the document, the `source` of its reference-list entries. */
  path?: string;
}

/** An entry as the matcher sees it: folded names, year and suffix. */
interface IndexedEntry {
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
    const people = entry.authors.length > 0 ? entry.authors : entry.editors;
    const { year, suffix } = entryYear(entry.year);
    const indexed: IndexedEntry = {
      entry, people: people.map(personKeys), label: authorLabel(people, entry.title, hasMoreAuthors(entry)), year, writtenSuffix: suffix,
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
  if (/press|forthcoming/i.test(year ?? '')) return { year: 'in press', suffix: /-([a-z])$/.exec(year!)?.[1] ?? '' };
  return { year: 'n.d.', suffix: /-([a-z])$/.exec(year ?? '')?.[1] ?? '' };
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
function personKeys(person: Person): string[] {
  const name = person.family ?? person.literal ?? '';
  if (!/[\s[(]/.test(name)) return foldVariants(name).filter((key) => key); // the common case: one word
  const keys = new Set<string>();
  const abbreviation = /[[(](\p{Lu}{2,})[\])]/u.exec(name)?.[1];
  const withoutAbbreviation = name.replace(/\s*[[(][^\])]*[\])]\s*/gu, ' ').trim();
  for (const key of foldVariants(withoutAbbreviation)) keys.add(key);
  if (abbreviation) keys.add(abbreviation.toLowerCase());
  const words = withoutAbbreviation.split(/\s+/u);
  let first = 0;
  while (first < words.length - 1 && PARTICLES.has(words[first].toLowerCase())) first++;
  for (const key of foldVariants(words.slice(first).join(' '))) keys.add(key);
  keys.delete('');
  return [...keys];
}

/** Keys to try for a cited name, most specific first: `John Smith` → `johnsmith`, `smith`. */
function citedKeys(name: string): string[][] {
  const words = name.split(/\s+/u).filter((word) => word);
  const keys: string[][] = [];
  for (let first = 0; first < words.length; first++) keys.push(foldVariants(words.slice(first).join(' ')));
  return keys;
}

/** `and others` (BibTeX) or `et al.` (a reference list): more authors than are listed. */
function hasMoreAuthors(entry: LibraryEntry): boolean {
  return /\band others\b|\bet al\b/i.test(entry.fields?.author ?? '');
}

function authorLabel(people: Person[], title?: string, more = false): string {
  const name = (person: Person) => person.family ?? person.literal ?? '?';
  if (people.length === 0) return `“${shorten(title ?? 'untitled', 40)}”`;
  if (people.length === 1) return more ? `${name(people[0])} et al.` : name(people[0]);
  if (people.length === 2) return `${name(people[0])} & ${name(people[1])}`;
  return `${name(people[0])} et al.`;
}

function shorten(text: string, length: number): string {
  return text.length <= length ? text : text.slice(0, length - 1) + '…';
}

/** The result of matching one item against one set of references. */
interface ItemMatch {
  status: AuthorDateStatus;
  entries: IndexedEntry[];
  /** The cited name was found under this first-author key (any year). */
  nameFound: boolean;
  /** Same author and year, before the suffix was applied: the entries this citation reaches. */
  reached: IndexedEntry[];
  problem?: string;
  inconsistency?: string;
  fix?: string;
}

interface Pool {
  name: 'reference list' | 'library';
  index: AuthorDateIndex;
  suffixes: Map<IndexedEntry, string>;
  /** Close spellings already looked up, by year and name: a long draft repeats its unmatched names. */
  spellings: Map<string, IndexedEntry[]>;
}

/** Checks the author-date citations of a Markdown text against `library` and the text's own reference list. */
export function checkAuthorDate(text: string, library: LibraryEntry[], options: AuthorDateCheckOptions = {}): AuthorDateCheckResult {
  const regions = ignoredSpans(text);
  const referenceList = findReferenceList(text, options.path ?? 'document', regions);
  const skip = referenceList ? [{ start: referenceList.start, end: referenceList.end }] : [];
  const citations = findAuthorDateCitations(text, skip, regions);
  const abbreviations = findAbbreviations(referenceList ? text.slice(0, referenceList.start) + text.slice(referenceList.end) : text);
  const pools: Pool[] = [];
  const pool = (name: Pool['name'], entries: LibraryEntry[]): Pool => ({ name, index: indexForAuthorDate(entries), suffixes: new Map(), spellings: new Map() });
  if (referenceList) pools.push(pool('reference list', referenceList.entries));
  if (library.length > 0) pools.push(pool('library', library));

  // Suffixes (2010a, 2010b) go to works that share author and year, among the works the text reaches,
  // ordered as the bibliography would be: by title.
  const items = citations.flatMap((citation) => citation.items);
  for (const item of items) if (item.abbreviation) abbreviations.set(item.abbreviation, item.namePhrase);
  for (const pool of pools) {
    const reached = new Set<IndexedEntry>();
    for (const item of items) for (const entry of candidatesFor(item, pool, abbreviations).candidates) reached.add(entry);
    if (pool.name === 'reference list') pool.index.byYear.forEach((entries) => entries.forEach((entry) => reached.add(entry)));
    pool.suffixes = assignSuffixes([...reached]);
  }

  const lines = new LineIndex(text);
  const diagnostics: CitemarkDiagnostic[] = [];
  const citedInList = new Set<LibraryEntry>();
  const result: AuthorDateCheckResult = { citations: [], diagnostics };
  for (const citation of citations) {
    const checked: AuthorDateCheckResult['citations'][number]['items'] = [];
    for (const written of citation.items) {
      // Only the first pool's hints reach the message: the others tell whether they hold the work.
      let item = written;
      let matches = pools.map((pool, i) => matchItem(item, pool, abbreviations, i === 0));
      // `in South Brazil, Gallucci & Netto (2004) found`: words before the names that the phrase took in.
      for (let drop = 1; pools.length > 0 && drop < written.names.length && written.narrative && matches[0].status !== 'matched'; drop++) {
        const shorter = withoutLeadingNames(written, drop);
        const shorterMatches = pools.map((pool, i) => matchItem(shorter, pool, abbreviations, i === 0));
        if (shorterMatches[0].status === 'matched') [item, matches] = [shorter, shorterMatches];
      }
      // "the Arab Spring (2011)", "(Kosovo, 1999)": a doubtful name that no reference has is no citation.
      if (item.doubtful && matches.every((match) => !match.nameFound)) continue;
      // A taxon's authority is a citation only when a reference matches it.
      if (item.authority && matches.every((match) => match.status !== 'matched')) continue;
      const primary: ItemMatch = matches[0] ?? {
        status: 'unmatched', entries: [], nameFound: false, reached: [],
        problem: `No reference for ${citedLabel(item)}: no library is loaded and the document has no reference list.`,
      };
      if (referenceList) for (const entry of matches[0].reached) citedInList.add(entry.entry);
      // Keys of the matched work, or of the candidates when the citation is ambiguous.
      const keys = matches.flatMap((match) => (match.status === 'unmatched' ? [] : match.entries.map((entry) => entry.entry.key)));
      checked.push({ text: item.text, start: item.start, end: item.end, status: primary.status, keys: [...new Set(keys)] });
      const range = rangeOf(lines, item.start, item.end);
      if (primary.status !== 'matched') {
        const elsewhere = matches.slice(1).find((match) => match.status === 'matched');
        const also = elsewhere ? ` The library has it: ${elsewhere.entries.map((entry) => entry.entry.key).join(', ')}.` : '';
        diagnostics.push({
          code: primary.status, severity: 'warning', range,
          message: `${primary.problem ?? `No reference for ${citedLabel(item)}.`}${also}`,
          suggestions: primary.fix ? [primary.fix] : undefined,
        });
      }
      const inconsistency = primary.status === 'matched' ? primary.inconsistency : undefined;
      const etAlFix = item.etAlVariant ? item.text.replace(item.etAlVariant.replace(/,$/, ''), 'et al.') : undefined;
      if (inconsistency || etAlFix) {
        diagnostics.push({
          code: 'inconsistent', severity: 'information', range,
          message: inconsistency ?? `Write “et al.”, not “${item.etAlVariant!.replace(/,$/, '')}”.`,
          suggestions: inconsistency ? (primary.fix ? [primary.fix] : undefined) : [etAlFix!],
        });
      }
    }
    if (checked.length > 0) result.citations.push({ kind: 'author-date', text: citation.text, start: citation.start, end: citation.end, items: checked });
  }

  if (referenceList) {
    result.referenceList = referenceList;
    if (options.uncited !== false) {
      for (const entry of referenceList.entries) {
        if (citedInList.has(entry) || entry.year === undefined) continue;
        const label = authorLabel(entry.authors.length > 0 ? entry.authors : entry.editors, entry.title);
        diagnostics.push({
          code: 'uncited', severity: 'warning', range: entryRange(lines, entry),
          message: `${label} (${entry.year}) is in the reference list but no citation in the text reaches it.`,
        });
      }
    }
    // An item without a year cannot be cited in author-date style: say so rather than call it uncited.
    for (const entry of referenceList.entries) {
      if (entry.year !== undefined) continue;
      diagnostics.push({
        code: 'inconsistent', severity: 'warning', range: entryRange(lines, entry),
        message: 'This reference-list item has no year (APA writes “n.d.” when there is none), so no citation can reach it.',
      });
    }
  }
  diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return result;
}

function withoutLeadingNames(item: AuthorDateItem, drop: number): AuthorDateItem {
  const names = item.names.slice(drop);
  const at = item.text.indexOf(names[0]);
  return { ...item, names, namePhrase: item.namePhrase.slice(Math.max(0, item.namePhrase.indexOf(names[0]))), start: item.start + at, text: item.text.slice(at) };
}

function entryRange(lines: LineIndex, entry: LibraryEntry): Range {
  const start = lines.offsetAt({ line: entry.startLine, character: 0 });
  return rangeOf(lines, start, lines.offsetAt({ line: entry.endLine, character: lines.lineText(entry.endLine).length }));
}

function rangeOf(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.positionAt(start), end: lines.positionAt(end) };
}

function citedLabel(item: AuthorDateItem): string {
  const names = item.title ? `“${item.title}”` : item.etAl ? `${item.names[0]} et al.` : item.names.join(' & ');
  return `${names} (${item.year}${item.suffix})`;
}

/** Gives works that share author list and year the suffixes a, b, c in bibliography (title) order. */
function assignSuffixes(entries: IndexedEntry[]): Map<IndexedEntry, string> {
  const groups = new Map<string, IndexedEntry[]>();
  for (const entry of entries) push(groups, `${citationForm(entry)}|${entry.year}`, entry);
  const suffixes = new Map<IndexedEntry, string>();
  for (const group of groups.values()) {
    if (group.some((entry) => entry.writtenSuffix)) {
      for (const entry of group) suffixes.set(entry, entry.writtenSuffix);
    } else if (group.length > 1) {
      group.sort((a, b) => sortTitle(a).localeCompare(sortTitle(b)));
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

/** The works of the cited authors and year, before the suffix is read; `fitting` when the author count agrees. */
function candidatesFor(item: AuthorDateItem, pool: Pool, abbreviations: Map<string, string>) {
  const found = item.title ? titleCandidates(item.title, pool.index) : nameCandidates(item, pool.index, abbreviations);
  // A work in press has no year yet in a library (`pubstate = {inpress}`, or no date at all).
  const sameYear = found.filter((entry) => entry.year === item.year || (item.year === 'in press' && entry.year === 'n.d.' && !entry.entry.year));
  const byNames = sameYear.filter((entry) => laterNamesAgree(item, entry));
  const fitting = byNames.filter((entry) => countFits(item, entry));
  // "Smith et al." for no work of three: still the works with more authors than the names given.
  const more = item.etAl ? byNames.filter((entry) => entry.people.length > item.names.length) : [];
  return { found, sameYear, byNames, fitting, candidates: fitting.length > 0 ? fitting : more.length > 0 ? more : byNames };
}

function matchItem(item: AuthorDateItem, pool: Pool, abbreviations: Map<string, string>, withHints: boolean): ItemMatch {
  const where = pool.name === 'reference list' ? 'the reference list' : 'the library';
  const cited = citedLabel(item);
  const { found, sameYear, byNames, fitting, candidates } = candidatesFor(item, pool, abbreviations);
  const unmatched = (hints: string[], fix?: string): ItemMatch => ({
    status: 'unmatched', entries: [], nameFound: found.length > 0, reached: [], fix,
    problem: `No reference in ${where} for ${cited}${hints.length > 0 ? `; ${hints.join('; ')}` : ''}.`,
  });

  if (sameYear.length === 0) return withHints ? unmatched(...closeHints(item, found, pool)) : unmatched([]);
  if (byNames.length === 0) {
    return unmatched([`${where} has ${listLabels(sameYear)} with other co-authors`]);
  }
  const suffixOf = (entry: IndexedEntry) => pool.suffixes.get(entry) ?? '';

  if (item.suffix) {
    const bySuffix = candidates.filter((entry) => suffixOf(entry) === item.suffix);
    if (bySuffix.length === 0) {
      // `2010a` on the author's one work of 2010 is a note; `2010b` needs a second work, which is not there.
      if (candidates.length === 1 && !suffixOf(candidates[0]) && item.suffix === 'a') {
        return {
          status: 'matched', entries: candidates, nameFound: true, reached: candidates,
          inconsistency: `${cited}: ${where} has only one ${candidates[0].label} ${item.year}; the year needs no suffix “${item.suffix}”.`,
          fix: item.text.replace(new RegExp(`(${item.year})-?${item.suffix}`), '$1'),
        };
      }
      // A library with plain years: the suffix is the work's place among the cited author's works of that
      // year, ordered as APA orders them (by title), whether or not the author lists are the same.
      const ordered = [...candidates].sort((a, b) => sortTitle(a).localeCompare(sortTitle(b)));
      const place = item.suffix.charCodeAt(0) - 97;
      if (candidates.every((entry) => !entry.writtenSuffix) && place < ordered.length) {
        return finish(item, [ordered[place]], candidates, fitting.length > 0, where);
      }
      const written = candidates.map((entry) => `${entry.year}${suffixOf(entry)}`).join(', ');
      return { ...unmatched([`${where} has ${candidates[0].label} ${written}`]), reached: candidates, nameFound: true };
    }
    return finish(item, bySuffix, candidates, fitting.length > 0, where);
  }
  if (candidates.length > 1) {
    candidates.sort((a, b) => suffixOf(a).localeCompare(suffixOf(b)));
    const shown = candidates.slice(0, 5);
    const suffixes = shown.map((entry) => `${entry.year}${suffixOf(entry) || '?'}`).join('/');
    const works = shown.map((entry) => `${entry.entry.key} “${shorten(entry.entry.title ?? '', 50)}”`).join(', ');
    const more = candidates.length > shown.length ? ` and ${candidates.length - shown.length} more` : '';
    const need = pool.name === 'reference list' ? 'the citation and the reference list need' : 'the citation needs one of';
    return {
      status: 'ambiguous', entries: candidates, nameFound: true, reached: candidates,
      problem: `${cited} could be any of ${candidates.length} works in ${where}: ${works}${more}; ${need} ${suffixes}.`,
    };
  }
  const only = candidates[0];
  if (suffixOf(only)) {
    return {
      status: 'matched', entries: candidates, nameFound: true, reached: candidates,
      inconsistency: `${cited}: ${where} gives this work as ${only.year}${suffixOf(only)}.`,
      fix: item.text.replace(item.year, `${item.year}${suffixOf(only)}`),
    };
  }
  return finish(item, candidates, candidates, fitting.length > 0, where);
}

function finish(item: AuthorDateItem, entries: IndexedEntry[], reached: IndexedEntry[], countFitted: boolean, where: string): ItemMatch {
  if (entries.length > 1) {
    return { status: 'ambiguous', entries, reached, nameFound: true, problem: `${citedLabel(item)} could be any of ${listLabels(entries)} in ${where}.` };
  }
  const match: ItemMatch = { status: 'matched', entries, nameFound: true, reached };
  if (!countFitted) {
    const entry = entries[0];
    const count = entry.people.length;
    match.inconsistency = item.title
      ? `${citedLabel(item)}: this work has an author; cite it as ${entry.label} (${entry.year}).`
      : item.etAl
      ? `${citedLabel(item)}: “et al.” is for three or more authors; this work has ${count === 1 ? 'one' : 'two'} (${entry.label}).`
      : `${citedLabel(item)}: this work has ${count === 2 ? 'two authors' : 'three or more authors'} (${entry.label}); ${count === 2 ? 'name both' : 'write the first name and “et al.”'}.`;
  }
  return match;
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
    for (const keys of citedKeys(name)) {
      const found = lookup(keys);
      if (found.length > 0) return found;
    }
  }
  // `(WHO, 2008)` with no definition in the text: the organisation with those initials.
  return /^\p{Lu}{2,}$/u.test(item.names[0]) ? index.byInitials.get(item.names[0].toLowerCase()) ?? [] : [];
}

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
function laterNamesAgree(item: AuthorDateItem, entry: IndexedEntry): boolean {
  if (item.title || item.names.length < 2 || isCorporate(entry)) return true;
  return item.names.slice(1).every((name, i) => {
    const keys = entry.people[i + 1];
    return keys !== undefined && citedKeys(name).some((variants) => variants.some((key) => keys.includes(key)));
  });
}

function isCorporate(entry: IndexedEntry): boolean {
  const first = entry.entry.authors[0] ?? entry.entry.editors[0];
  return first !== undefined && first.literal !== undefined;
}

/** APA and Harvard: one or two authors are all named, three or more take "et al." (Harvard may name three). */
function countFits(item: AuthorDateItem, entry: IndexedEntry): boolean {
  if (item.title) return entry.people.length === 0;
  if (isCorporate(entry)) return true;
  const count = entry.people.length;
  if (hasMoreAuthors(entry.entry)) return item.etAl || item.names.length > count;
  return item.etAl ? count >= 3 && count > item.names.length : count === item.names.length;
}

function listLabels(entries: IndexedEntry[]): string {
  const listed = entries.slice(0, 4).map((entry) => `${entry.label} ${entry.year} (${entry.entry.key})`);
  return entries.length > 4 ? `${listed.join(', ')} and ${entries.length - 4} more` : listed.join(', ');
}

/** What is close to an unmatched citation: the author's other years, other spellings, a later author. */
function closeHints(item: AuthorDateItem, found: IndexedEntry[], pool: Pool): [string[], string?] {
  const where = pool.name === 'reference list' ? 'the reference list' : 'the library';
  const hints: string[] = [];
  let fix: string | undefined;
  if (found.length > 0) {
    const byLabel = new Map<string, Set<string>>();
    for (const entry of found) byLabel.set(entry.label, (byLabel.get(entry.label) ?? new Set()).add(entry.year));
    const works = [...byLabel].map(([label, years]) => `${label} ${[...years].sort().join(', ')}`);
    // A common name has hundreds of works in a big library: name a few.
    const shown = works.length > 4 ? [...works.slice(0, 4), `${works.length - 4} more`] : works;
    hints.push(`${where} has ${joinAnd(shown)}`);
    // The year is safe to fix only when one work by exactly these authors exists.
    const sameAuthors = found.filter((entry) => laterNamesAgree(item, entry) && countFits(item, entry));
    if (sameAuthors.length === 1) fix = item.text.replace(new RegExp(`${escapeRegExp(item.year)}-?${item.suffix}`), sameAuthors[0].year);
  } else if (!item.title) {
    const cited = [...foldVariants(item.names[0]), ...(citedKeys(item.names[0]).at(-1) ?? [])];
    const cacheKey = `${item.year}|${cited.join('|')}`;
    let spellings = pool.spellings.get(cacheKey);
    if (!spellings) {
      const sameInitial = new Set(cited.flatMap((name) => pool.index.byYearAndInitial.get(`${item.year}|${name[0]}`) ?? []));
      spellings = [...sameInitial].filter((entry) => (entry.people[0] ?? []).some((key) => cited.some((name) => closeSpelling(name, key))));
      pool.spellings.set(cacheKey, spellings);
    }
    if (spellings.length > 0) {
      hints.push(`${where} has ${listLabels(spellings)}`);
      const names = new Set(spellings.map((entry) => entry.entry.authors[0]?.family ?? entry.entry.editors[0]?.family));
      const [name] = names;
      if (names.size === 1 && name) fix = item.text.replace(item.names[0].split(/\s+/).at(-1)!, name);
    }
  }
  if (!item.title) {
    const later = new Set<IndexedEntry>();
    const cited = [...foldVariants(item.names[0]), ...(citedKeys(item.names[0]).at(-1) ?? [])];
    for (const key of cited) for (const entry of pool.index.byLaterName.get(key) ?? []) if (entry.year === item.year) later.add(entry);
    if (later.size > 0) hints.push(`${item.names[0]} is a co-author of ${listLabels([...later])}`);
  }
  return [hints, fix];
}

/** Edit distance 1 for short names, 2 for longer ones, a swap of two letters counting one (`Brit` for `Birt`); misspellings keep the first letter. */
function closeSpelling(a: string, b: string): boolean {
  if (a === b || a[0] !== b[0]) return false;
  const limit = Math.min(a.length, b.length) <= 5 ? 1 : 2;
  return editDistance(a, b, limit) <= limit;
}

function joinAnd(values: string[]): string {
  return values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} and ${values[values.length - 1]}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
