// Pandoc citation syntax (pandoc 2.17, "Citations" in the manual), read straight from the source
// text so that every key keeps its offset. Disputed cases were checked against pandoc itself; the
// cases and pandoc's answers are in test/fixtures/pandoc/.

import { ignoredSpans, markdownBlocks, spanAt, type Span } from '../markdown/regions';

export interface CitationItem {
  /** Without '@' and without braces. */
  key: string;
  /** UTF-16 offset of the first character of the key (after '@' or '@{'). */
  keyStart: number;
  /** Offset after the key. */
  keyEnd: number;
  /** Text before the key, white space collapsed, e.g. "see" ('' if none). */
  prefix: string;
  /** Text after the key, white space collapsed, e.g. ", p. 3" ('' if none). */
  suffix: string;
  /** `[-@a]` */
  suppressAuthor: boolean;
}

export interface PandocCitation {
  kind: 'bracketed' | 'narrative';
  /** Offset of '[' (bracketed) or '@' (narrative). */
  start: number;
  /** Offset after ']' or after the key / the trailing [locator]. */
  end: number;
  items: CitationItem[];
}

/**
 * Every Pandoc citation of a Markdown text, sorted by start. Citations inside `ignored` spans
 * (default: `ignoredSpans(text)`) are not returned; none reaches over the block `breaks` (default: the
 * text's `markdownBlocks(text).breaks`). As in pandoc, a citation may sit inside the suffix of another
 * one (`[@a, see @b]` cites both): such nested citations are returned too, so their ranges lie within
 * the outer one.
 */
export function parsePandocCitations(text: string, ignored?: Span[], breaks?: number[]): PandocCitation[] {
  if (!ignored || !breaks) {
    const blocks = markdownBlocks(text);
    ignored ??= ignoredSpans(text, blocks);
    breaks ??= blocks.breaks;
  }
  return new CitationScanner(text, ignored, breaks).scan();
}

/** Quarto's cross-reference prefixes: `@fig-map` points at a figure, not at a library entry. */
const CROSS_REFERENCE = /^(?:fig|tbl|sec|eq|lst|thm|lem|cor|prp|cnj|def|exm|exr|sol|rem|alg|nte|tip|wrn|imp|cau)-/;

export function isCrossReference(key: string): boolean {
  return CROSS_REFERENCE.test(key);
}

const letterOrDigit = /[\p{L}\p{N}]/u;
const keyPunctuation = ':.#$%&-+?<>~/';
// Example list markers: `(@good)` at a line start, `@good.` or `@good)` at a block start.
const exampleInParentheses = /(?:^|\n)[ \t>]*\(@([\w-]+)\)(?=[ \t\r\n]|$)/g;
const exampleWithPeriod = /(?:^|\n[ \t]*\r?\n)[ \t]*@([\w-]+)[.)](?=[ \t\r\n]|$)/y;
const exampleWithPeriodAfterBlank = /\n[ \t]*\r?\n[ \t]*@([\w-]+)[.)](?=[ \t\r\n]|$)/g;

interface ParsedKey {
  key: string;
  keyStart: number;
  keyEnd: number;
  /** Offset after the key and any closing brace. */
  end: number;
}

class CitationScanner {
  /** Offsets of '@' and '[' already read as part of a citation. */
  private readonly consumed = new Set<number>();
  /** Labels of example list items, `(@good)`: pandoc reads `@good` as a reference to the item. */
  private readonly exampleLabels = new Set<string>();
  /** The `]` that closes each `[`, brackets in ignored spans left out; made when first needed. */
  private closingBracket: Map<number, number> | undefined;
  // A prefix or suffix scan goes the same way from every offset it passes, so once a scan has
  // failed, a later scan reaching one of its offsets fails too: this keeps the parser linear.
  private failedPrefixAt: Uint8Array | undefined;
  private failedSuffixAt: Uint8Array | undefined;
  /**
   * Per emphasis delimiter run (`*`, `__`), the last search for its closer: from any place in [start, end) the
   * first closer is at `end` (its end `close`), or there is none before the paragraph ends (`close` undefined).
   */
  private readonly emphasisSearches = new Map<string, { start: number; end: number; close: number | undefined }>();
  /** Where paragraphs, list items and table cells end (no citation reaches over them). */
  private readonly breaks: Set<number>;

  constructor(
    private readonly text: string,
    private readonly ignored: Span[],
    breaks: number[],
  ) {
    this.breaks = new Set(breaks);
    exampleWithPeriod.lastIndex = 0;
    const first = exampleWithPeriod.exec(text);
    const matches = [...(first ? [first] : []), ...text.matchAll(exampleWithPeriodAfterBlank)];
    if (text.includes('(@')) matches.push(...text.matchAll(exampleInParentheses));
    for (const match of matches) {
      if (!spanAt(ignored, match.index + match[0].indexOf('@'))) this.exampleLabels.add(match[1]);
    }
  }

  scan(): PandocCitation[] {
    const citations: PandocCitation[] = [];
    const citationStart = /[[@]/g;
    let match: RegExpExecArray | null;
    while ((match = citationStart.exec(this.text))) {
      const at = match.index;
      const span = spanAt(this.ignored, at);
      if (span) {
        citationStart.lastIndex = span.end;
        continue;
      }
      if (this.consumed.has(at)) continue;
      const citation = match[0] === '[' ? this.bracketed(at) : this.narrative(at);
      if (citation) citations.push(citation);
    }
    return citations.sort((a, b) => a.start - b.start);
  }

  /** `[see @a, p. 3; -@b]` */
  private bracketed(open: number): PandocCitation | undefined {
    if (this.text[open - 1] === '^') return undefined; // an inline note, ^[...]
    const parsed = this.citeList(this.skipSpaceAndNewline(open + 1));
    if (!parsed) return undefined;
    const close = this.skipSpaceAndNewline(parsed.end);
    // Followed by `(`, `[` or `{`, the brackets are a link or a span holding a narrative citation.
    if (this.text[close] !== ']' || '(['.includes(this.text[close + 1] ?? ' ')) return this.failList(parsed.passed);
    // A span, `[...]{.x}`; its offsets are not marked failed: after `@a `, `[p. 4; @b]{.x}` is a locator.
    if (this.text[close + 1] === '{') return undefined;
    this.consume(open, parsed.items);
    return { kind: 'bracketed', start: open, end: close + 1, items: parsed.items };
  }

  /** `@a`, `@{a}` and `@a [p. 4]`, `@a [p. 4; @b]` */
  private narrative(at: number): PandocCitation | undefined {
    const parsed = this.key(at);
    if (!parsed || this.exampleLabels.has(parsed.key)) return undefined;
    const first: CitationItem = {
      key: parsed.key,
      keyStart: parsed.keyStart,
      keyEnd: parsed.keyEnd,
      prefix: '',
      suffix: '',
      suppressAuthor: false,
    };
    const citation: PandocCitation = { kind: 'narrative', start: at, end: parsed.end, items: [first] };
    this.consume(at, []);

    const open = this.skipSpaceAndNewline(parsed.end);
    if (this.text[open] !== '[' || this.text[open + 1] === '^') return citation;
    const suffixEnd = this.suffixEnd(open + 1);
    if (suffixEnd === undefined) return citation;
    let items: CitationItem[] = [];
    let passed: number[] = [];
    let end = suffixEnd;
    if (this.text[suffixEnd] === ';') {
      const rest = this.citeList(this.skipSpaceAndNewline(suffixEnd + 1));
      if (!rest) return citation;
      ({ items, passed, end } = rest);
    }
    const close = this.skipSpaceAndNewline(end);
    if (this.text[close] !== ']' || '(['.includes(this.text[close + 1] ?? ' ')) {
      this.failList(passed);
      return citation;
    }
    first.suffix = this.clean(open + 1, suffixEnd);
    citation.items.push(...items);
    citation.end = close + 1;
    this.consume(open, items);
    return citation;
  }

  /**
   * Items separated by `;`, from `from` up to (not including) the closing `]`, with the offsets
   * their prefix scans passed: should the citation fail, every scan reaching them fails the same way.
   */
  private citeList(from: number): { items: CitationItem[]; end: number; passed: number[] } | undefined {
    const items: CitationItem[] = [];
    const passed: number[] = [];
    let position = from;
    for (;;) {
      const keyAt = this.prefixEnd(position, passed);
      if (keyAt === undefined) return this.failList(passed);
      const suppressAuthor = this.text[keyAt] === '-';
      const atSign = suppressAuthor ? keyAt + 1 : keyAt;
      const parsed = this.key(atSign);
      if (!parsed || this.consumed.has(atSign)) return this.failList(passed); // read by an earlier citation
      const suffixEnd = this.suffixEnd(parsed.end);
      if (suffixEnd === undefined) return this.failList(passed);
      items.push({
        key: parsed.key,
        keyStart: parsed.keyStart,
        keyEnd: parsed.keyEnd,
        prefix: this.clean(position, keyAt),
        suffix: this.clean(parsed.end, suffixEnd),
        suppressAuthor,
      });
      if (this.text[suffixEnd] !== ';') return { items, end: suffixEnd, passed };
      position = this.skipSpaceAndNewline(suffixEnd + 1);
    }
  }

  /** Marks the offsets passed by the prefix scans of a failed citation; returns undefined. */
  private failList(passed: number[]): undefined {
    this.failedPrefixAt ??= new Uint8Array(this.text.length + 1);
    for (const i of passed) this.failedPrefixAt[i] = 1;
    return undefined;
  }

  /**
   * Where the prefix starting at `from` ends: at the next `@key` or `-@key`. Undefined when a `]`,
   * a blank line or a `;` before the key comes first (pandoc then reads no bracketed citation).
   */
  private prefixEnd(from: number, passed: number[]): number | undefined {
    for (let i = from; i < this.text.length; ) {
      if (this.failedPrefixAt?.[i]) return undefined;
      passed.push(i);
      const c = this.text[i];
      const skipped = this.skipAtom(i);
      if (skipped === undefined) return undefined;
      if (skipped > i) {
        i = skipped;
        continue;
      }
      if (c === ']') return undefined;
      if (c === ';') {
        const next = this.skipSpaceAndNewline(i + 1);
        if (this.startsKey(next)) return undefined;
      }
      if (this.startsKey(i)) return i;
      i++;
    }
    return undefined;
  }

  /** Where the suffix starting at `from` ends: at the `;` or `]` that closes it. */
  private suffixEnd(from: number): number | undefined {
    const passed: number[] = [];
    const end = this.scanSuffix(from, passed);
    if (end === undefined) {
      this.failedSuffixAt ??= new Uint8Array(this.text.length + 1);
      for (const i of passed) this.failedSuffixAt[i] = 1;
    }
    return end;
  }

  private scanSuffix(from: number, passed: number[]): number | undefined {
    for (let i = from; i < this.text.length; ) {
      if (this.failedSuffixAt?.[i]) return undefined;
      passed.push(i);
      const c = this.text[i];
      if (c === ';' || c === ']') return i;
      const skipped = this.skipAtom(i);
      if (skipped === undefined) return undefined;
      i = skipped > i ? skipped : i + 1;
    }
    return undefined;
  }

  /**
   * Skips what pandoc reads as one inline inside a prefix or suffix: an ignored span (code, math,
   * escape), a balanced `[...]`, an emphasis `*...*`. Returns `i` when there is none there and
   * undefined where the paragraph, list item or table cell (and with it the citation) ends.
   */
  private skipAtom(i: number): number | undefined {
    const c = this.text[i];
    if (this.endsBlock(i)) return undefined;
    const span = spanAt(this.ignored, i);
    if (span) return span.end;
    if (c === '[') return this.balancedBracketEnd(i) ?? i;
    if (c === '*' || c === '_') return this.emphasisEnd(i) ?? i;
    return i;
  }

  private balancedBracketEnd(open: number): number | undefined {
    this.closingBracket ??= this.matchBrackets();
    const close = this.closingBracket.get(open);
    return close === undefined ? undefined : close + 1;
  }

  /** Pairs the brackets of each paragraph with a stack, in one pass. */
  private matchBrackets(): Map<number, number> {
    const closing = new Map<number, number>();
    const open: number[] = [];
    for (const match of this.text.matchAll(/[[\]\n|]/g)) {
      const at = match.index;
      if (match[0] === '\n' || match[0] === '|') {
        if (this.endsBlock(at)) open.length = 0;
      } else if (spanAt(this.ignored, at)) {
        continue;
      } else if (match[0] === '[') {
        open.push(at);
      } else if (open.length > 0) {
        closing.set(open.pop()!, at);
      }
    }
    return closing;
  }

  /** End of an emphasis opened by the delimiter run at `open`, if it closes in the paragraph. */
  private emphasisEnd(open: number): number | undefined {
    const delimiter = this.text[open];
    let runEnd = open;
    while (this.text[runEnd] === delimiter) runEnd++;
    if (/\s/.test(this.text[runEnd] ?? ' ')) return undefined;
    if (delimiter === '_' && letterOrDigit.test(this.text[open - 1] ?? ' ')) return undefined;
    const run = delimiter.repeat(runEnd - open);
    // Whether a place closes the run depends on the place alone: what a search found from one place holds for
    // every later place before it (searches from the last opener to the first took quadratic time before).
    const known = this.emphasisSearches.get(run);
    if (known && runEnd >= known.start && runEnd < known.end) return known.close;
    const found = (end: number, close: number | undefined) => {
      this.emphasisSearches.set(run, { start: runEnd, end, close });
      return close;
    };
    for (let i = runEnd; i < this.text.length; i++) {
      if (known && i === known.start) return found(known.end, known.close);
      const span = spanAt(this.ignored, i);
      if (span) {
        i = span.end - 1;
        continue;
      }
      const c = this.text[i];
      if (this.endsBlock(i)) return found(i, undefined);
      if (c !== delimiter) continue;
      let closeEnd = i;
      while (this.text[closeEnd] === delimiter) closeEnd++;
      const rightFlanking = !/\s/.test(this.text[i - 1]);
      const wordAfter = delimiter === '_' && letterOrDigit.test(this.text[closeEnd] ?? ' ');
      if (closeEnd - i === run.length && rightFlanking && !wordAfter) return found(i, closeEnd);
      i = closeEnd - 1;
    }
    return found(this.text.length, undefined);
  }

  /** Does a citation key (`@key`, `-@key`) start at `i`? */
  private startsKey(i: number): boolean {
    return this.key(this.text[i] === '-' ? i + 1 : i) !== undefined;
  }

  /** The key of `@key` or `@{key}` with its '@' at `at`, as pandoc's citeKey reads it. */
  private key(at: number): ParsedKey | undefined {
    const text = this.text;
    if (text[at] !== '@' || wordBefore(text, at) || spanAt(this.ignored, at)) return undefined;
    const keyStart = at + 1;
    if (text[keyStart] === '{') return this.bracedKey(keyStart);
    const first = regularLength(text, keyStart) || (text[keyStart] === '*' ? 1 : 0);
    if (!first) return undefined;
    let end = keyStart + first;
    for (;;) {
      const length = regularLength(text, end);
      if (length) {
        end += length;
        continue;
      }
      const c = text[end] ?? '';
      // Punctuation belongs to the key only inside it; `:` and `/` also before a `/` (URLs).
      if ((c && keyPunctuation.includes(c) && regularLength(text, end + 1)) || ((c === ':' || c === '/') && text[end + 1] === '/')) {
        end += 1;
        continue;
      }
      return { key: text.slice(keyStart, end), keyStart, keyEnd: end, end };
    }
  }

  /** `@{key}`: balanced braces around non-space characters. */
  private bracedKey(open: number): ParsedKey | undefined {
    this.closingBrace ??= this.matchBraces();
    const close = this.closingBrace.get(open);
    if (close === undefined) return undefined;
    // `@{}` cites the empty key, as pandoc reads it.
    return { key: this.text.slice(open + 1, close), keyStart: open + 1, keyEnd: close, end: close + 1 };
  }

  /** The `}` that closes each `{` with no white space between them, made in one pass when first needed. */
  private closingBrace: Map<number, number> | undefined;

  private matchBraces(): Map<number, number> {
    const closing = new Map<number, number>();
    const open: number[] = [];
    let previous = 0;
    for (const match of this.text.matchAll(/[{}]/g)) {
      if (open.length > 0 && /\s/.test(this.text.slice(previous, match.index))) open.length = 0; // a blank ends every open key
      previous = match.index;
      if (match[0] === '{') open.push(match.index);
      else if (open.length > 0) closing.set(open.pop()!, match.index);
    }
    return closing;
  }

  /** Pandoc's spnl: spaces, at most one line break (not a blank line), spaces. */
  private skipSpaceAndNewline(from: number): number {
    let i = from;
    while (this.text[i] === ' ' || this.text[i] === '\t') i++;
    if (this.text[i] === '\r' && this.text[i + 1] === '\n') i++;
    if (this.text[i] === '\n' && !this.endsBlock(i)) {
      i++;
      while (this.text[i] === ' ' || this.text[i] === '\t' || this.text[i] === '>') i++;
    }
    return i;
  }

  /** Does the paragraph, list item or table cell end at `i` (a line break or a cell's `|`)? */
  private endsBlock(i: number): boolean {
    const c = this.text[i];
    if (c === '|') return this.breaks.has(i);
    return c === '\n' && (this.breaks.has(i + 1) || i + 1 === this.text.length);
  }

  /** Source text of a prefix or suffix: escapes read, white space (and block quote markers) collapsed. */
  private clean(start: number, end: number): string {
    const source = this.text.slice(start, end);
    if (!/[\\\n\r\t]|\s\s|^\s|\s$/.test(source)) return source;
    return source
      .replace(/\\([!-/:-@[-`{-~])/g, '$1')
      .replace(/\s*\n[ \t>]*/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  }

  /** Marks the opening `[` or '@' of a citation, and the '@' of its items, as read. */
  private consume(open: number, items: CitationItem[]): void {
    this.consumed.add(open);
    for (const item of items) this.consumed.add(item.keyStart - (this.text[item.keyStart - 1] === '{' ? 2 : 1));
  }
}

/** Length (1, or 2 for a surrogate pair) of the letter, digit or '_' at `i`; 0 if there is none. */
function regularLength(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 128) {
    const isRegular = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
    return isRegular ? 1 : 0;
  }
  if (Number.isNaN(code)) return 0;
  const char = String.fromCodePoint(text.codePointAt(i)!);
  return letterOrDigit.test(char) ? char.length : 0;
}

/** Is the '@' at `at` right after a letter, a digit or a '.'? Pandoc reads no citation there (e-mails, `1.@a`). */
function wordBefore(text: string, at: number): boolean {
  const before = text.charCodeAt(at - 1);
  if (Number.isNaN(before)) return false;
  if (before === 46) return true;
  if (before < 128) return before !== 95 && regularLength(text, at - 1) === 1;
  const lowSurrogate = before >= 0xdc00 && before <= 0xdfff;
  return regularLength(text, lowSurrogate ? at - 2 : at - 1) > 0;
}
