/** A half-open span [start, end) of UTF-16 offsets in a document. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Spans of a Markdown text where Pandoc reads no citations, tags or prose: YAML metadata blocks,
 * fenced and indented code blocks, code spans, math, HTML comments, HTML tags and raw
 * `<script>`/`<pre>`/`<style>`/`<textarea>` elements, raw LaTeX (`\cmd{...}`, `\begin..\end`),
 * autolinks, link destinations, reference link definitions and backslash escapes (`\@`, `\[`...).
 * Sorted by start and not overlapping. Linear in the length of the text (called on every keystroke).
 * Each rule was checked against pandoc 2.17 (see test/unit/regions.test.ts). `blocks` are the text's
 * markdownBlocks, when the caller has them already.
 */
export function ignoredSpans(text: string, blocks: MarkdownBlocks = markdownBlocks(text)): Span[] {
  return mergeSorted(inlineSpans(text, blocks.spans, blocks.breaks), blocks.spans);
}

/** Binary search: is `offset` inside one of the sorted, non-overlapping `spans`? */
export function inSpans(spans: Span[], offset: number): boolean {
  return spanAt(spans, offset) !== undefined;
}

/** Spans sorted by start, with those that overlap or touch made one. */
export function mergeSpans(spans: Span[]): Span[] {
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ start: span.start, end: span.end });
  }
  return merged;
}

/** The span of the sorted, non-overlapping `spans` that holds `offset`, if any. */
export function spanAt(spans: Span[], offset: number): Span | undefined {
  let low = 0;
  let high = spans.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (offset < spans[mid].start) high = mid - 1;
    else if (offset >= spans[mid].end) low = mid + 1;
    else return spans[mid];
  }
  return undefined;
}

interface Line {
  start: number;
  /** Offset of the line break (or text length); the line's text is text.slice(start, end). */
  end: number;
  /** Offset after the line break. */
  next: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const next = newline === -1 ? text.length + 1 : newline + 1;
    let end = newline === -1 ? text.length : newline;
    if (end > start && text.charCodeAt(end - 1) === 13) end--; // CRLF
    lines.push({ start, end, next });
    start = next;
  }
  return lines;
}

const blankLine = /^[ \t]*$/;
const quoteMarkers = /^(?: {0,3}>[ ]?)*/;
const fenceOpen = /^(`{3,}|~{3,})/;
/** A Quarto chunk option holding a caption (`#| fig-cap: `, `#| tbl-cap: `, `#| fig-subcap:`), up to its value. */
const CAPTION_OPTION = /^[ \t]*#\|[ \t]*(?:fig|tbl|lst)-(?:cap|subcap|alt)[ \t]*:[ \t]*/;
// Pandoc's list markers (fancy_lists, example_lists); an upper-case letter with a period needs two spaces.
const listMarker =
  /^(?:(?:[-*+]|\d{1,9}[.)]|#[.)]|\(?(?:[a-zA-Z]|[ivxlcdmIVXLCDM]+)\)|[a-z]\.|\(@[\w-]*\))([ \t]+|$)|[A-Z]\.( {2,}|\t))/;
const yamlMappingLine = /^(?:[^\s:#][^:]*:(?:\s|$)|#)/;
const atxHeading = /^ {0,3}#{1,6}(?:[ \t]|$)/;
// `[label]: destination "title"`; a label holding a citation is not a definition for pandoc.
const referenceDefinition = /^ {0,3}\[[^\]^@][^\]@]*\]:[ \t]*\S/;
const definitionTitle = /^[ \t]+(?:"[^"]*"|'[^']*'|\([^)]*\))[ \t]*$/;
const footnoteDefinition = /^ {0,3}\[\^[^\]\s]+\]:/;
const pipeTableSeparator = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/** Columns of leading white space, tabs to the next multiple of 4. */
function indentOf(line: string): { columns: number; chars: number } {
  let columns = 0;
  let chars = 0;
  for (; chars < line.length; chars++) {
    const c = line[chars];
    if (c === ' ') columns++;
    else if (c === '\t') columns += 4 - (columns % 4);
    else break;
  }
  return { columns, chars };
}

/** The block structure of a Markdown text, read in one pass over its lines. */
export interface MarkdownBlocks {
  /** Block-level ignored spans: front matter, code blocks, raw HTML and TeX blocks, comments… */
  spans: Span[];
  /**
   * Offsets where a paragraph, list item, table row or table cell ends, sorted: the start of a
   * blank line, of a list item or of a table row, and the `|` between two cells. No citation, code
   * span or math reaches over them.
   */
  breaks: number[];
}

export function markdownBlocks(text: string): MarkdownBlocks {
  const lines = splitLines(text);
  const spans: Span[] = [];
  const breaks: number[] = [];
  const lineText = (i: number) => text.slice(lines[i].start, lines[i].end);
  const isBlank = (i: number) => i >= lines.length || blankLine.test(lineText(i));
  const spanLines = (first: number, last: number) =>
    spans.push({ start: lines[first].start, end: Math.min(lines[last].next, text.length) });

  let i = 0;
  const metadataEnd = yamlBlockEnd(0);
  if (metadataEnd !== -1) {
    spanLines(0, metadataEnd);
    i = metadataEnd + 1;
  }

  /** Last line of a YAML block opened by `---` at line `first`, or -1. */
  function yamlBlockEnd(first: number): number {
    if (!/^---[ \t]*$/.test(lineText(first)) || isBlank(first + 1)) return -1;
    for (let j = first + 1; j < lines.length; j++) {
      if (/^(?:---|\.\.\.)[ \t]*$/.test(lineText(j))) return j;
    }
    return -1;
  }

  let previousBlank = true;
  let previousHeading = false;
  let listContentIndent: number | undefined;
  while (i < lines.length) {
    const raw = lineText(i);
    if (blankLine.test(raw)) {
      breaks.push(lines[i].start);
      previousBlank = true;
      previousHeading = false;
      i++;
      continue;
    }
    const content = raw.slice(quoteMarkers.exec(raw)![0].length);
    const indent = indentOf(content);
    const body = content.slice(indent.chars);
    const codeIndent = (listContentIndent ?? 0) + 4;

    if ((previousBlank || previousHeading) && indent.columns >= codeIndent) {
      let last = i; // an indented code block: indented lines, with blank lines between them
      for (let j = i + 1; j < lines.length; j++) {
        if (isBlank(j)) continue;
        if (indentOf(lineText(j)).columns < codeIndent) break;
        last = j;
      }
      spanLines(i, last);
      i = last + 1;
      previousBlank = false;
      continue;
    }

    const fence = indent.columns < codeIndent ? fenceOpen.exec(body) : null;
    if (fence) {
      const closing = new RegExp(`^(?: {0,3}>[ ]?)*[ \\t]*${fence[1][0]}{${fence[1].length},}[ \\t]*$`);
      let last = -1; // pandoc reads an unterminated fence as text
      for (let j = i + 1; j < lines.length && last === -1; j++) {
        if (closing.test(lineText(j))) last = j;
      }
      if (last !== -1) {
        // Quarto renders the citations of a chunk's captions (`#| fig-cap: "… @key …"`): their values are read, the rest is code.
        let from = lines[i].start;
        for (let j = i + 1; j < last; j++) {
          const caption = CAPTION_OPTION.exec(lineText(j));
          if (!caption) continue;
          spans.push({ start: from, end: lines[j].start + caption[0].length });
          from = lines[j].end;
        }
        spans.push({ start: from, end: Math.min(lines[last].next, text.length) });
        i = last + 1;
        previousBlank = false;
        continue;
      }
    }

    if (previousBlank && i > 0) {
      const yamlEnd = yamlBlockEnd(i);
      // Pandoc reads a `---` block inside the document as metadata only when it holds a mapping.
      if (yamlEnd !== -1 && yamlMappingLine.test(lineText(i + 1))) {
        spanLines(i, yamlEnd);
        i = yamlEnd + 1;
        previousBlank = false;
        continue;
      }
    }

    if (referenceDefinition.test(content)) {
      const start = lines[i].start + raw.indexOf(']:') + 2;
      const titleOnNextLine = i + 1 < lines.length && definitionTitle.test(lineText(i + 1));
      spans.push({ start, end: titleOnNextLine ? lines[i + 1].end : lines[i].end });
    }

    // A list starts after a blank line; its items follow each other without one.
    const canStartList = previousBlank || listContentIndent !== undefined;
    const marker = canStartList && indent.columns < codeIndent ? listMarker.exec(body) : null;
    if (marker) {
      if (i > 0) breaks.push(lines[i].start);
      const spaces = (marker[1] ?? marker[2]).length;
      listContentIndent = indent.columns + marker[0].length - spaces + (spaces >= 1 && spaces <= 4 ? spaces : 1);
    } else if (footnoteDefinition.test(content)) {
      // A note's later paragraphs are indented four spaces: note text, not code.
      listContentIndent = indent.columns + 4;
    } else if (previousBlank && indent.columns === 0) {
      listContentIndent = undefined;
    }
    previousHeading = atxHeading.test(content);
    previousBlank = false;

    if (raw.includes('|') && i + 1 < lines.length && pipeTableSeparator.test(lineText(i + 1))) {
      // A pipe table: its rows and cells are read apart.
      let row = i;
      for (; row < lines.length && !isBlank(row); row++) {
        if (row > i) breaks.push(lines[row].start);
        for (const bar of lineText(row).matchAll(/\\.|\|/g)) {
          if (bar[0] === '|') breaks.push(lines[row].start + bar.index);
        }
      }
      i = row;
      continue;
    }
    i++;
  }
  return { spans, breaks };
}

const rawHtmlElement = /<(script|pre|style|textarea)(?=[\s>])[^>]*>/iy;
const htmlTag =
  /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>/y;
const autolink = /<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>/y;
const texCommand = /\\[A-Za-z]+\*?/y;
const texArgument = /\s*\{(?:[^{}\\]|\\.|\{(?:[^{}\\]|\\.|\{[^{}]*\})*\})*\}/y;
const asciiPunctuation = /[!-/:-@[-`{-~]/;

/**
 * Inline spans (code, math, comments, HTML, raw TeX, escapes, link destinations), scanned left to
 * right outside the block spans. Code spans, math and link destinations end with their paragraph.
 */
function inlineSpans(text: string, blocks: Span[], breaks: number[]): Span[] {
  const spans: Span[] = [];
  const scanner = new InlineScanner(text, breaks);
  let blockIndex = 0;
  let breakIndex = 0;
  /** Offset where the paragraph holding `offset` ends. */
  const paragraphEnd = (offset: number) => {
    while (breakIndex < breaks.length && breaks[breakIndex] <= offset) breakIndex++;
    const blockStart = blockIndex < blocks.length ? blocks[blockIndex].start : text.length;
    return Math.min(breakIndex < breaks.length ? breaks[breakIndex] : text.length, blockStart);
  };
  const special = /\\|`|\$\$?|<|\]/g;
  let match: RegExpExecArray | null;
  while ((match = special.exec(text))) {
    const at = match.index;
    while (blockIndex < blocks.length && blocks[blockIndex].end <= at) blockIndex++;
    if (blockIndex < blocks.length && blocks[blockIndex].start <= at) {
      special.lastIndex = blocks[blockIndex].end;
      continue;
    }
    const end = scanner.end(at, paragraphEnd(at));
    if (end > at) {
      spans.push({ start: text[at] === ']' ? at + 1 : at, end }); // keep a link's `]`, drop its `(...)`
      special.lastIndex = end;
    }
  }
  return spans;
}

/**
 * Finds where inline constructs end. Searches that found no closer are remembered (a later search
 * for the same closer from further on would fail too), so that a text full of unclosed `<!--`,
 * backticks or `\begin{x}` is still read in linear time.
 */
class InlineScanner {
  /** Per closer (`-->`, `</pre>`, `$$`, a backtick run): a range where a search found none. */
  private readonly missing = new Map<string, Span>();

  /** The `)` that closes each `(` of a paragraph; made when first needed. */
  private closingParenthesis: Map<number, number> | undefined;

  constructor(
    private readonly text: string,
    private readonly breaks: number[],
  ) {}

  /** End of the ignored inline construct starting at `at` (before `limit`), or `at` if none. */
  end(at: number, limit: number): number {
    const text = this.text;
    const c = text[at];
    const next = text[at + 1] ?? '';
    if (c === '\\') return asciiPunctuation.test(next) ? at + 2 : this.texEnd(at);
    if (c === '`') return this.codeSpanEnd(at, limit);
    if (c === '$') return next === '$' ? this.displayMathEnd(at, limit) : this.inlineMathEnd(at, limit);
    if (c === '<') return this.htmlEnd(at);
    if (c === ']' && next === '(') return this.linkDestinationEnd(at + 1, limit);
    return at;
  }

  private knownMissing(closer: string, from: number, limit: number): boolean {
    const missing = this.missing.get(closer);
    return missing !== undefined && from >= missing.start && limit <= missing.end;
  }

  /** Offset of the next `closer` in [from, limit), or -1. */
  private find(closer: string, from: number, limit = this.text.length): number {
    if (this.knownMissing(closer, from, limit)) return -1;
    const found = this.text.indexOf(closer, from);
    if (found !== -1 && found < limit) return found;
    this.missing.set(closer, { start: from, end: limit });
    return -1;
  }

  /**
   * A code span opened by the backticks from `at` on, closed by a run of the same length. When
   * there is none, pandoc reads the first backtick as text and tries again from the next one (the
   * scan in inlineSpans does that by moving on one character).
   */
  private codeSpanEnd(at: number, limit: number): number {
    const text = this.text;
    // A tail of a run whose search found no closer: the runs after it were all seen then (a long run
    // of backticks must not be measured and searched again from each of its characters).
    const searched = this.searchedRun;
    if (searched && at > searched.start && at < searched.runEnd && limit === searched.limit) return searched.ends.get(searched.runEnd - at) ?? at;
    let runEnd = at;
    while (text[runEnd] === '`') runEnd++;
    const run = text.slice(at, runEnd);
    if (this.knownMissing(run, runEnd, limit)) return at;
    const ends = new Map<number, number>();
    for (let i = text.indexOf('`', runEnd); i !== -1 && i < limit; i = text.indexOf('`', i)) {
      let closeEnd = i;
      while (text[closeEnd] === '`') closeEnd++;
      if (closeEnd - i === run.length) return closeEnd;
      if (!ends.has(closeEnd - i)) ends.set(closeEnd - i, closeEnd);
      i = closeEnd;
    }
    this.missing.set(run, { start: runEnd, end: limit });
    this.searchedRun = { start: at, runEnd, limit, ends };
    return at;
  }

  /** The last backtick run searched to its limit without a closer, and the first end of each run length after it. */
  private searchedRun: { start: number; runEnd: number; limit: number; ends: Map<number, number> } | undefined;

  private displayMathEnd(at: number, limit: number): number {
    const close = this.find('$$', at + 2, limit);
    return close === -1 ? at : close + 2;
  }

  /**
   * Pandoc's tex_math_dollars: `$` then a non-space; the next unescaped `$` closes the math if it
   * follows a non-space and no digit follows it, else there is no math here.
   */
  private inlineMathEnd(at: number, limit: number): number {
    const text = this.text;
    if (at + 1 >= limit || /\s/.test(text[at + 1])) return at;
    for (let i = at + 1; i < limit; i++) {
      const c = text[i];
      if (c === '\\') i++;
      else if (c === '$') return /\s/.test(text[i - 1]) || /[0-9]/.test(text[i + 1] ?? '') ? at : i + 1;
    }
    return at;
  }

  private htmlEnd(at: number): number {
    const text = this.text;
    if (text.startsWith('<!--', at)) {
      const close = this.find('-->', at + 4);
      return close === -1 ? at : close + 3; // pandoc reads an unterminated comment as text
    }
    for (const pattern of [rawHtmlElement, autolink, htmlTag]) {
      pattern.lastIndex = at;
      const match = pattern.exec(text);
      if (!match) continue;
      if (pattern === rawHtmlElement) {
        // Tags are matched in lower case only: `</PRE>` is rare enough not to lower the whole text.
        const close = this.find(`</${match[1].toLowerCase()}>`, pattern.lastIndex);
        if (close !== -1) return close + match[1].length + 3;
        continue;
      }
      return at + match[0].length;
    }
    return at;
  }

  /** `\cmd`, with its braced arguments if any, or `\begin{env}...\end{env}`. */
  private texEnd(at: number): number {
    const text = this.text;
    texCommand.lastIndex = at;
    const command = texCommand.exec(text);
    if (!command) return at;
    const commandEnd = texCommand.lastIndex;
    if (command[0] === '\\begin') {
      const environment = /\{([^{}]+)\}/y;
      environment.lastIndex = commandEnd;
      const name = environment.exec(text);
      if (name) {
        const close = this.find(`\\end{${name[1]}}`, environment.lastIndex);
        if (close !== -1) return close + name[1].length + 6;
      }
    }
    let end = commandEnd;
    for (;;) {
      texArgument.lastIndex = end;
      if (!texArgument.exec(text)) break;
      end = texArgument.lastIndex;
    }
    return end;
  }

  /** `(destination "title")` after a link's `]`: up to the `)` that balances its `(`. */
  private linkDestinationEnd(open: number, limit: number): number {
    this.closingParenthesis ??= this.matchParentheses();
    const close = this.closingParenthesis.get(open);
    return close !== undefined && close < limit ? close + 1 : open - 1;
  }

  /** Pairs the unescaped parentheses of each paragraph with a stack, in one pass. */
  private matchParentheses(): Map<number, number> {
    const closing = new Map<number, number>();
    const open: number[] = [];
    let breakIndex = 0;
    for (const match of this.text.matchAll(/\\.|[()]/gs)) {
      const at = match.index;
      if (match[0].length === 2) continue;
      if (breakIndex < this.breaks.length && this.breaks[breakIndex] <= at) {
        open.length = 0;
        while (breakIndex < this.breaks.length && this.breaks[breakIndex] <= at) breakIndex++;
      }
      if (match[0] === '(') open.push(at);
      else if (open.length > 0) closing.set(open.pop()!, at);
    }
    return closing;
  }
}

/** Merges two sorted span lists into one sorted list without overlaps. */
function mergeSorted(a: Span[], b: Span[]): Span[] {
  const all = [...a, ...b].sort((x, y) => x.start - y.start);
  const merged: Span[] = [];
  for (const span of all) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}
