// Citations Pandoc reads otherwise than the writer meant: library keys in brackets without `@`
// (`[smith2010]`, printed as it is) and in-text citations in parentheses (`(@smith2010)`, printed
// "(Smith (2010))"). Only keys the library holds count, so links, task boxes (`[x]`), example labels
// (`(@good)`) and Quarto cross-references (`(@fig-map)`) are left alone.
import type { Draft } from '../draft';
import { inSpans } from '../markdown/regions';
import { isCrossReference } from './pandoc';
import { isEscaped } from '../languageFeatures/completion';
import { citeKey } from '../languageFeatures/insertCitation';

/** A citation written in a form Pandoc does not read as meant, [start, end) of the draft, and the text that cites as meant. */
export interface CitationSlip {
  start: number;
  end: number;
  message: string;
  fix: string;
}

/** Brackets holding words and no `@`, `^` (a footnote) or other brackets, on one line. */
const BRACKETED_WORDS = /\[([^[\]\n@^]+)\]/g;
/** The end of a parenthesis after a citation: `)`, or a locator and `)` (sticky: read at an offset). */
const CLOSING = /(,[^()[\]@\n]*)?\)/y;
/** A reference-style link's definition, `[label]: url`: `[label]` is a link then. */
const LINK_DEFINITION = /^ {0,3}\[([^\]\n]+)\]:/gm;

export function citationSlips(draft: Draft, isKey: (key: string) => boolean): CitationSlip[] {
  return [...keysWithoutAt(draft, isKey), ...inTextInParentheses(draft, isKey)].sort((a, b) => a.start - b.start);
}

/** `[smith2010]`, `[smith2010; doe2011]`: every word a library key, and no link. */
function keysWithoutAt(draft: Draft, isKey: (key: string) => boolean): CitationSlip[] {
  const { text } = draft;
  if (!text.includes('[')) return [];
  const labels = new Set([...text.matchAll(LINK_DEFINITION)].map((definition) => definition[1].trim().toLowerCase()));
  const slips: CitationSlip[] = [];
  for (const match of text.matchAll(BRACKETED_WORDS)) {
    const start = match.index;
    const end = start + match[0].length;
    // `![alt]`, `[text][label]`, `[text](url)`, `[label]:`, `[text]{.class}` and `\[…]` are Markdown's; `[[note]]` a wiki link
    if (/[[\]!]/.test(text[start - 1] ?? '') || /[([\]:{]/.test(text[end] ?? '') || isEscaped(text, start)) continue;
    const keys = match[1].split(/[;,]/).map((key) => key.trim());
    if (!keys.every((key) => key && isKey(key)) || labels.has(match[1].trim().toLowerCase()) || inSpans(draft.ignored, start)) continue;
    const fix = `[${keys.map(citeKey).join('; ')}]`;
    slips.push({ start, end, fix, message: `“${match[0]}” has no “@”: Pandoc prints it as it is. Write ${fix}.` });
  }
  return slips;
}

/** `(@smith2010)`, `(@smith2010, p. 4)`, `(@a; @b)`: in-text citations that fill a parenthesis. */
function inTextInParentheses(draft: Draft, isKey: (key: string) => boolean): CitationSlip[] {
  const { text } = draft;
  const narrative = draft.pandocCitations.filter((citation) => citation.kind === 'narrative' && !isCrossReference(citation.items[0].key));
  const slips: CitationSlip[] = [];
  for (let i = 0; i < narrative.length; i++) {
    const open = narrative[i].start - 1;
    if (text[open] !== '(' || isEscaped(text, open)) continue;
    // the citations that follow, parted by `;` or `,`
    const cites = [narrative[i]];
    for (let next = narrative[i + 1]; next && /^\s*[;,]\s*$/.test(text.slice(cites.at(-1)!.end, next.start)); next = narrative[i + cites.length]) cites.push(next);
    // then the closing parenthesis, perhaps after a locator (`, p. 4`)
    CLOSING.lastIndex = cites.at(-1)!.end;
    const rest = CLOSING.exec(text);
    // (`@a [p. 4]` has a locator of its own; a key the library lacks is flagged as missing already)
    if (!rest || cites.some((cite) => text.slice(cite.start, cite.end).includes('[') || !isKey(cite.items[0].key))) continue;
    const end = cites.at(-1)!.end + rest[0].length;
    const fix = `[${cites.map((cite) => text.slice(cite.start, cite.end)).join('; ')}${rest[1] ?? ''}]`;
    const written = text.slice(open, end);
    slips.push({ start: open, end, fix, message: `“${written}” prints as “(Author (Year))”. Write ${fix}.` });
    i += cites.length - 1;
  }
  return slips;
}
