// BibTeX / BibLaTeX reader: one pass over the text with charCodeAt/indexOf, keeping every good entry
// and reporting each broken one. A broken entry never swallows the next: every scan inside an entry is
// bounded by the next line that starts with `@`, where reading resumes after an error.
import type { LibraryEntry, LibraryProblem, ParsedLibrary } from '../types';
import { latexToUnicode, parseNames } from './latex';

const MONTHS: Record<string, string> = {
  jan: 'January', feb: 'February', mar: 'March', apr: 'April', may: 'May', jun: 'June',
  jul: 'July', aug: 'August', sep: 'September', oct: 'October', nov: 'November', dec: 'December',
};

/** Fields a child never takes from its crossref/xdata parent (as biber does). */
const NOT_INHERITED = new Set([
  'crossref', 'xref', 'xdata', 'ids', 'entryset', 'execute', 'label', 'options', 'presort', 'related',
  'relatedoptions', 'relatedstring', 'relatedtype', 'shorthand', 'shorthandintro', 'sortkey',
]);

const BRACE_OPEN = 123;
const BRACE_CLOSE = 125;
const PAREN_OPEN = 40;
const PAREN_CLOSE = 41;
const QUOTE = 34;
const COMMA = 44;
const EQUALS = 61;
const HASH = 35;
const PERCENT = 37;
const AT = 64;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 12 || c === 0xa0 || c === 0xfeff;
}

/** Ends a type, key, field name or macro name. */
function isNameEnd(c: number): boolean {
  return isSpace(c) || c === COMMA || c === EQUALS || c === HASH || c === BRACE_OPEN || c === BRACE_CLOSE ||
    c === PAREN_OPEN || c === PAREN_CLOSE || c === QUOTE || Number.isNaN(c);
}

/** Longest field or macro value (characters): a `@string` doubling bomb stops here, reported, instead of exhausting memory. */
const MAX_VALUE_LENGTH = 1 << 22;
/** Field names kept per (length, first character) for reuse: past this, a name is sliced afresh (no linear search). */
const MAX_NAMES_PER_BUCKET = 16;

/** Placeholder for the search fields until `addSearchFields` sets them. */
const NOT_YET: never[] = [];

/** A BibTeX entry always has its fields. */
type ScannedEntry = LibraryEntry & { fields: Record<string, string> };

/** Thrown inside an entry; the entry is dropped and reading resumes at the next line starting with `@`. */
class EntryError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/**
 * Where the text splits into segments: each starts at an `@` that is the first non-blank character of its
 * line (the first at the start of the text). No item crosses a segment start, so an edit only needs the
 * segments it touches read again. Parallel arrays, one element per segment.
 */
interface Segments {
  starts: number[];
  lines: number[];
  /** Index, in the scanned entries and problems, of the segment's first one. */
  firstEntries: number[];
  firstProblems: number[];
}

class BibtexScanner {
  /** Every entry read, duplicates included, with key, lines and fields only. */
  readonly entries: ScannedEntry[] = [];
  readonly problems: LibraryProblem[] = [];
  readonly segments: Segments = { starts: [], lines: [], firstEntries: [], firstProblems: [] };
  /** The `@string` definitions read, and the segment of each. */
  readonly definitions: { segment: number; name: string; value: string }[] = [];
  private readonly macros: Map<string, string>;
  private lineOffset: number;
  private lineNumber: number;
  /** Offset of the line break that ends line `lineNumber` (Infinity: none), or -1 when not looked up yet. */
  private lineEnd = -1;
  /** `\n`, or `\r` in a file with classic Mac line ends only. */
  private readonly newline: string;
  private readonly newlineCode: number;
  /** The last answer of `nextAtLine` and the offset it was asked from. */
  private atLineFrom = -1;
  private atLine = -1;
  /** End of the current entry's scans: the next line that starts with `@`. */
  private limit = 0;
  private key: string | undefined;
  /** Offset and line of the `@` of the item being read. */
  private entryStart = 0;
  private entryLine = 0;

  /** `from` is on line `fromLine`; `macros` are those defined before it. */
  constructor(
    private readonly text: string,
    private readonly source: string,
    from = 0,
    fromLine = 0,
    macros = new Map(Object.entries(MONTHS)),
  ) {
    this.newline = text.indexOf('\n') === -1 && text.indexOf('\r') !== -1 ? '\r' : '\n';
    this.newlineCode = this.newline.charCodeAt(0);
    this.lineOffset = from === 0 ? 0 : text.lastIndexOf(this.newline, from - 1) + 1;
    this.lineNumber = fromLine;
    this.macros = macros;
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

  report(offset: number, message: string, severity: 'error' | 'warning', key = this.key): void {
    const problem: LibraryProblem = { source: this.source, line: this.lineAt(offset), message, severity };
    if (key !== undefined) problem.key = key;
    this.problems.push(problem);
  }

  /** Reads the items from `from` (a segment start) up to `end` (a segment start, or the end of the text). */
  scan(from = 0, end = this.text.length): void {
    const text = this.text;
    const segments = this.segments;
    this.openSegment(from);
    let at = text.indexOf('@', from);
    while (at !== -1 && at < end) {
      if (at > segments.starts[segments.starts.length - 1] && this.startsLine(at)) this.openSegment(at);
      const next = this.isCommentedOut(at) ? at + 1 : this.readItem(at);
      at = text.indexOf('@', next);
    }
  }

  private openSegment(at: number): void {
    const segments = this.segments;
    segments.starts.push(at);
    segments.lines.push(this.lineAt(at));
    segments.firstEntries.push(this.entries.length);
    segments.firstProblems.push(this.problems.length);
  }

  /** `% @article{...}`: a line commented out with `%`, which BibTeX-aware tools skip. */
  private isCommentedOut(at: number): boolean {
    for (let i = at - 1; i >= 0; i--) {
      const c = this.text.charCodeAt(i);
      if (c === this.newlineCode) return false;
      if (c === PERCENT) return true;
      if (!isSpace(c)) return false;
    }
    return false;
  }

  /** Offset of the next `@` (after `from`) that is the first non-blank character of its line, or the text length. */
  private nextAtLine(from: number): number {
    // No `@` line lies between the last offset asked from and its answer: reuse it (many entries on one line).
    if (from >= this.atLineFrom && from <= this.atLine) return this.atLine;
    const text = this.text;
    let at = text.indexOf('@', from);
    while (at !== -1 && !this.startsLine(at)) at = text.indexOf('@', at + 1);
    this.atLineFrom = from;
    this.atLine = at === -1 ? text.length : at;
    return this.atLine;
  }

  private startsLine(offset: number): boolean {
    let i = offset - 1;
    while (i >= 0 && (this.text.charCodeAt(i) === 32 || this.text.charCodeAt(i) === 9)) i--;
    return i < 0 || this.text.charCodeAt(i) === this.newlineCode;
  }

  /** Skips blanks and `%` comments (which biber and pandoc allow between fields). */
  private skipSpaces(i: number): number {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(i);
      if (isSpace(c)) i++;
      else if (c === PERCENT) {
        const newline = text.indexOf(this.newline, i);
        i = newline === -1 ? text.length : newline + 1;
      } else return i;
    }
  }

  private readName(i: number): number {
    const text = this.text;
    while (i < text.length && !isNameEnd(text.charCodeAt(i))) i++;
    return i;
  }

  /** Reads what follows an `@`; returns where to look for the next one. */
  private readItem(at: number): number {
    const text = this.text;
    const typeStart = this.skipSpaces(at + 1);
    let typeEnd = typeStart;
    // a type ends like a name, or at an `@`, which starts another item
    while (typeEnd < text.length && !isNameEnd(text.charCodeAt(typeEnd)) && text.charCodeAt(typeEnd) !== AT) typeEnd++;
    const open = this.skipSpaces(typeEnd);
    const delimiter = text.charCodeAt(open);
    this.key = undefined;
    if (delimiter !== BRACE_OPEN && delimiter !== PAREN_OPEN) {
      const type = text.slice(typeStart, typeEnd);
      if (type !== '' && type.toLowerCase() !== 'comment' && this.startsLine(at)) {
        this.report(at, `Expected '{' after '@${type}'`, 'error');
      }
      return at + 1; // otherwise an `@` in free text (an e-mail address, `@comment` without braces)
    }
    this.limit = this.nextAtLine(open);
    this.entryStart = at;
    this.entryLine = this.lineAt(at);
    const type = typeEnd > typeStart ? this.fieldNameAt(typeStart, typeEnd) : '';
    const closer = delimiter === BRACE_OPEN ? BRACE_CLOSE : PAREN_CLOSE;
    try {
      if (type === '') throw new EntryError("Entry type missing after '@'", at);
      if (type === 'comment') return this.skipComment(open, closer);
      if (type === 'preamble') return this.readPreamble(open + 1, closer);
      if (type === 'string') return this.readFields(open + 1, closer, undefined);
      return this.readEntry(at, type, open + 1, closer);
    } catch (error) {
      if (!(error instanceof EntryError)) throw error;
      this.report(error.offset, error.message, 'error');
      return this.limit;
    }
  }

  private skipComment(open: number, closer: number): number {
    // `@comment{...}` is skipped as a balanced group; an unbalanced one ends at the next `@` line
    let depth = 0;
    const text = this.text;
    const opener = closer === BRACE_CLOSE ? BRACE_OPEN : PAREN_OPEN;
    for (let i = open; i < this.limit; i++) {
      const c = text.charCodeAt(i);
      if (c === opener) depth++;
      else if (c === closer && --depth === 0) return i + 1;
    }
    return this.limit;
  }

  private readPreamble(i: number, closer: number): number {
    this.readValue(this.skipSpaces(i), 'preamble');
    const close = this.skipSpaces(this.valueEnd);
    if (this.text.charCodeAt(close) !== closer) throw this.notClosed(close, closer);
    return close + 1;
  }

  /**
   * Field names seen so far, by length and first character: [as written, lower case, ...]. Reusing one
   * string per name spares a slice and a hash per field, and keeps property writes fast.
   */
  private readonly fieldNames = new Map<number, string[]>();

  /** The lower-case name of the field (or type) written at start..end. */
  private fieldNameAt(start: number, end: number): string {
    const text = this.text;
    const id = (end - start) * 65536 + text.charCodeAt(start);
    let known = this.fieldNames.get(id);
    if (known === undefined) this.fieldNames.set(id, (known = []));
    for (let k = 0; k < known.length; k += 2) if (text.startsWith(known[k], start)) return known[k + 1];
    const written = text.slice(start, end);
    if (known.length >= 2 * MAX_NAMES_PER_BUCKET) return written.toLowerCase();
    known.push(written, written.toLowerCase());
    return known[known.length - 1];
  }

  /** Where the value read by the last `readValue` ends. */
  private valueEnd = 0;

  private readEntry(at: number, type: string, i: number, closer: number): number {
    const text = this.text;
    const keyStart = this.skipSpaces(i);
    let keyEnd = keyStart;
    // A key may hold `=` (`https://example.com/bib?name=foobar&date=2000`, as pandoc reads it), not a field.
    while (keyEnd < this.limit && (text.charCodeAt(keyEnd) === EQUALS || !isNameEnd(text.charCodeAt(keyEnd)))) keyEnd++;
    const key = text.slice(keyStart, keyEnd);
    const afterKey = this.skipSpaces(keyEnd);
    const next = text.charCodeAt(afterKey);
    const field = key.includes('=') && next !== COMMA && next !== closer;
    if (key === '' || next === EQUALS || field) throw new EntryError(`Entry key missing after '@${type}{'`, at);
    this.key = key;
    const fields: Record<string, string> = {};
    let end: number;
    if (next === COMMA) {
      end = this.readFields(afterKey + 1, closer, fields);
    } else if (next === closer) {
      end = afterKey + 1;
    } else {
      throw this.notClosed(afterKey, closer, `Missing ',' after key '${key}'`);
    }
    this.entries.push({
      key, type, source: this.source, startLine: this.entryLine, endLine: this.lineAt(end - 1), keyOffset: keyStart,
      authors: NOT_YET, editors: NOT_YET, keywords: NOT_YET, fields,
    });
    return end;
  }

  /**
   * `name = value, ...` up to the closing delimiter, into `fields` (or, for `@string`, the macros);
   * returns the offset after the delimiter.
   */
  private readFields(i: number, closer: number, fields: Record<string, string> | undefined): number {
    const text = this.text;
    for (;;) {
      i = this.skipSpaces(i);
      while (text.charCodeAt(i) === COMMA) i = this.skipSpaces(i + 1); // tolerate `,,` and a trailing comma
      if (i >= this.limit) throw this.notClosed(i, closer);
      if (text.charCodeAt(i) === closer) return i + 1;
      const nameEnd = this.readName(i);
      if (nameEnd === i) throw this.notClosed(i, closer, `Expected a field name, found '${text[i]}'`);
      const start = i;
      const field = this.fieldNameAt(start, nameEnd);
      const equals = this.skipSpaces(nameEnd);
      if (text.charCodeAt(equals) !== EQUALS) throw new EntryError(`Missing '=' after field '${text.slice(i, nameEnd)}'`, equals);
      const value = this.readValue(this.skipSpaces(equals + 1), field);
      if (fields === undefined) {
        this.macros.set(field, value);
        this.definitions.push({ segment: this.segments.starts.length - 1, name: field, value });
      } else if (field === '__proto__') {
        this.report(start, `Field '__proto__' in entry '${this.key}' is ignored`, 'warning');
      } else if (!Object.hasOwn(fields, field)) {
        fields[field] = value;
      } else {
        this.report(start, `Duplicate field '${field}' in entry '${this.key}'; the first is kept`, 'warning');
      }
      i = this.skipSpaces(this.valueEnd);
      const c = text.charCodeAt(i);
      if (c === COMMA) i++;
      else if (c === closer) return i + 1;
      else throw this.notClosed(i, closer, `Missing ',' after field '${text.slice(start, nameEnd)}'`);
    }
  }

  /** The error for an entry that stops at `offset` without its closing delimiter. */
  private notClosed(offset: number, closer: number, otherwise?: string): EntryError {
    const text = this.text;
    const c = text.charCodeAt(offset);
    const expected = String.fromCharCode(closer);
    const what = this.key === undefined ? 'Entry' : `Entry '${this.key}'`;
    if (offset >= this.limit || Number.isNaN(c)) {
      return new EntryError(`${what} is not closed: missing '${expected}'`, this.entryStart);
    }
    if (c === BRACE_CLOSE || c === PAREN_CLOSE) {
      return new EntryError(`${what} is closed with '${text[offset]}' instead of '${expected}'`, offset);
    }
    return new EntryError(otherwise ?? `${what}: unexpected '${text[offset]}'`, offset);
  }

  /** A field value: `{...}`, `"..."`, a number or a macro, joined with `#`. */
  /** Reads a value into a string; `valueEnd` is set to the offset after it. */
  private readValue(i: number, field: string): string {
    const text = this.text;
    let value = '';
    for (;;) {
      const c = text.charCodeAt(i);
      let part: string;
      if (c === BRACE_OPEN || c === QUOTE) {
        const end = this.groupEnd(i);
        part = text.slice(i + 1, end);
        i = end + 1;
      } else {
        const end = this.readName(i);
        if (end === i || end > this.limit) {
          throw i >= this.limit ? this.notClosed(i, BRACE_CLOSE) : new EntryError(`Missing value for field '${field}'`, i);
        }
        part = text.slice(i, end);
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

  /** Offsets of the next `}`, `{`, `\\` and `"` found so far (Infinity: none left): each is searched for once. */
  private nextClose = -1;
  private nextOpen = -1;
  private nextEscape = -1;
  private nextQuote = -1;

  private indexOf(char: string, from: number): number {
    const index = this.text.indexOf(char, from);
    return index === -1 ? Infinity : index;
  }
}

/** Merges crossref and xdata parents into their children (own fields win), guarding against cycles. */
function inherit(entries: ScannedEntry[], allByKey: Map<string, ScannedEntry>, problems: LibraryProblem[], source: string): void {
  let byOtherName: Map<string, ScannedEntry> | undefined; // biblatex `ids` aliases, and keys in lower case
  const find = (key: string) => {
    const entry = allByKey.get(key);
    if (entry || byOtherName) return entry ?? byOtherName?.get(key) ?? byOtherName?.get(key.toLowerCase());
    byOtherName = new Map();
    for (const other of allByKey.values()) {
      for (const alias of (other.fields.ids ?? '').split(',')) if (alias.trim()) byOtherName.set(alias.trim(), other);
      if (!byOtherName.has(other.key.toLowerCase())) byOtherName.set(other.key.toLowerCase(), other);
    }
    return byOtherName.get(key) ?? byOtherName.get(key.toLowerCase());
  };
  const resolved = new Set<ScannedEntry>();
  const parentKeys = (entry: ScannedEntry) => {
    const keys = (entry.fields.xdata ?? '').split(',').map((key) => key.trim()).filter((key) => key !== '');
    if (entry.fields.crossref !== undefined) keys.push(entry.fields.crossref.trim());
    return keys;
  };
  const merge = (entry: ScannedEntry, parent: ScannedEntry) => {
    for (const field in parent.fields) {
      if (!Object.hasOwn(entry.fields, field) && !NOT_INHERITED.has(field)) entry.fields[field] = parent.fields[field];
    }
    // biblatex: the parent's title is the child's booktitle (an @incollection in a @book)
    if (parent.fields.title !== undefined && entry.fields.booktitle === undefined && entry.type.startsWith('in')) {
      entry.fields.booktitle = parent.fields.title;
    }
  };

  // Depth first with an explicit stack (a crossref chain may be thousands deep): a parent is resolved
  // before its fields are merged into the child.
  const resolve = (start: ScannedEntry): void => {
    if (resolved.has(start)) return;
    const stack = [{ entry: start, parents: parentKeys(start), next: 0, waiting: undefined as ScannedEntry | undefined }];
    const onChain = new Set([start]);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame.waiting) {
        merge(frame.entry, frame.waiting);
        frame.waiting = undefined;
      }
      if (frame.next === frame.parents.length) {
        stack.pop();
        onChain.delete(frame.entry);
        resolved.add(frame.entry);
        continue;
      }
      const entry = frame.entry;
      const parentKey = frame.parents[frame.next++];
      const parent = find(parentKey);
      if (!parent) {
        problems.push({
          source, line: entry.startLine, key: entry.key, severity: 'warning',
          message: `Entry '${entry.key}' refers to '${parentKey}' (crossref/xdata), which is not in this file`,
        });
      } else if (onChain.has(parent)) {
        const chain = stack.map((f) => f.entry);
        const cycle = [...chain.slice(chain.indexOf(parent)), parent].map((e) => e.key).join(' -> ');
        problems.push({
          source, line: entry.startLine, key: entry.key, severity: 'warning',
          message: `Cyclic crossref/xdata: ${cycle}; '${entry.key}' does not inherit from '${parent.key}'`,
        });
      } else if (resolved.has(parent)) {
        merge(entry, parent);
      } else {
        frame.waiting = parent;
        stack.push({ entry: parent, parents: parentKeys(parent), next: 0, waiting: undefined });
        onChain.add(parent);
      }
    }
  };

  for (const entry of entries) {
    if (entry.fields.crossref !== undefined || entry.fields.xdata !== undefined) resolve(entry);
  }
}

const URL_ESCAPES = /\\([_%&#$~])|[{}]/g;

/** A DOI or URL as written, without braces and `\_`-style escapes (no other LaTeX decoding). */
function plainLink(value: string): string {
  return value.indexOf('\\') === -1 && value.indexOf('{') === -1 ? value.trim() : value.replace(URL_ESCAPES, '$1').trim();
}

export function splitKeywords(value: string | undefined): string[] {
  if (value === undefined) return [];
  return latexToUnicode(value).split(/[,;]/).map((k) => k.trim()).filter((k) => k !== '');
}

function yearOf(fields: Record<string, string>): string | undefined {
  if (fields.year !== undefined) return latexToUnicode(fields.year);
  const match = fields.date === undefined ? null : /\d{4}/.exec(fields.date);
  return match ? match[0] : undefined;
}

/** Sets the decoded search fields of an entry from its fields. */
function addSearchFields(entry: ScannedEntry, containers: Map<string, string>): void {
  const f = entry.fields;
  entry.authors = f.author === undefined ? [] : parseNames(f.author);
  entry.editors = f.editor === undefined ? [] : parseNames(f.editor);
  entry.keywords = splitKeywords(f.keywords ?? f.keyword);
  const year = yearOf(f);
  if (year !== undefined) entry.year = year;
  if (f.title !== undefined) entry.title = latexToUnicode(f.title);
  const container = f.journaltitle ?? f.journal ?? f.booktitle;
  if (container !== undefined) {
    // journals and proceedings repeat across a library: decode each once
    let decodedContainer = containers.get(container);
    if (decodedContainer === undefined) containers.set(container, (decodedContainer = latexToUnicode(container)));
    entry.container = decodedContainer;
  }
  if (f.abstract !== undefined) entry.abstract = latexToUnicode(f.abstract);
  if (f.doi !== undefined) entry.doi = plainLink(f.doi);
  if (f.url !== undefined) entry.url = plainLink(f.url);
}

/** What `reparseBibtexEdit` needs of an earlier parse, besides its text. */
interface ScanState {
  scanned: ScannedEntry[];
  scanProblems: LibraryProblem[];
  segments: Segments;
  definitions: BibtexScanner['definitions'];
  /** Whether some entry has crossref, xdata or ids (or is an @xdata). */
  links: boolean;
  /** The crossref and xdata targets, lower case: editing one of those entries changes others. */
  targets: Set<string>;
}

const scanStates = new WeakMap<ParsedLibrary, ScanState>();

function hasLinks(entry: ScannedEntry): boolean {
  return entry.type === 'xdata' || entry.fields.crossref !== undefined || entry.fields.xdata !== undefined || entry.fields.ids !== undefined;
}

function linkTargets(entries: ScannedEntry[]): Set<string> {
  const targets = new Set<string>();
  for (const entry of entries) {
    const { crossref, xdata } = entry.fields;
    if (crossref !== undefined) targets.add(crossref.trim().toLowerCase());
    if (xdata !== undefined) for (const key of xdata.split(',')) targets.add(key.trim().toLowerCase());
  }
  return targets;
}

/** Duplicates, inheritance and search fields over the scanned entries; remembers the scan for later edits. */
function finish(state: ScanState, source: string): ParsedLibrary {
  const problems = [...state.scanProblems];
  const byKey = new Map<string, ScannedEntry>();
  const unique: ScannedEntry[] = [];
  for (const entry of state.scanned) {
    const first = byKey.get(entry.key);
    if (first === undefined) {
      byKey.set(entry.key, entry);
      unique.push(entry);
    } else {
      problems.push({
        source, line: entry.startLine, key: entry.key, severity: 'warning',
        message: `Duplicate key '${entry.key}' (first defined on line ${first.startLine + 1}); this one is ignored`,
      });
    }
  }
  if (state.links) inherit(unique, byKey, problems, source);
  // @xdata entries only hold fields for others to inherit: they cannot be cited
  const entries = unique.filter((entry) => entry.type !== 'xdata');
  const containers = new Map<string, string>();
  const decoded = entries.filter((entry) => {
    if (entry.authors !== NOT_YET) return true;
    try {
      addSearchFields(entry, containers);
      return true;
    } catch (error) {
      // A last guard (say, braces nested thousands deep): this entry is reported, the others stay.
      problems.push({ source, line: entry.startLine, key: entry.key, severity: 'error', message: `Entry '${entry.key}' could not be read: ${(error as Error).message}` });
      return false;
    }
  });
  problems.sort((a, b) => a.line - b.line);
  const parsed = { source, entries: decoded, problems };
  scanStates.set(parsed, state);
  return parsed;
}

/**
 * Reads a BibTeX/BibLaTeX text. Every well-formed entry is kept; each broken one is reported with its
 * 0-based line and skipped. Problem messages name lines 1-based, as editors show them.
 */
export function parseBibtex(text: string, source: string): ParsedLibrary {
  const scanner = new BibtexScanner(text, source);
  scanner.scan();
  const { entries, problems, segments, definitions } = scanner;
  const links = entries.some(hasLinks);
  const targets = links ? linkTargets(entries) : new Set<string>();
  return finish({ scanned: entries, scanProblems: problems, segments, definitions, links, targets }, source);
}

/** `values` up to `first`, then `read` (each plus `readBy`), then `values` from `kept` on (each plus `afterBy`). */
function spliceShifted(values: number[], first: number, kept: number, read: number[], readBy: number, afterBy: number): number[] {
  const result = values.slice(0, first);
  for (const value of read) result.push(value + readBy);
  for (let k = kept; k < values.length; k++) result.push(values[k] + afterBy);
  return result;
}

/** A copy of an entry moved down by `lines` lines and `offset` characters (a literal: far faster than a spread). */
function movedEntry(entry: ScannedEntry, lines: number, offset: number): ScannedEntry {
  const moved: ScannedEntry = {
    key: entry.key, type: entry.type, source: entry.source, startLine: entry.startLine + lines, endLine: entry.endLine + lines,
    keyOffset: entry.keyOffset + offset, authors: entry.authors, editors: entry.editors, keywords: entry.keywords, fields: entry.fields,
  };
  if (entry.year !== undefined) moved.year = entry.year;
  if (entry.title !== undefined) moved.title = entry.title;
  if (entry.container !== undefined) moved.container = entry.container;
  if (entry.abstract !== undefined) moved.abstract = entry.abstract;
  if (entry.doi !== undefined) moved.doi = entry.doi;
  if (entry.url !== undefined) moved.url = entry.url;
  return moved;
}

/** Number of leading characters two texts share, and of trailing ones after those. */
function commonEnds(a: string, b: string): [number, number] {
  const shorter = Math.min(a.length, b.length);
  const chunk = 4096; // whole chunks compare as strings (memcmp speed), then character by character
  let prefix = 0;
  while (prefix + chunk <= shorter && a.slice(prefix, prefix + chunk) === b.slice(prefix, prefix + chunk)) prefix += chunk;
  while (prefix < shorter && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  const room = shorter - prefix;
  while (suffix + chunk <= room && a.slice(a.length - suffix - chunk, a.length - suffix) === b.slice(b.length - suffix - chunk, b.length - suffix)) {
    suffix += chunk;
  }
  while (suffix < room && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return [prefix, suffix];
}

/**
 * The result of `parseBibtex(newText)`, reading again only the segments an edit touches (see `Segments`)
 * and reusing the other entries, moved by the lines and characters the edit added or removed. Falls back
 * to a full read when the edit touches `@string` definitions, or entries that link to others or are
 * linked to (crossref, xdata, ids).
 */
export function reparseBibtexEdit(previous: ParsedLibrary, oldText: string, newText: string): ParsedLibrary {
  const state = scanStates.get(previous);
  const source = previous.source;
  if (!state) return parseBibtex(newText, source);
  const [prefix, suffix] = commonEnds(oldText, newText);
  if (prefix === oldText.length && prefix === newText.length) return previous;
  const changeEnd = oldText.length - suffix;
  const shift = newText.length - oldText.length;
  const old = state.segments;
  const count = old.starts.length;
  // first segment read again: the last one starting before the change (the first starts at 0)
  let first = 0;
  while (first + 1 < count && old.starts[first + 1] < prefix) first++;
  // first segment kept: it starts after the change, on a line the change did not touch (nor its line break)
  let kept = first + 1;
  while (kept < count && oldText.lastIndexOf('\n', old.starts[kept] - 1) < changeEnd) kept++;
  if (state.definitions.some((d) => d.segment >= first && d.segment < kept)) return parseBibtex(newText, source);

  const macros = new Map(Object.entries(MONTHS));
  for (const d of state.definitions) if (d.segment < first) macros.set(d.name, d.value);
  const end = kept < count ? old.starts[kept] + shift : newText.length;
  const scanner = new BibtexScanner(newText, source, old.starts[first], old.lines[first], macros);
  scanner.scan(old.starts[first], end);
  const keptEntries = kept < count ? old.firstEntries[kept] : state.scanned.length;
  const entryBase = old.firstEntries[first];
  const linked = (entry: ScannedEntry) => hasLinks(entry) || state.targets.has(entry.key.toLowerCase());
  if (scanner.definitions.length > 0 || scanner.entries.some(linked) || state.scanned.slice(entryBase, keptEntries).some(linked)) {
    return parseBibtex(newText, source);
  }

  const lineShift = kept < count ? scanner.lineAt(end) - old.lines[kept] : 0;
  const keptProblems = kept < count ? old.firstProblems[kept] : state.scanProblems.length;
  const problemBase = old.firstProblems[first];
  const entryShift = scanner.entries.length - (keptEntries - entryBase);
  const problemShift = scanner.problems.length - (keptProblems - problemBase);
  const segmentShift = scanner.segments.starts.length - (kept - first);
  const fresh = scanner.segments;
  const segments: Segments = {
    starts: spliceShifted(old.starts, first, kept, fresh.starts, 0, shift),
    lines: spliceShifted(old.lines, first, kept, fresh.lines, 0, lineShift),
    firstEntries: spliceShifted(old.firstEntries, first, kept, fresh.firstEntries, entryBase, entryShift),
    firstProblems: spliceShifted(old.firstProblems, first, kept, fresh.firstProblems, problemBase, problemShift),
  };
  const scanned = state.scanned.slice(0, entryBase);
  for (const entry of scanner.entries) scanned.push(entry);
  for (let k = keptEntries; k < state.scanned.length; k++) {
    const entry = state.scanned[k];
    scanned.push(shift === 0 && lineShift === 0 ? entry : movedEntry(entry, lineShift, shift));
  }
  return finish({
    scanned,
    scanProblems: [
      ...state.scanProblems.slice(0, problemBase),
      ...scanner.problems,
      ...state.scanProblems.slice(keptProblems).map((p) => (lineShift === 0 ? p : { ...p, line: p.line + lineShift })),
    ],
    segments,
    definitions: state.definitions.map((d) => (d.segment < first ? d : { ...d, segment: d.segment + segmentShift })),
    links: state.links,
    targets: state.targets,
  }, source);
}
