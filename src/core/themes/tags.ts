/**
 * Theme tags in a Markdown draft: `#protection/reintegration` (hierarchy with `/`).
 *
 * A tag tags the passage it is in: its paragraph, or its list item when the paragraph is a list.
 * A line holding only tags right under a heading (ATX or setext; blank lines between allowed), or a
 * tag in the heading line itself, tags the whole section, down to the next heading of the same or a higher level.
 * Inside an HTML comment (`<!-- #peace-education -->`) a tag still counts but Pandoc does not print it.
 *
 * Never a tag: heading markers (`# Title`), anything in code, math or front matter, URL fragments
 * (`https://x.org/a#sec`, `](#sec)`), colour codes (`#fff`, `#a1b2c3`), issue refs (`#12`, a tag
 * starts with a letter), Pandoc attributes (`{#sec-intro .unnumbered}`) and escaped `\#`.
 * A `#` must follow the start of a line, white space or `<!--`. Trailing punctuation is not part of
 * a tag (`#peace-education.` tags `peace-education`).
 *
 * API: `findTags(text)` → tags in document order with their scope; `tagDiagnostics(tags, codebook)`
 * → `unknown-theme` warnings with the closest theme paths as suggestions; `tagPrefixAt(text, offset)`
 * → the partial tag being typed (for completion); `scopePreview(text, scope)` → the passage's first words.
 * Offsets are UTF-16 indexes into the text; scopes are [start, end) and end at a line end.
 */
import { ignoredSpans, spanAt, type Span } from '../markdown/regions';
import { LineIndex } from '../text';
import type { CitemarkDiagnostic, Range } from '../types';
import { closestThemes, COLOUR_CODE, resolveTheme, type Codebook } from './codebook';

export interface TagScope {
  kind: 'paragraph' | 'item' | 'section';
  start: number;
  end: number;
  /** 0-based first and last line. */
  line: number;
  endLine: number;
}

export interface Tag {
  /** The theme reference as written, without `#`. */
  ref: string;
  /** Offsets of `#` and just past the reference. */
  start: number;
  end: number;
  range: Range;
  inComment: boolean;
  scope: TagScope;
}

const TAG = /(?<=^|\s|<!--)#(\p{L}(?:[\p{L}\p{N}_-]*[\p{L}\p{N}_])?(?:\/\p{L}(?:[\p{L}\p{N}_-]*[\p{L}\p{N}_])?)*)/gu;
const HEADING = /^ {0,3}(#{1,6})(?=[ \t]|$)/;
const LIST_MARKER = /^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+\S/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;

/** `spans` are the text's ignoredSpans and `lines` its line index, when the caller has them already (a Draft). */
export function findTags(text: string, spans?: Span[], lines?: LineIndex): Tag[] {
  spans ??= ignoredSpans(text);
  lines ??= new LineIndex(text);
  const found: Omit<Tag, 'scope'>[] = [];
  const inAttributes = attributeTest(lines);
  for (const match of text.matchAll(TAG)) {
    const start = match.index;
    const span = spanAt(spans, start);
    const inComment = span !== undefined && text.startsWith('<!--', span.start);
    if (span && !inComment) continue;
    if (COLOUR_CODE.test(match[1]) || inAttributes(start)) continue;
    const end = start + match[0].length;
    found.push({ ref: match[1], start, end, range: { start: lines.positionAt(start), end: lines.positionAt(end) }, inComment });
  }
  const tagLines = new Map<number, Omit<Tag, 'scope'>[]>();
  for (const tag of found) {
    const onLine = tagLines.get(tag.range.start.line);
    if (onLine) onLine.push(tag);
    else tagLines.set(tag.range.start.line, [tag]);
  }
  const tagOnlyLines = new Set(
    [...tagLines].filter(([line, tags]) => onlyTags(lines.lineText(line), lines.offsetAt({ line, character: 0 }), tags)).map(([line]) => line),
  );
  const structure = new Structure(text, lines, spans, tagOnlyLines);
  return found.map((tag) => ({ ...tag, scope: structure.scopeOf(tag.range.start.line) }));
}

/** `unknown-theme` warnings for tags that name no theme of the codebook. */
export function tagDiagnostics(tags: Tag[], codebook: Codebook): CitemarkDiagnostic[] {
  const diagnostics: CitemarkDiagnostic[] = [];
  for (const tag of tags) {
    if (resolveTheme(codebook, tag.ref)) continue;
    const suggestions = closestThemes(codebook, tag.ref);
    // (plain text: the Problems panel shows Markdown's backticks as they are)
    const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.slice(0, 3).map((id) => `#${id}`).join(', ')}?` : '';
    const diagnostic: CitemarkDiagnostic = {
      code: 'unknown-theme',
      severity: 'warning',
      message: `Theme '${tag.ref}' is not in the codebook.${hint}`,
      range: tag.range,
    };
    if (suggestions.length) diagnostic.suggestions = suggestions;
    diagnostics.push(diagnostic);
  }
  return diagnostics;
}

/** When `offset` is right after `#` or inside a tag being typed: where its `#` is and what follows it (`spans`: the text's ignoredSpans, when the caller has them). */
export function tagPrefixAt(text: string, offset: number, spans?: Span[]): { start: number; prefix: string } | undefined {
  const before = /(?:^|\s|<!--)#([\p{L}\p{N}_/-]*)$/u.exec(text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset));
  if (!before) return undefined;
  const start = offset - before[1].length - 1;
  const span = spanAt(spans ?? ignoredSpans(text), start);
  if (span && !text.startsWith('<!--', span.start)) return undefined;
  return { start, prefix: before[1] };
}

/** The first words of a passage (a section: its heading), without markup, for lists and tree views. */
export function scopePreview(text: string, scope: TagScope, words = 10): string {
  let passage = text.slice(scope.start, scope.end);
  if (scope.kind === 'section') passage = passage.split('\n', 1)[0].replace(/\{[^{}]*\}\s*$/, '');
  const plain = passage
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .replace(TAG, (tag, ref: string) => (COLOUR_CODE.test(ref) ? tag : ' '))
    // (headings, list markers, block quotes and Pandoc's line blocks `| …`)
    .replace(/^[ \t]*(?:#{1,6}|[-*+]|\d{1,9}[.)]|>|\|)[ \t]+/gm, '')
    .replace(/[*`]+/g, '')
    // `_emphasis_` and `__strong__`, not the underscores inside a word or a key (`@knuth84_liter_progr_`: the student trial)
    .replace(/(?<![\p{L}\p{N}_])(_{1,2})([^_\s](?:[^_]*[^_\s])?)\1(?![\p{L}\p{N}_])/gu, '$2')
    .split(/\s+/)
    .filter(Boolean);
  return plain.slice(0, words).join(' ') + (plain.length > words ? ' …' : '');
}

/** Inside a Pandoc attribute block `{#id .class key=value}` on the same line? */
/**
 * Whether an offset sits in a `{...}` attribute block of its line: after a `{` with no `}` between, and
 * before a `}`. Each line's braces are listed once, so many tags on one long line stay linear.
 */
function attributeTest(lines: LineIndex): (offset: number) => boolean {
  const braces = new Map<number, { opens: number[]; closes: number[] }>();
  return (offset) => {
    const { line, character } = lines.positionAt(offset);
    let onLine = braces.get(line);
    if (!onLine) {
      const lineText = lines.lineText(line);
      onLine = { opens: [], closes: [] };
      for (let i = 0; i < lineText.length; i++) {
        if (lineText[i] === '{') onLine.opens.push(i);
        else if (lineText[i] === '}') onLine.closes.push(i);
      }
      braces.set(line, onLine);
    }
    const { opens, closes } = onLine;
    const openIndex = firstAtOrAfter(opens, character + 1) - 1; // the last `{` at or before the offset
    if (openIndex < 0) return false;
    const close = closes[firstAtOrAfter(closes, opens[openIndex])];
    return close !== undefined && close >= character;
  };
}

/** Index of the first value of an ascending list that is at least `value` (the length when none is). */
function firstAtOrAfter(values: number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (values[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * A multi-line ignored span that starts its line (front matter, code block, display math, raw HTML):
 * it ends a paragraph. Comments do not, as they may sit inside one.
 */
function isBlockSpan(text: string, span: Span): boolean {
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  const multiLine = text.slice(span.start, span.end).trimEnd().includes('\n');
  return multiLine && text.slice(lineStart, span.start).trim() === '' && !text.startsWith('<!--', span.start);
}

/** Does the line hold nothing but these tags, white space and comment delimiters? */
function onlyTags(line: string, lineStart: number, tags: Omit<Tag, 'scope'>[]): boolean {
  const gaps: string[] = [];
  let from = 0;
  for (const tag of tags) {
    gaps.push(line.slice(from, tag.start - lineStart));
    from = tag.end - lineStart;
  }
  gaps.push(line.slice(from));
  return gaps.join('').replace(/<!--|-->/g, '').trim() === '';
}

/** Headings, paragraph boundaries and list items of a draft, line by line. */
class Structure {
  private readonly headingLevels: number[] = [];
  private readonly boundaries: boolean[] = [];
  private readonly listIndents: (number | undefined)[] = [];
  private readonly underlines = new Set<number>();

  constructor(
    text: string,
    private readonly lines: LineIndex,
    spans: Span[],
    private readonly tagOnlyLines: Set<number>,
  ) {
    const blockSpans = spans.filter((span) => isBlockSpan(text, span));
    for (let line = 0; line < lines.lineCount; line++) {
      const lineText = lines.lineText(line);
      const lineStart = lines.offsetAt({ line, character: 0 });
      const inBlockSpan = spanAt(blockSpans, lineStart) !== undefined;
      const heading = spanAt(spans, lineStart) ? null : HEADING.exec(lineText);
      this.headingLevels.push(heading ? heading[1].length : 0);
      this.boundaries.push(inBlockSpan || lineText.trim() === '');
      const marker = LIST_MARKER.exec(lineText);
      this.listIndents.push(marker && !inBlockSpan ? marker[1].replace(/\t/g, '    ').length : undefined);
    }
    // Setext headings: one line of text after a blank line, underlined with === (level 1) or --- (level 2).
    for (let line = 0; line + 1 < lines.lineCount; line++) {
      const underline = SETEXT_UNDERLINE.exec(lines.lineText(line + 1));
      const startsBlock = line === 0 || this.boundaries[line - 1] || this.headingLevels[line - 1] > 0;
      if (!underline || !startsBlock || this.boundaries[line] || this.boundaries[line + 1] || this.headingLevels[line] || this.listIndents[line] !== undefined) continue;
      this.headingLevels[line] = underline[1][0] === '=' ? 1 : 2;
      this.boundaries[line + 1] = true;
      this.underlines.add(line + 1);
    }
  }

  scopeOf(line: number): TagScope {
    const heading = this.headingLevels[line] ? line : this.headingAbove(line);
    if (heading !== undefined) return this.section(heading);
    let first = line;
    while (first > 0 && !this.boundaries[first - 1] && !this.headingLevels[first - 1]) first--;
    let last = line;
    while (last + 1 < this.lines.lineCount && !this.boundaries[last + 1] && !this.headingLevels[last + 1]) last++;

    let marker: number | undefined;
    for (let l = line; l >= first && marker === undefined; l--) if (this.listIndents[l] !== undefined) marker = l;
    if (marker === undefined) {
      const firstItem = this.listIndents.findIndex((indent, l) => l > line && l <= last && indent !== undefined);
      return this.scope('paragraph', first, firstItem === -1 ? last : firstItem - 1);
    }
    let end = marker + 1;
    while (end <= last && !(this.listIndents[end] !== undefined && this.listIndents[end]! <= this.listIndents[marker]!)) end++;
    return this.scope('item', marker, end - 1);
  }

  /** The heading a tag-only line sits right under, across blank and other tag-only lines. */
  private headingAbove(line: number): number | undefined {
    if (!this.tagOnlyLines.has(line)) return undefined;
    for (let l = line - 1; l >= 0; l--) {
      if (this.headingLevels[l]) return l;
      if (this.underlines.has(l)) return l - 1;
      const blank = this.lines.lineText(l).trim() === '';
      if (!blank && !this.tagOnlyLines.has(l)) return undefined;
    }
    return undefined;
  }

  private section(heading: number): TagScope {
    let last = heading + 1;
    while (last < this.lines.lineCount && !(this.headingLevels[last] && this.headingLevels[last] <= this.headingLevels[heading])) last++;
    last--;
    while (last > heading && this.lines.lineText(last).trim() === '') last--;
    return this.scope('section', heading, last);
  }

  private scope(kind: TagScope['kind'], line: number, endLine: number): TagScope {
    const start = this.lines.offsetAt({ line, character: 0 });
    const end = this.lines.offsetAt({ line: endLine, character: this.lines.lineText(endLine).length });
    return { kind, start, end, line, endLine };
  }
}
