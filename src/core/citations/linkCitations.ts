// Rewrites author-date citations in prose as Pandoc citations, with the keys of a library:
// `(see Smith, 2010, p. 4; Lee, 2011)` → `[see @smith2010, p. 4; @lee2011]`, `Smith et al. (2010)` →
// `@smith2010`, `Smith (2010, 2011)` → `@smith2010 [-@smith2011]`. Matching is authorDateCheck's; a
// citation is rewritten only when each of its works matches one entry, else it is left as text and
// listed with the reason; in a parenthesis, works without one entry and other words (`Fig. 1`) may
// stay as text beside the linked works (`[@lee2011\; Nobody 1999]`), and are listed too. When the
// names as written are not what the style prints (an abbreviation, a possessive, a full name) and the
// checker finds nothing wrong with them, they are kept as text and the citation suppresses the author
// (`UNDP [-@undp2019]`), so the rendered text stays the same.
import * as path from 'path';
import { Draft } from '../draft';
import { inSpans, mergeSpans } from '../markdown/regions';
import type { LibraryEntry, Person } from '../types';
import { findAuthorDateCitations, NO_DATE, UNPUBLISHED, type AuthorDateCitation, type AuthorDateItem } from './authorDate';
import { checkAuthorDate } from './authorDateCheck';
import type { ReferenceReport } from './referenceReport';
import { creditedPeople } from '../library/names';

/** One replacement in the text: [start, end) becomes `newText`. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface LinkedCitation extends TextEdit {
  /** The whole citation as written, and the part of it the edit keeps before `start` (names kept as text). */
  original: string;
  kept: string;
  keys: string[];
  /** The checker found the citation inconsistent with its reference (wrong author count, misspelt "et al."…): the style's form replaces it. */
  corrected: boolean;
}

/** A citation left as text, or a work left as text inside a linked citation. */
export interface UnlinkedCitation {
  start: number;
  end: number;
  /** 1-based line. */
  line: number;
  text: string;
  /** `unmatched` and `ambiguous` as the checker says; `form`: matched, but written in a way a Pandoc citation cannot keep. */
  cause: 'unmatched' | 'ambiguous' | 'form';
  reason: string;
}

export interface LinkResult {
  linked: LinkedCitation[];
  unlinked: UnlinkedCitation[];
  /** Works the library holds more than one entry for, with the keys each could be: a key chosen for one (`chosen`) links it. */
  ambiguous: Array<{ start: number; end: number; keys: string[] }>;
  /** `bibliography:` added to the front matter (or a new front matter), when asked and the draft had none. */
  frontMatter?: TextEdit;
}

export interface LinkOptions {
  /** Path of the draft (for messages). */
  path?: string;
  /** The library's path as the front matter should name it; added when the draft names no bibliography. */
  bibliography?: string;
  /** The key the user chose for an ambiguous work (see LinkResult.ambiguous), by the work's offset in the draft. */
  chosen?: ReadonlyMap<number, string>;
}

/** Links the author-date citations of a draft (or a text, read as a draft at `options.path`) to the entries of `library`. */
export function linkCitations(input: Draft | string, library: LibraryEntry[], options: LinkOptions = {}): LinkResult {
  const draft = Draft.of(input, options.path);
  const { text, lines } = draft;
  // Match against the library only: the typed reference list is blanked (offsets kept), so the keys are the library's.
  // The same array when nothing changes: the checker's index of a (large) library is cached per array.
  if (library.some((entry) => withoutOthers(entry) !== entry)) library = library.map(withoutOthers);
  const list = draft.referenceList;
  const checkedText = list ? text.slice(0, list.start) + text.slice(list.start, list.end).replace(/[^\n]/g, ' ') + text.slice(list.end) : text;
  const checkedDraft = new Draft(checkedText, options.path);
  const check = checkAuthorDate(checkedDraft, library, { uncited: false });
  const checkedItems = new Map(check.citations.flatMap((citation) => citation.items).map((item) => [item.start, item]));
  const ambiguous = [...checkedItems.values()].filter((item) => item.status === 'ambiguous').map(({ start, end, keys }) => ({ start, end, keys }));
  for (const [start, key] of options.chosen ?? []) {
    const checked = checkedItems.get(start);
    if (checked?.status === 'ambiguous' && checked.keys.includes(key)) checkedItems.set(start, { ...checked, status: 'matched', keys: [key] });
  }
  const inconsistent = new Set(check.diagnostics.filter((d) => d.code === 'inconsistent').map((d) => `${d.range.start.line}:${d.range.start.character}`));
  const byKey = new Map(library.map((entry) => [entry.key, entry]));

  const result: LinkResult = { linked: [], unlinked: [], ambiguous };
  const citations = findAuthorDateCitations(checkedText, [], checkedDraft.ignored);
  // Works named as text inside a Pandoc citation (left there by an earlier Convert All): linking them would nest brackets.
  const pandocCitations = mergeSpans(checkedDraft.pandocCitations);
  type Problem = [UnlinkedCitation['cause'], string];
  /** What keeps a work from being linked, as the checker reads it; undefined when it matches one entry. */
  const problemOfItem = (item: AuthorDateItem): Problem | undefined => {
    const checked = checkedItems.get(item.start);
    if (!checked) return ['form', `“${item.text}” is not a reference`];
    if (checked.status === 'unmatched') return ['unmatched', `no reference for “${item.text}”`];
    if (checked.status === 'ambiguous' || checked.keys.length !== 1) return ['ambiguous', `“${item.text}” could be any of ${checked.keys.join(', ')}`];
    return undefined;
  };
  const problemOf = (citation: AuthorDateCitation): Problem | undefined => {
    const problems = citation.items.map(problemOfItem);
    return problems.find((p) => p?.[0] === 'unmatched') ?? problems.find((p) => p?.[0] === 'ambiguous') ?? problems.find((p) => p);
  };
  const keyOf = (item: AuthorDateItem) => (problemOfItem(item) ? undefined : checkedItems.get(item.start)!.keys[0]);
  const isFlagged = (item: AuthorDateItem) => {
    const at = lines.positionAt(item.start);
    return inconsistent.has(`${at.line}:${at.character}`);
  };
  const grouped = new Set<AuthorDateCitation>();
  for (const citation of citations) {
    if (grouped.has(citation)) continue;
    // A citation the checker dropped whole ("the Arab Spring (2011)") is no citation.
    if (citation.items.every((item) => !checkedItems.has(item.start))) continue;
    const unlinked = (cause: UnlinkedCitation['cause'], reason: string, at: { start: number; end: number; text: string } = citation) =>
      result.unlinked.push({ start: at.start, end: at.end, line: lines.positionAt(at.start).line + 1, text: at.text, cause, reason });
    if (inSpans(pandocCitations, citation.start)) {
      unlinked('form', `“${citation.text}” is text inside a Pandoc citation: link it there by hand`);
      continue;
    }
    /** The works left as text in a linked citation are listed on their own. */
    const unlinkedItems = (items: AuthorDateItem[]) => items.forEach((item) => {
      const problem = problemOfItem(item);
      if (problem) unlinked(...problem, item);
    });
    const problem = problemOf(citation);
    if (citation.kind === 'bare') {
      // `(Staiger 2002, Kalb et al. 2004)`: works parted by commas fill the parenthesis: `[@staiger2002; @kalb2004]`.
      const group = bareGroup(checkedText, citations, citation);
      const members = group?.members.filter((member) => member !== citation) ?? [];
      members.forEach((member) => grouped.add(member));
      const all = [citation, ...members].sort((a, b) => a.start - b.start);
      const rewrite = group && !all.every((member) => problemOf(member)) ? bareRewrite(group, keyOf, byKey, isFlagged) : undefined;
      if (typeof rewrite !== 'object') {
        const reason = rewrite ?? (group ? undefined : `“${citation.text}” has no parentheses of its own: Pandoc would add them`);
        for (const member of all) {
          const own = problemOf(member);
          if (own) unlinked(...own, member);
          else unlinked('form', reason ?? `“${member.text}” shares its parenthesis with works that match no one reference`, member);
        }
        continue;
      }
      result.linked.push({ ...rewrite, original: text.slice(rewrite.start, rewrite.end), kept: '' });
      unlinkedItems(all.flatMap((member) => member.items));
      continue;
    }
    // A parenthesis may keep the works that match no one reference as text, beside the linked ones.
    if (problem && (citation.kind !== 'parenthetical' || citation.items.every(problemOfItem))) {
      unlinked(...problem);
      continue;
    }
    // `(Mangold et al. 2008a, Rivas Plata 2011)`, `Barrett (2007a, b)`: what the parser took for a locator is more works.
    const hidden = citation.items.find((item) => item.locator && (/\b\d{4}[a-z]?\b/.test(item.locator) || /^[a-z]{1,2}$/.test(item.locator)));
    if (hidden) {
      unlinked(...(problem ?? ['form', `“${hidden.locator}” after the year of “${hidden.names[0] ?? hidden.title}” may cite other works`]));
      continue;
    }
    const keys = citation.items.map(keyOf);
    const entries = keys.map((key) => (key ? byKey.get(key) : undefined));
    const flagged = citation.items.some(isFlagged);
    const rewrite = citation.kind === 'narrative' ? narrative(text, citation, keys as string[], entries as LibraryEntry[], flagged) : parenthetical(text, citation, keys, entries, flagged);
    if (typeof rewrite === 'string') {
      unlinked(...(problem ?? ['form', rewrite]));
      continue;
    }
    const linkedKeys = keys.filter((key): key is string => key !== undefined);
    result.linked.push({ ...rewrite, original: citation.text, kept: text.slice(citation.start, rewrite.start), keys: linkedKeys, corrected: flagged });
    unlinkedItems(citation.items);
  }
  if (options.bibliography && result.linked.length > 0) result.frontMatter = bibliographyEdit(draft, options.bibliography);
  return result;
}

/**
 * The bare citations that, with commas or semicolons between them and perhaps `e.g.` or `see` before,
 * fill the parenthesis around `citation`; undefined when it stands in prose or beside other words.
 */
function bareGroup(text: string, citations: AuthorDateCitation[], citation: AuthorDateCitation) {
  const open = text.lastIndexOf('(', citation.start);
  const close = text.indexOf(')', citation.end);
  if (open === -1 || close === -1 || /[()]|\n\s*\n/.test(text.slice(open + 1, citation.start) + text.slice(citation.end, close))) return undefined;
  const members = citations.filter((other) => other.start > open && other.end <= close);
  if (members.some((member) => member.kind !== 'bare')) return undefined;
  let rest = text.slice(open + 1, close);
  for (const member of [...members].reverse()) rest = rest.slice(0, member.start - open - 1) + ';' + rest.slice(member.end - open - 1);
  const prefix = /^\s*((?:see(?: also)?|e\.\s?g\.|cf\.|i\.\s?e\.)[,:]?)?\s*;(?:\s*(?:[,;]|and)?\s*;)*\s*$/iu.exec(rest);
  return prefix ? { open, close, members, prefix: prefix[1]?.replace(/[,:]$/, '') ?? '' } : undefined;
}

/** `[e.g. @staiger2002; Nieukerken et al., -@nieukerken2011]` for a bare group; its works that match no one reference stay as text. */
function bareRewrite(
  group: NonNullable<ReturnType<typeof bareGroup>>,
  keyOf: (item: AuthorDateItem) => string | undefined,
  byKey: Map<string, LibraryEntry>,
  isFlagged: (item: AuthorDateItem) => boolean,
): (TextEdit & { keys: string[]; corrected: boolean }) | string {
  const corrected = group.members.some((member) => member.items.some(isFlagged));
  const segments = group.members.map((member): Segment => {
    const keys = member.items.map(keyOf);
    if (keys.some((key) => !key)) return { text: member.text };
    const names = writtenNames(member.items[0]);
    // Names the style would print otherwise (`Nieukerken et al.` for `van Nieukerken`) stay as text: `Nieukerken et al., -@key`.
    const cites = member.items.map((item, i) => {
      const key = keys[i]!;
      const cite = i === 0 && !corrected && !sameNames(names, apaLabel(byKey.get(key)!)) ? namesKept(names, key) : `@${key}`;
      return item.locator ? `${cite}, ${escapeText(item.locator)}` : cite;
    });
    return { cites, entries: keys.map((key) => byKey.get(key!)!) };
  });
  const joined = withText(segments);
  if (typeof joined === 'string') return joined;
  const keys = segments.flatMap((segment) => segment.entries?.map((entry) => entry.key) ?? []);
  return { start: group.open, end: group.close + 1, newText: `[${group.prefix ? `${escapeText(group.prefix)} ` : ''}${joined.text}]`, keys, corrected };
}

/** A part of a citation: linked works (`cites`, one per entry) or text kept as written. */
interface Segment {
  cites?: string[];
  entries?: LibraryEntry[];
  text?: string;
}

/**
 * The cites of a citation, with its text parts (`Fig. 1`, a work that matches no one reference) kept as
 * Pandoc's prefix of the next cite or suffix of the one before, beside a `;`. The style sorts the cites and
 * the text moves with its cite: so only when the cites are in APA's order already.
 */
function withText(segments: Segment[]): { text: string } | string {
  const cites = segments.flatMap((segment) => segment.cites ?? []);
  const entries = segments.flatMap((segment) => segment.entries ?? []);
  if (cites.length === 0) return 'none of its works matches one reference';
  const inOrder = entries.every((entry, i) => i === 0 || apaSortKey(entries[i - 1]).localeCompare(apaSortKey(entry), 'en', { sensitivity: 'base', numeric: true }) <= 0);
  if (!inOrder && segments.some((segment) => !segment.cites)) return 'its works are not in the order APA sorts them: the text between them would move';
  const [prefixes, suffixes] = [cites.map(() => ''), cites.map(() => '')];
  let at = 0;
  for (const segment of segments) {
    if (segment.cites) at += segment.cites.length;
    else if (at === 0) prefixes[0] += `${escapeText(segment.text!.trim())}\\; `;
    else suffixes[at - 1] += `\\; ${escapeText(segment.text!.trim())}`;
  }
  return { text: cites.map((cite, i) => prefixes[i] + cite + suffixes[i]).join('; ') };
}

/** APA's order of works in a citation: first author and "et al." for three or more, else the names; then the year. */
function apaSortKey(entry: LibraryEntry): string {
  const people = creditedPeople(entry);
  const names = people.map((person) => person.literal ?? person.family ?? '');
  return `${(people.length >= 3 ? [names[0], 'et al'] : names).join(' ')} ${entry.year ?? ''}`;
}

/** A CSL author list ending in `others` (as extracted from `Smith, J. et al.`) reads as BibTeX's `and others`. */
function withoutOthers(entry: LibraryEntry): LibraryEntry {
  const last = entry.authors[entry.authors.length - 1];
  if (entry.authors.length < 2 || last.literal !== 'others') return entry;
  return { ...entry, authors: entry.authors.slice(0, -1), fields: { ...entry.fields, author: `${entry.fields?.author ?? ''} and others` } };
}

/** Why a citation was left as text, as the page's sections say it, in the order they come. */
const LEFT_SECTIONS: Array<[UnlinkedCitation['cause'], string]> = [
  ['unmatched', 'No reference'],
  ['ambiguous', 'More than one reference'],
  ['form', 'Written in a form a Pandoc citation cannot keep'],
];

/**
 * The citations a conversion of the draft at `draft` left as text, as a report page (see
 * referenceReportHtml): grouped by why, each with its line (a link to the draft there) and the reason.
 */
export function citationsLeftReport(draft: string, unlinked: UnlinkedCitation[]): ReferenceReport {
  const sections = LEFT_SECTIONS.map(([cause, heading]) => ({
    heading,
    rows: unlinked.filter((citation) => citation.cause === cause)
      .map((citation) => ({ line: citation.line - 1, file: draft, text: citation.text.replace(/\s+/g, ' '), problem: citation.reason })),
  })).filter((section) => section.rows.length > 0);
  return {
    title: 'Citations left as text',
    draft,
    summary: 'Convert All left these as text; a line number opens the draft there.',
    counts: [['Left as text', unlinked.length], ...sections.map((section): [string, number] => [section.heading, section.rows.length])],
    sections,
    uncited: [],
  };
}

/** All the edits of a result, in text order: the front matter first. */
export function linkEdits(result: LinkResult): TextEdit[] {
  const edits: TextEdit[] = result.linked.map(({ start, end, newText }) => ({ start, end, newText }));
  return result.frontMatter ? [result.frontMatter, ...edits] : edits;
}

/** Applies non-overlapping edits to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, edit.start) + edit.newText;
    at = edit.end;
  }
  return out + text.slice(at);
}

/**
 * `(see Smith, 2010, p. 4; Lee, 2011)` → `[see @smith2010, p. 4; @lee2011]`; parts that name no reference
 * (`Fig. 1`, a work without a key) stay as text: `[Fig. 1\; @roberts2005]`.
 */
function parenthetical(text: string, citation: AuthorDateCitation, keys: Array<string | undefined>, entries: Array<LibraryEntry | undefined>, flagged: boolean): TextEdit | string {
  const parts = partsOf(text, citation.start + 1, citation.end - 1);
  const segments: Segment[] = [];
  for (const part of parts) {
    const inPart = citation.items.map((item, i) => ({ item, i })).filter(({ item }) => item.start >= part.start && item.end <= part.end);
    if (inPart.every(({ i }) => !keys[i])) {
      if (part.text.trim()) segments.push({ text: part.text });
      continue;
    }
    if (inPart.some(({ i }) => !keys[i])) return `“${part.text.trim()}” mixes works with and without a reference`;
    const first = inPart[0].item;
    const prefix = escapeText(text.slice(part.start, first.start).trim());
    const names = writtenNames(first);
    const keepNames = !flagged && !sameNames(names, apaLabel(entries[inPart[0].i]!));
    const cites = inPart.map(({ item, i }, n) => {
      const cite = !keepNames ? `@${keys[i]}` : n === 0 ? namesKept(names, keys[i]!) : `-@${keys[i]}`;
      return item.locator ? `${cite}, ${escapeText(item.locator)}` : cite;
    });
    const trailing = text.slice(inPart[inPart.length - 1].item.end, part.end).trim();
    if (trailing) return `“${trailing}” after a reference cannot be kept`;
    if (prefix) cites[0] = `${prefix} ${cites[0]}`;
    segments.push({ cites, entries: inPart.map(({ i }) => entries[i]!) });
  }
  const joined = withText(segments);
  return typeof joined === 'string' ? joined : { start: citation.start, end: citation.end, newText: `[${joined.text}]` };
}

/**
 * `Smith et al. (2010)` → `@smith2010`; `Smith (2010, 2011)` → `@smith2010 [-@smith2011]`; names the style
 * would print otherwise (`Fearon and Laitin's`, `UNDP`) stay as text before `[-@key]`.
 */
function narrative(text: string, citation: AuthorDateCitation, keys: string[], entries: LibraryEntry[], flagged: boolean): TextEdit | string {
  const open = text.indexOf('(', citation.start);
  const names = text.slice(citation.start, open).trimEnd();
  const cites: string[] = [];
  for (const part of partsOf(text, open + 1, citation.end - 1)) {
    const inPart = citation.items.map((item, i) => ({ item, i })).filter(({ item }) => Math.max(item.start, open + 1) >= part.start && item.end <= part.end + 1);
    if (inPart.length === 0) {
      if (part.text.trim()) return `“${part.text.trim()}” names no reference`;
      continue;
    }
    const first = inPart[0].item;
    const prefix = first.narrative ? '' : escapeText(text.slice(part.start, first.start).trim());
    const written = inPart.map(({ item, i }) => {
      const cite = item.narrative ? `-@${keys[i]}` : `@${keys[i]}`;
      return item.locator ? `${cite}, ${escapeText(item.locator)}` : cite;
    });
    cites.push((prefix ? `${prefix} ` : '') + written.join('; '));
  }
  // Other works in the parenthesis (`Smith (2010; see also Lee, 2011)`): the names stay as text too.
  const ownYearsOnly = citation.items.every((item) => item.narrative);
  // Only works of the very same authors: APA tells others apart (`M. E. Hale (1980)`, `M. E. J. Hale (1981)`).
  const sameAuthors = entries.every((entry) => authorsKey(entry) === authorsKey(entries[0]));
  if (sameAuthors && (flagged || (ownYearsOnly && sameNames(names, apaLabel(entries[0]))))) {
    // The author-in-text form: `@smith2010`, `@smith2010 [p. 4]`, `@smith2010 [-@smith2011]`.
    const [first, ...rest] = cites.join('; ').split('; ');
    const [, key, locator] = /^-@([^,]+)(?:, (.*))?$/s.exec(first)!;
    const bracket = rest.length > 0 ? rest.join('; ') : locator;
    if (ownYearsOnly && !(rest.length > 0 && locator)) {
      return { start: citation.start, end: citation.end, newText: bracket ? `@${key} [${bracket}]` : `@${key}` };
    }
  }
  return { start: open, end: citation.end, newText: `[${cites.join('; ')}]` };
}

interface Part {
  start: number;
  end: number;
  text: string;
}

/** The `;`-separated parts of a parenthesis' inside [start, end). */
function partsOf(text: string, start: number, end: number): Part[] {
  const parts: Part[] = [];
  let at = start;
  for (const piece of text.slice(start, end).split(';')) {
    parts.push({ start: at, end: at + piece.length, text: piece });
    at += piece.length + 1;
  }
  return parts;
}

/**
 * A cite whose names stay as written, the style's own suppressed: `Nieukerken et al., -@key`; `-@key` alone for a
 * year whose names the sentence gave before a quotation (`… conclude that "…" (2015, 297)`).
 */
function namesKept(names: string, key: string): string {
  return names ? `${escapeText(names)}, -@${key}` : `-@${key}`;
}

/** The names as written in a parenthetical item, without year and locator: `Smith & Jones`, `UNDP`. */
function writtenNames(item: AuthorDateItem): string {
  const withoutLocator = item.locator ? item.text.slice(0, item.text.lastIndexOf(item.locator)) : item.text;
  return withoutLocator.replace(WRITTEN_YEAR, '').trim();
}
const WRITTEN_YEAR = new RegExp(String.raw`[\s,:]*(?:\d{4}\/)?(?:\d{4}|${NO_DATE}|${UNPUBLISHED})-?[a-z]?[\s,:]*$`, 'u');

function authorsKey(entry: LibraryEntry): string {
  return JSON.stringify(creditedPeople(entry).map((person) => [person.literal, person.family, person.given]));
}

/** What APA prints for an entry's authors in a citation: `Smith`, `Smith & Jones`, `Smith et al.`, `World Bank`. */
export function apaLabel(entry: LibraryEntry): string {
  const people = creditedPeople(entry);
  const name = (person: Person) => person.literal ?? person.family ?? '';
  if (people.length === 0) return entry.title ?? '';
  const more = /\band others\b|\bet al\b/i.test(entry.fields?.author ?? '');
  if (people.length >= 3 || more) return `${name(people[0])} et al.`;
  return people.map(name).join(' & ');
}

/**
 * Same names, whatever the punctuation and "&" or "and"; and the case, except a capital the style would
 * not print (`Van der Lijn` opening a sentence). A name written without its accents (`Zizek`) is kept as written.
 */
function sameNames(written: string, label: string): boolean {
  const fold = (names: string) => names.replace(/\s+(?:and|&)\s+/gu, ' & ').normalize('NFC').toLowerCase().replace(/[^\p{L}\d]/gu, '');
  const capital = (names: string) => /^\p{Lu}/u.test(names);
  return fold(written) === fold(label) && (capital(written) === capital(label) || !capital(written));
}

/** Text kept inside a Pandoc citation: brackets, `@` and `;` would change how Pandoc reads it. */
function escapeText(text: string): string {
  return text.replace(/([[\]@;])/g, '\\$1');
}

/** How the front matter of the draft at `from` names `library`: relative to the draft's folder, with `/`. */
export function bibliographyPath(from: string, library: string): string {
  return path.relative(path.dirname(from), library).split(path.sep).join('/');
}

/** `bibliography: refs.json` in the front matter, or a new front matter; undefined when one is named already. */
export function bibliographyEdit(draft: Draft, bibliography: string): TextEdit | undefined {
  const { text, frontMatter } = draft;
  if (frontMatter.bibliography.length > 0) return undefined;
  const value = /^[\w./-]+$/.test(bibliography) ? bibliography : JSON.stringify(bibliography);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (frontMatter.endLine >= 0) {
    const at = draft.lines.offsetAt({ line: frontMatter.endLine, character: 0 });
    return { start: at, end: at, newText: `bibliography: ${value}${eol}` };
  }
  const at = text.startsWith('\uFEFF') ? 1 : 0;
  return { start: at, end: at, newText: `---${eol}bibliography: ${value}${eol}---${eol}${eol}` };
}
