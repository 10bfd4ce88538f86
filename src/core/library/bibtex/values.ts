// Field values: `{...}`, `"..."`, numbers and `@string` macros, joined with `#`; and the errors an
// entry can stop with. Every scan inside an entry is bounded by `limit`, the next line that starts
// with `@`, so a broken entry never swallows the next.
import type { LibraryProblem } from '../../types';
import type { OneByteUtf8 } from '../decode';
import { BRACE_CLOSE, BRACE_OPEN, HASH, PAREN_CLOSE, QUOTE, ScanText } from './text';

/** Longest field or macro value (characters): a `@string` doubling bomb stops here, reported, instead of exhausting memory. */
const MAX_VALUE_LENGTH = 1 << 22;

/** Thrown inside an entry; the entry is dropped and reading resumes at the next line starting with `@`. */
export class EntryError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

export class ValueReader extends ScanText {
  readonly problems: LibraryProblem[] = [];
  /** End of the current entry's scans: the next line that starts with `@`. */
  protected limit = 0;
  /** The key of the entry being read, once read. */
  protected key: string | undefined;
  /** Offset of the `@` of the item being read. */
  protected entryStart = 0;
  /** Where the value read by the last `readValue` ends. */
  protected valueEnd = 0;
  /** Offsets of the next `}`, `{`, `\\` and `"` found so far (Infinity: none left): each is searched for once. */
  private nextClose = -1;
  private nextOpen = -1;
  private nextEscape = -1;
  private nextQuote = -1;

  /** `macros`: the `@string` definitions (lower-case names) read before `from`. */
  constructor(text: string | OneByteUtf8, readonly source: string, from: number, fromLine: number, protected readonly macros: Map<string, string>) {
    super(text, from, fromLine);
  }

  report(offset: number, message: string, severity: 'error' | 'warning', key = this.key): void {
    const problem: LibraryProblem = { source: this.source, line: this.lineAt(offset), message, severity };
    if (key !== undefined) problem.key = key;
    this.problems.push(problem);
  }

  /** The error for an entry that stops at `offset` without its closing delimiter. */
  protected notClosed(offset: number, closer: number, otherwise?: string): EntryError {
    const c = this.text.charCodeAt(offset);
    const expected = String.fromCharCode(closer);
    const what = this.key === undefined ? 'Entry' : `Entry '${this.key}'`;
    if (offset >= this.limit || Number.isNaN(c)) {
      return new EntryError(`${what} is not closed: missing '${expected}'`, this.entryStart);
    }
    if (c === BRACE_CLOSE || c === PAREN_CLOSE) {
      return new EntryError(`${what} is closed with '${this.charAt(offset)}' instead of '${expected}'`, offset);
    }
    return new EntryError(otherwise ?? `${what}: unexpected '${this.charAt(offset)}'`, offset);
  }

  /** Reads a value (`{...}`, `"..."`, a number or a macro, joined with `#`); `valueEnd` is set to the offset after it. */
  protected readValue(i: number, field: string): string {
    const text = this.text;
    let value = '';
    for (;;) {
      const c = text.charCodeAt(i);
      let part: string;
      if (c === BRACE_OPEN || c === QUOTE) {
        const end = this.groupEnd(i);
        part = this.slice(i + 1, end);
        i = end + 1;
      } else {
        const end = this.readName(i);
        if (end === i || end > this.limit) {
          throw i >= this.limit ? this.notClosed(i, BRACE_CLOSE) : new EntryError(`Missing value for field '${field}'`, i);
        }
        part = this.slice(i, end);
        if (!(c >= 48 && c <= 57)) part = this.expandMacro(part, i, field);
        i = end;
      }
      if (value.length + part.length > MAX_VALUE_LENGTH) {
        const what = field === 'preamble' ? '@preamble' : this.key === undefined ? `@string '${field}'` : `Field '${field}' of '${this.key}'`;
        throw new EntryError(`${what} is too long (over ${MAX_VALUE_LENGTH.toLocaleString('en-US')} characters once its @string macros are expanded)`, i);
      }
      value = value === '' ? part : value + part;
      const after = this.skipSpaces(i);
      if (text.charCodeAt(after) !== HASH) {
        this.valueEnd = i;
        return value;
      }
      i = this.skipSpaces(after + 1);
    }
  }

  private expandMacro(name: string, offset: number, field: string): string {
    const value = this.macros.get(name.toLowerCase());
    if (value !== undefined) return value;
    const where = this.key === undefined ? '' : ` of '${this.key}'`;
    this.report(offset, `Unknown macro '${name}' in field '${field}'${where}; kept as written`, 'warning');
    return name;
  }

  /** Offset of the `}` or `"` that closes the group opened at `open` (braces nest; `\{` does not count). */
  private groupEnd(open: number): number {
    const quoted = this.text.charCodeAt(open) === QUOTE;
    let depth = quoted ? 0 : 1;
    // jump from one special character to the next rather than testing every character
    for (let i = open + 1; ;) {
      const close = this.nextClose >= i ? this.nextClose : (this.nextClose = this.indexOf('}', i));
      const opening = this.nextOpen >= i ? this.nextOpen : (this.nextOpen = this.indexOf('{', i));
      const escape = this.nextEscape >= i ? this.nextEscape : (this.nextEscape = this.indexOf('\\', i));
      const quote = !quoted ? Infinity : this.nextQuote >= i ? this.nextQuote : (this.nextQuote = this.indexOf('"', i));
      const at = Math.min(close, opening, escape, quote);
      if (at >= this.limit) break;
      if (at === escape) {
        i = at + 2; // `\{`, `\}` and `\"` are escaped characters
      } else if (at === opening) {
        depth++;
        i = at + 1;
      } else if (at === close) {
        if (--depth === 0 && !quoted) return at;
        if (depth < 0) throw new EntryError(`Unbalanced '}' in a quoted value`, at);
        i = at + 1;
      } else if (depth === 0) {
        return at;
      } else {
        i = at + 1;
      }
    }
    throw this.notClosed(this.limit, quoted ? QUOTE : BRACE_CLOSE);
  }

  private indexOf(char: string, from: number): number {
    const index = this.text.indexOf(char, from);
    return index === -1 ? Infinity : index;
  }
}
