// Citation completion: where a key is being typed, and the items offered for it.
import { Draft } from '../draft';
import { inSpans } from '../markdown/regions';
import type { LibraryView } from '../library/libraryIndex';
import type { LibraryEntry, Person } from '../types';
import { needsBraces } from './insertCitation';
import { creditedPeople } from '../library/names';

export interface CitationCompletionContext {
  /** What was typed after `@` (or `@{`) up to the cursor; search words only inside `[...]`. */
  query: string;
  /** The range the chosen key replaces: after `@` (after `@{` when the user typed the brace). */
  replaceStart: number;
  replaceEnd: number;
  bracketed: boolean;
  /** The user typed `@{`: insert the bare key (the braces are there), not `CompletionCandidate.insertText`. */
  braced: boolean;
}

export interface CompletionCandidate {
  key: string;
  label: string;
  detail: string;
  documentation: string;
  filterText: string;
  sortText: string;
  /** The key as typed after a bare `@`: `{key}` when Pandoc needs the braces. */
  insertText: string;
}

/** Longer runs after an `@` are not a key or search being typed (and would make searching slow). */
const MAX_QUERY_LENGTH = 200;
const KEY_CHARS = String.raw`[\p{L}\p{N}_:.#$%&\-+?<>~/]`;
/** One key being typed, or (bracketed only) a few search words: letters, digits and key punctuation. */
const TYPED = new RegExp(String.raw`^(?:${KEY_CHARS}+(?:[ \t]+${KEY_CHARS}+)*)?$`, 'u');
/** Inside `@{...}` a key may hold anything but braces and white space. */
const BRACED_KEY = /^[^{}\s]*/;
/** The rest of the key after the cursor, without trailing punctuation (Pandoc leaves it out of the key). */
const KEY_REST = /^(?:[\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*/u;
/** As in the Pandoc parser: an `@` right after a letter, digit or `.` is no citation (`john@example.org`). */
const WORD_BEFORE = /[\p{L}\p{N}.]/u;
const LOCATOR_TERMS = 'p|pp|page|pages|chap|chapter|sec|section|vol|volume|fig|figure|no|n|nn|note|notes|l|ll|line|lines|para|part|op|col|column|bk|book|v|vv|verse|verses';
/** Words that may start a locator (`[@doe p. 33]`, `[@doe chap 2]`, `[@doe 33]`): told apart from search words only by the word before. */
const LOCATOR_WORD = new RegExp(`^(?:\\d.*|\\S*\\.|§+|${LOCATOR_TERMS})$`, 'i');
/** A locator's label, abbreviated (`p.`, `chap.`) or `§`: a locator even after words that are no key. */
const LOCATOR_LABEL = new RegExp(`^(?:(?:${LOCATOR_TERMS})\\.|§+)$`, 'i');

/**
 * Whether the text typed after the last `@` holds a blank (`[@devlin 2019`, `[@smith2010 p`): whether it
 * is a citation to complete then depends on its first word being a key (see citationCompletionContext's `isKey`).
 */
export function typedPastFirstWord(draft: Draft | string, offset: number): boolean {
  const text = typeof draft === 'string' ? draft : draft.text;
  const at = text.lastIndexOf('@', offset - 1);
  return at >= 0 && /[ \t]/.test(text.slice(at, offset));
}

export function citationCompletionContext(draft: Draft | string, offset: number, isKey?: (key: string) => boolean): CitationCompletionContext | undefined {
  const text = typeof draft === 'string' ? draft : draft.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const at = text.lastIndexOf('@', offset - 1);
  if (at < lineStart || offset - at > MAX_QUERY_LENGTH) return undefined;
  const braced = text[at + 1] === '{' && at + 1 < offset;
  const replaceStart = at + (braced ? 2 : 1);
  const query = text.slice(replaceStart, offset);
  const words = query.split(/[ \t]+/);
  // A space after a word that is not a key means the search goes on (`[@neural `); after a
  // whole key (`[@doe2020 `) the user has moved on to a locator or prose. Needs `isKey`.
  const searchGoesOn = isKey !== undefined && /[ \t]$/.test(query) && !isKey(words[0]);
  const typing = braced ? BRACED_KEY.exec(query)![0] === query : TYPED.test(query.trimEnd()) && (!/\s$/.test(query) || searchGoesOn);
  if (!typing) return undefined;
  if (words[words.length - 1] === '') words.pop();

  const start = text[at - 1] === '-' ? at - 1 : at;
  if (start > 0 && (WORD_BEFORE.test(text[start - 1]) || isEscaped(text, at))) return undefined;
  if (inSpans(Draft.of(draft).ignored, at)) return undefined;
  const bracketed = insideBrackets(text, start);
  if (words.length > 1 && (!bracketed || !searchesOn(words, isKey))) return undefined;
  if (searchGoesOn && !bracketed) return undefined;

  const after = text.slice(offset, offset + MAX_QUERY_LENGTH);
  const rest = (braced ? BRACED_KEY : KEY_REST).exec(after)![0];
  return { query, replaceStart, replaceEnd: offset + rest.length, bracketed, braced };
}

/**
 * Whether the words after the first in `[@...` go on with a search (`[@devlin 2019`, `[@word vectors`)
 * rather than start a locator or suffix after a key (`[@doe2020 33`, `[@doe2020 p. 4`). With `isKey`, a
 * whole key first says "locator" and a word that is no key says "search" (unless a label such as `p.`
 * follows); without it, any word that may start a locator (a number, `p`, `vol`...) says "locator".
 */
function searchesOn(words: string[], isKey?: (key: string) => boolean): boolean {
  const rest = words.slice(1);
  if (isKey === undefined) return !rest.some((word) => LOCATOR_WORD.test(word));
  return !isKey(words[0]) && !rest.some((word) => LOCATOR_LABEL.test(word));
}

/** Is the character at `offset` escaped by an odd number of backslashes? */
export function isEscaped(text: string, offset: number): boolean {
  let backslashes = 0;
  while (text[offset - 1 - backslashes] === '\\') backslashes++;
  return backslashes % 2 === 1;
}

/** Is `offset` after an open `[` of the same paragraph (no `]` between)? */
function insideBrackets(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const char = text[i];
    if (char === ']') return false;
    if (char === '[' && !isEscaped(text, i)) return true;
    if (char === '\n' && /\n[ \t]*\r?$/.test(text.slice(Math.max(0, i - 200), i))) return false;
  }
  return false;
}

/**
 * Completion items for `entries`, already ranked best first by the search. VS Code filters and
 * sorts the items by how well the typed text matches `filterText` before it looks at `sortText`:
 * every `filterText` starts with the query itself, so all items match it equally, stay in the list
 * when the match was on a title or an author, and keep the search order given by `sortText`.
 */
export function completionCandidates(entries: LibraryEntry[], query: string, format: (entry: LibraryEntry) => string): CompletionCandidate[] {
  const width = String(entries.length).length;
  return entries.map((entry, rank) => ({
    key: entry.key,
    label: entry.key,
    detail: authorYearLabel(entry),
    documentation: documentation(entry, format(entry)),
    filterText: query ? `${query} ${entry.key}` : entry.key,
    sortText: String(rank).padStart(width, '0'),
    insertText: needsBraces(entry.key) ? `{${entry.key}}` : entry.key,
  }));
}

const ABSTRACT_LENGTH = 300;

/**
 * Plain text: VS Code shows a string as text (nothing in it renders or runs), and a row's accessible label
 * holds the documentation as given (the user trial found Markdown's escapes there: `Doe\, J\.`).
 */
function documentation(entry: LibraryEntry, formatted: string): string {
  const parts = [formatted.trim() || entry.title || entry.key];
  const abstract = entry.abstract?.replace(/\s+/g, ' ').trim();
  if (abstract) parts.push(snippet(abstract, ABSTRACT_LENGTH));
  return parts.join('\n\n');
}

/** At most `length` characters, cut at a word boundary with an ellipsis when shortened. */
function snippet(text: string, length: number): string {
  if (text.length <= length) return text;
  const cut = text.slice(0, length - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > length / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * What `[@` lists before a word is typed: the works the draft cites already, in the order it first cites them
 * (a draft cites many works again), then the library's first entries; at most `limit`.
 */
export function entriesBeforeTyping(draft: Draft, library: Pick<LibraryView, 'get' | 'first'>, limit: number): LibraryEntry[] {
  const listed = new Map<string, LibraryEntry>();
  for (const { key } of draft.citedKeys) {
    if (listed.size >= limit) break;
    const entry = key && !listed.has(key) ? library.get(key) : undefined;
    if (entry) listed.set(key, entry);
  }
  for (const entry of library.first(limit)) {
    if (listed.size >= limit) break;
    if (!listed.has(entry.key)) listed.set(entry.key, entry);
  }
  return [...listed.values()];
}

/** "Smith (2010)", "Smith & Jones (2010)", "Smith et al. (2010)", "World Bank (2006)"; editors when there is no author. */
export function authorYearLabel(entry: LibraryEntry): string {
  const names = creditedPeople(entry).map(shortName).filter((name) => name !== '');
  const year = entry.year?.trim() || 'n.d.';
  let who: string;
  if (names.length === 0) who = snippet(entry.title?.trim() || entry.key, 40);
  else if (names.length === 1) who = names[0];
  else if (names.length === 2) who = `${names[0]} & ${names[1]}`;
  else who = `${names[0]} et al.`;
  return `${who} (${year})`;
}

function shortName(person: Person): string {
  return (person.family ?? person.literal ?? person.given ?? '').trim();
}
