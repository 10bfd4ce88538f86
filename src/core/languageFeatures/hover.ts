// Hover content for a cited key. Library data is untrusted: every string from it is escaped, and the
// only links are the ones built here from a DOI or an http(s) URL.
import { checkDocument, type CheckOptions } from '../check';
import { isCrossReference } from '../citations/pandoc';
import type { AuthorDateStatus } from '../citations/authorDateCheck';
import { plainItemText } from '../citations/referenceList';
import { Draft } from '../draft';
import type { LibraryView } from '../library/libraryIndex';
import type { LibraryEntry } from '../types';
import { keysOf, nocitedKeys } from './references';

/**
 * The cited key under the cursor (from its `@` to its end or closing brace), in a bracketed, narrative
 * or nocite citation; not a Quarto cross-reference (`@fig-map` is a figure, not a library entry).
 */
export function citationKeyAt(input: Draft | string, offset: number): { key: string; start: number; end: number } | undefined {
  const draft = Draft.of(input);
  // A key lies within its citation: only the citations around the cursor are read, not every cited key.
  const around = draft.pandocCitations.filter((citation) => citation.start <= offset && offset <= citation.end);
  const cited = [...nocitedKeys(draft.text, draft.ignored), ...keysOf(draft.text, around)].find((range) => {
    if (isCrossReference(range.key)) return false;
    const braces = range.braced ? 1 : 0;
    return offset >= range.start - 1 - braces && offset <= range.end + braces;
  });
  return cited && { key: cited.key, start: cited.start, end: cited.end };
}

/**
 * Makes any text inert in Markdown: line breaks, control and bidirectional-override characters
 * are dropped to single spaces or removed, and every ASCII punctuation character is backslash-escaped,
 * so no emphasis, link, image, HTML tag, entity, autolink or block structure can come from it.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** BibTeX's and CSL's types as a reader says them (`inproceedings`, `paper-conference`: conference paper); others as written. */
const TYPE_WORDS: Record<string, string> = {
  article: 'journal article', 'article-journal': 'journal article', 'article-magazine': 'magazine article', 'article-newspaper': 'newspaper article',
  inproceedings: 'conference paper', conference: 'conference paper', 'paper-conference': 'conference paper', proceedings: 'proceedings',
  incollection: 'book chapter', inbook: 'book chapter', chapter: 'book chapter', phdthesis: 'PhD thesis', mastersthesis: "master's thesis",
  techreport: 'report', online: 'web page', webpage: 'web page', 'post-weblog': 'blog post', misc: 'other work',
};

export function hoverMarkdown(entry: LibraryEntry, formatted: string, location: string): string {
  const facts = [`*${escapeMarkdown(TYPE_WORDS[entry.type.toLowerCase()] ?? entry.type)}*`];
  const doi = entry.doi && doiLink(entry.doi);
  if (doi) facts.push(doi);
  else if (entry.doi) facts.push(`DOI ${escapeMarkdown(entry.doi)}`);
  const url = entry.url && urlLink(entry.url);
  if (url) facts.push(url);
  const reference = formatted.trim() || entry.title || entry.key;
  return [escapeMarkdown(reference), facts.join(' · '), `Defined in ${escapeMarkdown(location)}`].join('\n\n');
}

/** `rejected`: why the library's entry for the key could not be read (see rejectedEntry), said instead of "No entry". */
export function missingKeyHoverMarkdown(key: string, suggestions: string[], rejected?: string): string {
  if (rejected) return escapeMarkdown(rejected);
  const missing = `No entry **${escapeMarkdown(key)}** in the libraries of this draft.`;
  if (suggestions.length === 0) return missing;
  return `${missing}\n\nDid you mean ${suggestions.map((suggestion) => `**${escapeMarkdown(suggestion)}**`).join(', ')}?`;
}

/** `[10.1000/x](https://doi.org/10.1000/x)` for a DOI (bare, `doi:` or a doi.org URL); undefined if it is not one. */
function doiLink(value: string): string | undefined {
  const doi = value.trim().replace(/^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)/i, '');
  if (!/^10\.\d{4,9}\/\S+$/.test(doi)) return undefined;
  const href = `https://doi.org/${doi.split('/').map(encodeUrlPart).join('/')}`;
  return `[${escapeMarkdown(doi)}](${href})`;
}

/** A link for an http(s) URL only; the address is normalised and percent-encoded so it cannot leave the link. */
function urlLink(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const href = url.href.replace(/[()[\]<>\s"'`\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${escapeMarkdown(url.host + url.pathname.replace(/\/$/, ''))}](${href})`;
}

function encodeUrlPart(part: string): string {
  return encodeURIComponent(part).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** An author-date citation under the cursor as the check read it: the works it matched, or might mean when ambiguous. */
export interface AuthorDateWorks {
  start: number;
  end: number;
  status: Exclude<AuthorDateStatus, 'unmatched'>;
  /** The reference-list items (the draft's own lines, as plain text) and the library entries, the list's first. */
  listed: Array<{ line: number; text: string }>;
  entries: LibraryEntry[];
}

/** Whether `offset` is in an author-date citation of the draft (`(Smith, 2010)`, `Smith et al. (2010a)`). */
export function inAuthorDateCitation(draft: Draft, offset: number): boolean {
  return draft.authorDateCitations.some((citation) => citation.start <= offset && offset <= citation.end);
}

/**
 * The author-date citation at `offset` (`(Smith, 2010)`, `Smith et al. (2010a, p. 4)`), when the draft's
 * author-date check runs and the citation matches one or more works; undefined otherwise (an unmatched
 * citation has its diagnostic). The check reads every entry of `library`: only when the cursor is in such a citation.
 */
export function authorDateWorksAt(draft: Draft, library: LibraryView, offset: number, authorDate: CheckOptions['authorDate']): AuthorDateWorks | undefined {
  if (!inAuthorDateCitation(draft, offset)) return undefined;
  const check = checkDocument(draft, library, { suggest: false, authorDate }).authorDate;
  const item = check?.citations.flatMap((citation) => citation.items).find((candidate) => candidate.start <= offset && offset <= candidate.end);
  if (!check || !item || item.status === 'unmatched') return undefined;
  const listed = new Map((check.referenceList?.entries ?? []).map((entry) => [entry.key, entry]));
  const inList = item.keys.flatMap((key) => listed.get(key) ?? []);
  const lines = draft.lines;
  return {
    start: item.start, end: item.end, status: item.status,
    listed: inList.map((entry) => ({
      line: entry.startLine,
      text: plainItemText(Array.from({ length: entry.endLine - entry.startLine + 1 }, (_, i) => lines.lineText(entry.startLine + i)).join(' ')),
    })),
    entries: item.keys.flatMap((key) => (listed.has(key) ? [] : library.get(key) ?? [])),
  };
}

/**
 * Hover text of an author-date citation: each reference-list item it reaches as the draft writes it, with its
 * line, then each library entry (`libraryParts`: hoverMarkdown's, made by the caller, which formats them).
 */
export function authorDateHoverMarkdown(works: AuthorDateWorks, libraryParts: string[]): string {
  const count = works.listed.length + libraryParts.length;
  const head = works.status === 'ambiguous' ? [`Could be any of ${count} works:`] : [];
  const items = works.listed.map(({ line, text }) => `${escapeMarkdown(text)}\n\n*Reference list, line ${line + 1}*`);
  return [...head, ...items, ...libraryParts].join('\n\n---\n\n');
}
