// Where the "Insert citation" picker writes its keys: a new citation, or items of the one the cursor is in.
// (apart from insertCitation.ts, which completion.ts imports: this file imports completion.ts)
import type { Draft } from '../draft';
import { inSpans } from '../markdown/regions';
import { citationCompletionContext, isEscaped } from './completion';
import { citationText, citeKey, type CitationFormat } from './insertCitation';

/** What "Insert citation" writes for one selection: replace `start`–`end` of the draft by `text`. */
export interface CitationInsertion {
  start: number;
  end: number;
  text: string;
}

/**
 * Where and what to write for the picked `keys` at a selection of `draft`. A Pandoc citation written inside
 * another would be read as one citation and a stray bracket (`[@a, p. 99[@b]]` prints "(A 1984)", `@b` lost:
 * the student trial), so in a citation being written or already there the keys join it as items:
 * after a typed `@` (or part of a key) they complete it, after `[` or `;` they come as items, anywhere else in
 * `[...]` they are added at its end. `isKey` tells a whole key at the cursor from a part of one being typed.
 */
export function citationInsertion(draft: Draft, start: number, end: number, keys: string[], format: CitationFormat, isKey: (key: string) => boolean): CitationInsertion {
  const whole = { start, end, text: citationText(keys, format) };
  if (format === 'latex' || start !== end) return whole;
  const items = keys.map(citeKey).join('; ');
  const typing = citationCompletionContext(draft, start);
  if (typing && !isKey(draft.text.slice(typing.replaceStart, typing.replaceEnd))) {
    // `@` (or `@{`) is there: the first key without it
    const first = typing.braced ? keys[0] : citeKey(keys[0]).slice(1);
    return { start: typing.replaceStart, end: typing.replaceEnd, text: [first, ...keys.slice(1).map(citeKey)].join('; ') };
  }
  const brackets = citationBrackets(draft, start);
  if (!brackets) return whole;
  const text = draft.text;
  const before = text.slice(brackets.open + 1, start).trimEnd();
  if (before === '' || before.endsWith(';')) {
    const space = text[start - 1] === ';' ? ' ' : '';
    const itemAfter = /^\s*-?@/.test(text.slice(start, brackets.close)) ? '; ' : '';
    return { start, end: start, text: `${space}${items}${itemAfter}` };
  }
  return { start: brackets.close, end: brackets.close, text: `; ${items}` };
}

/**
 * The `[` and `]` around `offset` on its line when what they hold cites (an `@` in it), outside code and
 * not escaped (`\[@a\]` is text). Read from the text, not the parsed citations: one being written (`[@a; ]`)
 * is no Pandoc citation yet.
 */
function citationBrackets(draft: Draft, offset: number): { open: number; close: number } | undefined {
  const text = draft.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const newline = text.indexOf('\n', offset);
  const lineEnd = newline === -1 ? text.length : newline;
  const open = text.lastIndexOf('[', offset - 1);
  const close = text.indexOf(']', offset);
  if (open < lineStart || close === -1 || close >= lineEnd) return undefined;
  const inside = text.slice(open + 1, close);
  if (/[[\]]/.test(inside) || !inside.includes('@') || isEscaped(text, open) || isEscaped(text, close) || inSpans(draft.ignored, open)) return undefined;
  return { open, close };
}
