// The text a BibTeX scan reads: characters, blanks, names and lines. The text is either decoded or,
// for a valid UTF-8 file, its bytes one character each (see OneByteUtf8): then a slice that holds
// bytes over 0x7f is decoded as UTF-8, and offsets are given in the decoded text.
import type { OneByteUtf8 } from '../decode';

export const BRACE_OPEN = 123;
export const BRACE_CLOSE = 125;
export const PAREN_OPEN = 40;
export const PAREN_CLOSE = 41;
export const QUOTE = 34;
export const COMMA = 44;
export const EQUALS = 61;
export const HASH = 35;
export const PERCENT = 37;
export const AT = 64;

/**
 * A blank, as BibTeX tools read one. No-break space and U+FEFF are blanks too in decoded text; read
 * one byte a character, a byte 0xa0 is part of a longer character (OneByteUtf8 holds neither).
 */
export function isSpace(c: number, decoded: boolean): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 12 || (decoded && (c === 0xa0 || c === 0xfeff));
}

/** Ends a type, key, field name or macro name. */
export function isNameEnd(c: number, decoded: boolean): boolean {
  return isSpace(c, decoded) || c === COMMA || c === EQUALS || c === HASH || c === BRACE_OPEN || c === BRACE_CLOSE ||
    c === PAREN_OPEN || c === PAREN_CLOSE || c === QUOTE || Number.isNaN(c);
}

export class ScanText {
  protected readonly text: string;
  /** Set when `text` holds the bytes of a UTF-8 file, one character each. */
  protected readonly oneByte: OneByteUtf8 | undefined;
  /** Whether `text` is decoded (not one byte a character). */
  protected readonly decoded: boolean;
  private lineOffset: number;
  private lineNumber: number;
  /** Offset of the line break that ends line `lineNumber` (Infinity: none), or -1 when not looked up yet. */
  private lineEnd = -1;
  /** `\n`, or `\r` in a file with classic Mac line ends only. */
  private readonly newline: string;
  protected readonly newlineCode: number;
  /** The last answer of `nextAtLine` and the offset it was asked from. */
  private atLineFrom = -1;
  private atLine = -1;

  /** `from` is on line `fromLine`. */
  constructor(text: string | OneByteUtf8, from: number, fromLine: number) {
    this.oneByte = typeof text === 'string' ? undefined : text;
    this.text = typeof text === 'string' ? text : text.text;
    this.decoded = this.oneByte === undefined;
    this.newline = this.text.indexOf('\n') === -1 && this.text.indexOf('\r') !== -1 ? '\r' : '\n';
    this.newlineCode = this.newline.charCodeAt(0);
    this.lineOffset = from === 0 ? 0 : this.text.lastIndexOf(this.newline, from - 1) + 1;
    this.lineNumber = fromLine;
  }

  /**
   * 0-based line of an offset; cheap when offsets increase, as they do while scanning. The end of the
   * current line is remembered, so a long line (many entries on one line) is not searched again per call.
   */
  lineAt(offset: number): number {
    const text = this.text;
    while (this.lineOffset > offset) { // back one line; `lineOffset` is always the start of line `lineNumber`
      this.lineEnd = this.lineOffset - 1;
      this.lineOffset = this.lineOffset <= 1 ? 0 : text.lastIndexOf(this.newline, this.lineOffset - 2) + 1;
      this.lineNumber--;
    }
    for (;;) {
      if (this.lineEnd < this.lineOffset) {
        const end = text.indexOf(this.newline, this.lineOffset);
        this.lineEnd = end === -1 ? Infinity : end;
      }
      if (this.lineEnd >= offset) return this.lineNumber;
      this.lineNumber++;
      this.lineOffset = this.lineEnd + 1;
    }
  }

  /** The text at start..end, decoded. */
  protected slice(start: number, end: number): string {
    const oneByte = this.oneByte;
    return oneByte === undefined || oneByte.highByteFrom(start) >= end ? this.text.slice(start, end) : oneByte.slice(start, end);
  }

  /** The character at `offset`, decoded. */
  protected charAt(offset: number): string {
    return this.oneByte === undefined ? this.text[offset] : this.oneByte.charAt(offset);
  }

  /** Where `offset` is in the decoded text. */
  charOffset(offset: number): number {
    return this.oneByte === undefined ? offset : this.oneByte.charOffset(offset);
  }

  /** `% @article{...}`: a line commented out with `%`, which BibTeX-aware tools skip. */
  protected isCommentedOut(at: number): boolean {
    for (let i = at - 1; i >= 0; i--) {
      const c = this.text.charCodeAt(i);
      if (c === this.newlineCode) return false;
      if (c === PERCENT) return true;
      if (!isSpace(c, this.decoded)) return false;
    }
    return false;
  }

  /** Offset of the next `@` (after `from`) that is the first non-blank character of its line, or the text length. */
  protected nextAtLine(from: number): number {
    // No `@` line lies between the last offset asked from and its answer: reuse it (many entries on one line).
    if (from >= this.atLineFrom && from <= this.atLine) return this.atLine;
    const text = this.text;
    let at = text.indexOf('@', from);
    while (at !== -1 && !this.startsLine(at)) at = text.indexOf('@', at + 1);
    this.atLineFrom = from;
    this.atLine = at === -1 ? text.length : at;
    return this.atLine;
  }

  protected startsLine(offset: number): boolean {
    let i = offset - 1;
    while (i >= 0 && (this.text.charCodeAt(i) === 32 || this.text.charCodeAt(i) === 9)) i--;
    return i < 0 || this.text.charCodeAt(i) === this.newlineCode;
  }

  /** Skips blanks and `%` comments (which biber and pandoc allow between fields). */
  protected skipSpaces(i: number): number {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(i);
      if (isSpace(c, this.decoded)) i++;
      else if (c === PERCENT) {
        const newline = text.indexOf(this.newline, i);
        i = newline === -1 ? text.length : newline + 1;
      } else return i;
    }
  }

  protected readName(i: number): number {
    const text = this.text;
    while (i < text.length && !isNameEnd(text.charCodeAt(i), this.decoded)) i++;
    return i;
  }
}
