// Checks author-date citations in prose against the loaded libraries and the document's own
// reference list, the way a reviewer would: unmatched, ambiguous, uncited and inconsistent citations.
// When the document has a reference list, a citation's status is read against it (the library only
// adds keys); otherwise against the library. A diagnostic's `suggestions` hold replacement texts for
// its whole range, given only when the fix is safe (the one year that author has, the one close
// spelling, "et al." spelt right). The candidates a citation may mean are found in
// authorDateCandidates.ts, what is said about them in authorDateMessages.ts.
import { Draft } from '../draft';
import type { LineIndex } from '../text';
import type { CitemarkDiagnostic, LibraryEntry, Range } from '../types';
import { findAbbreviations, type AuthorDateItem } from './authorDate';
import { assignSuffixes, authorLabel, bibliographyOrder, candidatesFor, indexForAuthorDate, placesOf, sameWorks, type IndexedEntry, type Pool } from './authorDateCandidates';
import { citedLabel, matchItem, type ItemMatch } from './authorDateMessages';
import { creditedPeople } from '../library/names';

export { foldVariants, indexForAuthorDate, type AuthorDateIndex } from './authorDateCandidates';

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
  /** Library entries the draft cites by key (`[@key]`, as Convert All writes them): their items in the reference list are reached too. */
  citedByKey?: LibraryEntry[];
}

/**
 * Checks the author-date citations of a draft (or a Markdown text, read as a draft at `options.path`)
 * against `library` and the draft's own reference list.
 */
export function checkAuthorDate(input: Draft | string, library: LibraryEntry[], options: AuthorDateCheckOptions = {}): AuthorDateCheckResult {
  const draft = Draft.of(input, options.path);
  const { text, referenceList, lines } = draft;
  const citations = draft.authorDateCitations;
  const abbreviations = findAbbreviations(referenceList ? text.slice(0, referenceList.start) + text.slice(referenceList.end) : text);
  const pools: Pool[] = [];
  const items = citations.flatMap((citation) => citation.items);
  const order = bibliographyOrder(items);
  const pool = (name: Pool['name'], entries: LibraryEntry[]): Pool => ({ name, index: indexForAuthorDate(entries), suffixes: new Map(), spellings: new Map(), order });
  if (referenceList) pools.push(pool('reference list', referenceList.entries));
  if (library.length > 0) pools.push(pool('library', library));

  // Suffixes (2010a, 2010b) go to works that share author and year, among the works the text reaches,
  // ordered as the bibliography would be (see bibliographyOrder).
  for (const item of items) if (item.abbreviation) abbreviations.set(item.abbreviation, item.namePhrase);
  for (const pool of pools) {
    const reached = new Set<IndexedEntry>();
    for (const item of items) for (const entry of candidatesFor(item, pool, abbreviations).candidates) reached.add(entry);
    if (pool.name === 'reference list') pool.index.byYear.forEach((entries) => entries.forEach((entry) => reached.add(entry)));
    pool.suffixes = assignSuffixes([...reached], pool.order);
  }

  const diagnostics: CitemarkDiagnostic[] = [];
  const citedInList = new Set<LibraryEntry>();
  /** List items an unmatched citation seems to mean (another year, a close spelling): the first such citation and its line. */
  const meantBy = new Map<LibraryEntry, { item: AuthorDateItem; line: number }>();
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
        // (unless the names dropped are the matched work's authors too: `Häckel & Farkač (2012)` for Farkač & Häckel, reordered)
        const dropped = written.names.slice(0, drop);
        const reordered = shorterMatches[0].entries.some((entry) => dropped.every((name) => placesOf(name, entry).length > 0));
        if (shorterMatches[0].status === 'matched' && !reordered) [item, matches] = [shorter, shorterMatches];
      }
      // "the Arab Spring (2011)", "(Kosovo, 1999)": a doubtful name that no reference has is no citation, unless
      // it is one reference's name misspelt ("the Wolrd Bank (2022)").
      if (item.doubtful && matches.every((match) => !match.nameFound && !match.meant?.length)) continue;
      // A taxon's authority, a possessive before a bare year: a citation only when a reference matches it.
      if (item.matchedOnly && matches.every((match) => match.status !== 'matched')) continue;
      const primary: ItemMatch = matches[0] ?? {
        status: 'unmatched', entries: [], nameFound: false, reached: [],
        problem: `No reference for ${citedLabel(item)}: no library is loaded and the document has no reference list.`,
      };
      if (referenceList) for (const entry of matches[0].reached) citedInList.add(entry.entry);
      if (referenceList) for (const entry of matches[0].meant ?? []) if (!meantBy.has(entry.entry)) meantBy.set(entry.entry, { item, line: lines.positionAt(item.start).line });
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
    // (the reference list's pool is the first)
    for (const cited of options.citedByKey ?? []) for (const listed of sameWorks(pools[0].index, cited)) citedInList.add(listed);
    // A numbered list cited by number (`[1]`, `[3–5]`, `<sup>1,2</sup>`): no author-date citation need reach it.
    if (options.uncited !== false && !citesByNumber(text, referenceList, lines)) {
      for (const entry of referenceList.entries) {
        if (citedInList.has(entry) || entry.year === undefined) continue;
        const label = authorLabel(creditedPeople(entry), entry.title);
        diagnostics.push({
          code: 'uncited', severity: 'warning', range: entryRange(lines, entry),
          message: `${label} (${entry.year}) is in the reference list but no citation in the text reaches it${meantHint(meantBy.get(entry))}.`,
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

/** `; Engdahl 1997 (line 12) may mean it`: the unmatched citation whose fix points to an uncited item. */
function meantHint(meant: { item: AuthorDateItem; line: number } | undefined): string {
  return meant ? `; ${citedLabel(meant.item)} (line ${meant.line + 1}) may mean it` : '';
}

/** `[1]`, `[3–5]`, `[1, 2]`, `[1]–[5]`, `<sup>1,2</sup>`, `^4^`: citations by number. */
const NUMBERED_CITATION = /\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]|<sup>\s*\d|\^\d{1,3}(?:[,–-]\d{1,3})*\^/g;
const NUMBERED_ITEM = /^\s*(?:\[\d{1,4}\]|\d{1,4}[.)])\s/;

/** Most list items numbered, and the text before the list cites by number at least three times. */
function citesByNumber(text: string, list: { start: number; entries: LibraryEntry[] }, lines: LineIndex): boolean {
  const numbered = list.entries.filter((entry) => NUMBERED_ITEM.test(lines.lineText(entry.startLine))).length;
  if (numbered === 0 || numbered < list.entries.length / 2) return false;
  return (text.slice(0, list.start).match(NUMBERED_CITATION)?.length ?? 0) >= 3;
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
