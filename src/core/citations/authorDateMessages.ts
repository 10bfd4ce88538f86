// Author-date matching, the messages: what a cited item's candidates mean (matched, ambiguous,
// unmatched, inconsistent) and how the problem is told, with the hints of what is close (the author's
// other years, other spellings, a co-author) and a fix when exactly one is safe.
import type { AuthorDateItem } from './authorDate';
import {
  candidatesFor, citedNameKeys, closeSpelling, countFits, foldVariants, laterNamesAgree, placesOf, shorten,
  type IndexedEntry, type Pool,
} from './authorDateCandidates';
import type { AuthorDateStatus } from './authorDateCheck';

/** The result of matching one item against one set of references. */
export interface ItemMatch {
  status: AuthorDateStatus;
  entries: IndexedEntry[];
  /** The cited name was found under this first-author key (any year). */
  nameFound: boolean;
  /** Same author and year, before the suffix was applied: the entries this citation reaches. */
  reached: IndexedEntry[];
  /** Unmatched: the one work it seems to mean (`Engdahl 1997` for the list's only Engdahl 1977, `Wolrd Bank` for World Bank). */
  meant?: IndexedEntry[];
  problem?: string;
  inconsistency?: string;
  fix?: string;
}

export function citedLabel(item: AuthorDateItem): string {
  const names = item.title ? `“${item.title}”` : item.etAl ? `${item.names[0]} et al.` : item.names.join(' & ');
  return `${names} (${item.year}${item.suffix})`;
}
/** The last name of a phrase when it holds ` e ` or ` y ` (see matchItem). */
const LAST_NAME_WITH_E_OR_Y = /(?:^|[,;]\s*(?:(?:and|&)\s+)?|\s(?:and|&)\s)(\S[^,;]*? [ey] \S+)$/u;

export function matchItem(item: AuthorDateItem, pool: Pool, abbreviations: Map<string, string>, withHints: boolean): ItemMatch {
  const where = pool.name === 'reference list' ? 'the reference list' : 'the library';
  const cited = citedLabel(item);
  // `DerSimonian & Laird DerSimonian & Laird (1986)`, as R Markdown renders `Names @key`: the names
  // written twice are matched as written once, and fixed to once.
  const once = namesOnce(item.names);
  if (once) {
    const single = matchItem({ ...item, names: once }, pool, abbreviations, withHints);
    const second = item.text.indexOf(once[0], item.text.indexOf(once[0]) + once[0].length);
    if (single.status === 'matched' && !single.inconsistency && second > 0) {
      return { ...single, inconsistency: `${cited}: the names are written twice.`, fix: item.text.slice(second) };
    }
  }
  // `Oliveira e Silva (1982)`, `Ramón y Cajal (1894)`, `Büthe, Major, and de Mello e Souza 2012`: one Portuguese or
  // Spanish family name, the last, read as two names.
  const lastName = LAST_NAME_WITH_E_OR_Y.exec(item.namePhrase)?.[1];
  if (lastName && item.names.length >= 2 && lastName.endsWith(` ${item.names.at(-1)}`)) {
    const joined = matchItem({ ...item, names: [...item.names.slice(0, -2), lastName] }, pool, abbreviations, withHints);
    if (joined.status === 'matched') return joined;
  }
  const { found, sameYear, byNames, fitting, candidates } = candidatesFor(item, pool, abbreviations);
  const unmatched = (hints: string[], fix?: string): ItemMatch => ({
    status: 'unmatched', entries: [], nameFound: found.length > 0, reached: [], fix,
    problem: `No reference in ${where} for ${cited}${hints.length > 0 ? `; ${hints.join('; ')}` : ''}.`,
  });

  if (sameYear.length === 0) {
    if (!withHints) return unmatched([]);
    const [hints, fix, meant] = closeHints(item, found, pool);
    return { ...unmatched(hints, fix), meant };
  }
  if (byNames.length === 0) {
    // ("with other co-authors" read wrong for a work of one author: the student trial)
    const hints = [`${where} has ${listLabels(sameYear, where)}, whose author list differs`];
    const reordered = withHints ? sameNamesReordered(item, pool, sameYear) : [];
    if (reordered.length === 0) return unmatched(hints);
    hints.push(`it has ${listLabels(reordered, where)}: the same names in another order`);
    return unmatched(hints, reordered.length === 1 ? reorderedText(item, reordered[0]) : undefined);
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
      // year, in bibliography order, whether or not the author lists are the same.
      const ordered = [...candidates].sort(pool.order);
      const place = item.suffix.charCodeAt(0) - 97;
      if (candidates.every((entry) => !entry.writtenSuffix) && place < ordered.length) {
        return finish(item, [ordered[place]], candidates, fitting.length > 0, where);
      }
      const written = candidates.map((entry) => `${entry.year}${suffixOf(entry)}`).join(', ');
      return { ...unmatched([`${where} has ${candidates[0].label} ${written}`]), reached: candidates, nameFound: true };
    }
    return finish(item, bySuffix, candidates, fitting.length > 0, where);
  }
  // A library's copies of one work (a Zotero duplicate: the same authors, year and title under two keys) are
  // no choice between works: the citation means that work, whichever copy it cites.
  if (candidates.length > 1 && pool.name === 'library' && copiesOfOneWork(candidates)) return finish(item, candidates.slice(0, 1), candidates, fitting.length > 0, where);
  if (candidates.length > 1) {
    candidates.sort((a, b) => suffixOf(a).localeCompare(suffixOf(b)));
    const shown = candidates.slice(0, 5);
    const works = shown.map((entry) => `${entry.entry.key} “${shorten(entry.entry.title ?? '', 50)}”`).join(', ');
    const more = candidates.length > shown.length ? ` and ${candidates.length - shown.length} more` : '';
    const need = pool.name === 'reference list' ? 'the citation and the reference list need' : 'the citation needs';
    // Works not cited have no letter yet ("2010?/2010?/2010?" told the student trial nothing)
    const which = shown.every((entry) => suffixOf(entry))
      ? `one of ${shown.map((entry) => `${entry.year}${suffixOf(entry)}`).join('/')}`
      : `a letter after the year (${item.year}a, ${item.year}b, …) or a key to tell them apart`;
    return {
      status: 'ambiguous', entries: candidates, nameFound: true, reached: candidates,
      problem: `${cited} could be any of ${candidates.length} works in ${where}: ${works}${more}; ${need} ${which}.`,
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

/** Whether entries are one work written down more than once: the same year, authors and title (letters and digits). */
function copiesOfOneWork(entries: IndexedEntry[]): boolean {
  const work = (entry: IndexedEntry) => entry.entry.title && `${entry.year}${entry.writtenSuffix}|${entry.people.map((keys) => keys[0]).join('|')}|${entry.entry.title.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')}`;
  const first = work(entries[0]);
  return !!first && entries.every((entry) => work(entry) === first);
}

function finish(item: AuthorDateItem, entries: IndexedEntry[], reached: IndexedEntry[], countFitted: boolean, where: string): ItemMatch {
  if (entries.length > 1) {
    return { status: 'ambiguous', entries, reached, nameFound: true, problem: `${citedLabel(item)} could be any of ${listLabels(entries, where)} in ${where}.` };
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

/**
 * `Häckel & Farkač (2012)` for a list that has `Farkač & Häckel 2012` and a one-author Häckel 2012, `Smit; Kobashi;
 * Tálamo (2004)` for `Smit, Tálamo, Kobashi`: the works of the year (among `sameYear`, or with the cited first name
 * later) whose authors are the cited names, each once, in another order.
 */
function sameNamesReordered(item: AuthorDateItem, pool: Pool, sameYear: IndexedEntry[]): IndexedEntry[] {
  if (item.title || item.etAl || item.names.length < 2) return [];
  const laterWorks = citedNameKeys(item.names[0]).flat().flatMap((key) => pool.index.byLaterName.get(key) ?? []);
  return [...new Set([...sameYear, ...laterWorks])].filter((entry) => entry.year === item.year && entry.people.length === item.names.length &&
    item.names.every((name) => placesOf(name, entry).length === 1) && item.names.some((name, place) => placesOf(name, entry)[0] !== place));
}

/** The citation with its names in the order of `entry`'s authors, when each is written once in it; else undefined. */
function reorderedText(item: AuthorDateItem, entry: IndexedEntry): string | undefined {
  const at = item.names.map((name) => item.text.indexOf(name));
  if (at.some((start, i) => start < 0 || item.text.indexOf(item.names[i], start + 1) >= 0)) return undefined;
  // the cited name at each of the entry's places (each cited name has one place: see sameNamesReordered)
  const byPlace: string[] = [];
  item.names.forEach((name) => (byPlace[placesOf(name, entry)[0]] = name));
  // each written name, in text order, replaced by the name the entry has in that place
  const written = item.names.map((name, i) => ({ name, start: at[i] })).sort((a, b) => a.start - b.start);
  let text = item.text;
  for (let place = written.length - 1; place >= 0; place--) {
    const { name, start } = written[place];
    text = text.slice(0, start) + byPlace[place] + text.slice(start + name.length);
  }
  return text;
}

/**
 * The names of a list written twice over (`DerSimonian`, `Laird DerSimonian`, `Laird`: its words, read
 * in order, are the same list twice), as written once; undefined for any other list.
 */
function namesOnce(names: string[]): string[] | undefined {
  const words = names.flatMap((name) => name.split(/\s+/u));
  const half = words.length / 2;
  if (!Number.isInteger(half) || half === 0 || words.slice(0, half).some((word, i) => word !== words[half + i])) return undefined;
  const once: string[] = [];
  let taken = 0;
  for (const name of names) {
    const nameWords = name.split(/\s+/u);
    once.push(nameWords.slice(0, half - taken).join(' '));
    taken += nameWords.length;
    if (taken >= half) break;
  }
  return once;
}

/**
 * `Smith & Jones 2010 (smithjones2010)`: a library entry with its key; an item of the document's own
 * reference list with its line (its key is made up here: Extract Reference List writes another).
 */
function listLabels(entries: IndexedEntry[], where: string): string {
  const place = (entry: IndexedEntry) => (where === 'the reference list' ? `line ${entry.entry.startLine + 1}` : entry.entry.key);
  const listed = entries.slice(0, 4).map((entry) => `${entry.label} ${entry.year} (${place(entry)})`);
  return entries.length > 4 ? `${listed.join(', ')} and ${entries.length - 4} more` : listed.join(', ');
}

/** What is close to an unmatched citation: the author's other years, other spellings, a later author. */
/** The hints for a citation no work of its year matches, the fix when one is safe, and the one work it seems to mean. */
function closeHints(item: AuthorDateItem, found: IndexedEntry[], pool: Pool): [string[], string | undefined, IndexedEntry[]] {
  const where = pool.name === 'reference list' ? 'the reference list' : 'the library';
  const hints: string[] = [];
  let fix: string | undefined;
  let meant: IndexedEntry[] = [];
  if (found.length > 0) {
    const byLabel = new Map<string, Set<string>>();
    for (const entry of found) byLabel.set(entry.label, (byLabel.get(entry.label) ?? new Set()).add(entry.year));
    const works = [...byLabel].map(([label, years]) => `${label} ${[...years].sort().join(', ')}`);
    // A common name has hundreds of works in a big library: name a few.
    const shown = works.length > 4 ? [...works.slice(0, 4), `${works.length - 4} more`] : works;
    hints.push(`${where} has ${joinAnd(shown)}`);
    // The year is safe to fix only when one work by exactly these authors exists.
    const sameAuthors = found.filter((entry) => laterNamesAgree(item, entry) && countFits(item, entry));
    if (sameAuthors.length === 1) {
      fix = item.text.replace(new RegExp(`${escapeRegExp(item.year)}-?${item.suffix}`), sameAuthors[0].year);
      meant = sameAuthors;
    }
  } else if (!item.title) {
    const cited = [...foldVariants(item.names[0]), ...(citedNameKeys(item.names[0]).at(-1) ?? [])];
    const cacheKey = `${item.year}|${cited.join('|')}`;
    let spellings = pool.spellings.get(cacheKey);
    if (!spellings) {
      const sameInitial = new Set(cited.flatMap((name) => pool.index.byYearAndInitial.get(`${item.year}|${name[0]}`) ?? []));
      spellings = [...sameInitial].filter((entry) => (entry.people[0] ?? []).some((key) => cited.some((name) => closeSpelling(name, key))));
      pool.spellings.set(cacheKey, spellings);
    }
    if (spellings.length > 0) {
      hints.push(`${where} has ${listLabels(spellings, where)}`);
      const names = new Set(spellings.map((entry) => entry.entry.authors[0]?.family ?? entry.entry.editors[0]?.family));
      const [name] = names;
      if (names.size === 1 && name) fix = item.text.replace(item.names[0].split(/\s+/).at(-1)!, name);
      if (spellings.length === 1) meant = spellings;
    }
  }
  if (!item.title) {
    const later = new Set<IndexedEntry>();
    const cited = [...foldVariants(item.names[0]), ...(citedNameKeys(item.names[0]).at(-1) ?? [])];
    for (const key of cited) for (const entry of pool.index.byLaterName.get(key) ?? []) if (entry.year === item.year) later.add(entry);
    if (later.size > 0) hints.push(`${item.names[0]} is a co-author of ${listLabels([...later], where)}`);
  }
  return [hints, fix, meant];
}

function joinAnd(values: string[]): string {
  return values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} and ${values[values.length - 1]}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}