// Hover content for a cited key. Library data is untrusted: every string from it is escaped, and the
// only links are the ones built here from a DOI or an http(s) URL.
import { isCrossReference } from '../check';
import { Draft } from '../draft';
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

export function missingKeyHoverMarkdown(key: string, suggestions: string[]): string {
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
