// The items of a BibTeX text: entries with their key, lines and fields, `@string` definitions,
// `@preamble` and `@comment`. One pass with charCodeAt/indexOf, keeping every good entry and reporting
// each broken one; reading resumes after an error at the next line that starts with `@`.
import type { Person } from '../../types';
import type { OneByteUtf8 } from '../decode';
import { BibtexEntry } from './entry';
import { AT, BRACE_CLOSE, BRACE_OPEN, COMMA, EQUALS, isNameEnd, PAREN_CLOSE, PAREN_OPEN } from './text';
import { EntryError, ValueReader } from './values';

export const MONTHS: Record<string, string> = {
  jan: 'January', feb: 'February', mar: 'March', apr: 'April', may: 'May', jun: 'June',
  jul: 'July', aug: 'August', sep: 'September', oct: 'October', nov: 'November', dec: 'December',
};

/** Field names kept per (length, first character) for reuse: past this, a name is sliced afresh (no linear search). */
const MAX_NAMES_PER_BUCKET = 16;

/** A scan says how far it has got (onProgress) about every this many characters. */
const PROGRESS_CHARS = 1 << 20;

/**
 * Where the text splits into segments: each starts at an `@` that is the first non-blank character of its
 * line (the first at the start of the text). No item crosses a segment start, so an edit only needs the
 * segments it touches read again. Parallel arrays, one element per segment; offsets in the decoded text.
 */
export interface Segments {
  starts: number[];
  lines: number[];
  /** Index, in the scanned entries and problems, of the segment's first one. */
  firstEntries: number[];
  firstProblems: number[];
}

export class BibtexScanner extends ValueReader {
  /** Every entry read, duplicates included, with key, lines and fields only. */
  readonly entries: BibtexEntry[] = [];
  readonly segments: Segments = { starts: [], lines: [], firstEntries: [], firstProblems: [] };
  /** The `@string` definitions read, and the segment of each. */
  readonly definitions: { segment: number; name: string; value: string }[] = [];
  /** Line of the `@` of the item being read. */
  private entryLine = 0;
  /** Where the last segment starts in `text` (in `segments`, offsets are in the decoded text). */
  private segmentStart = -1;
  /**
   * Field names seen so far, by length and first character: [as written, lower case, ...]. Reusing one
   * string per name spares a slice and a hash per field, and keeps property writes fast.
   */
  private readonly fieldNames = new Map<number, string[]>();
  /** Each field's value in the last entry that had it. */
  private readonly lastValues = new Map<string, string>();
  /** The names this scan's entries have read so far, shared by them (see BibtexEntry). */
  private readonly people = new Map<string, Person | null>();

  /** `from` is on line `fromLine`; `macros` are those defined before it. */
  constructor(text: string | OneByteUtf8, source: string, from = 0, fromLine = 0, macros = new Map(Object.entries(MONTHS))) {
    super(text, source, from, fromLine, macros);
  }

  /** Told, as the scan goes, the part of the text read so far (0 to 1). */
  onProgress?: (fraction: number) => void;

  /** Reads the items from `from` (a segment start) up to `end` (a segment start, or the end of the text). */
  scan(from = 0, end = this.text.length): void {
    const text = this.text;
    this.openSegment(from);
    let at = text.indexOf('@', from);
    let nextProgress = from + PROGRESS_CHARS;
    while (at !== -1 && at < end) {
      if (at > this.segmentStart && this.startsLine(at)) this.openSegment(at);
      const next = this.isCommentedOut(at) ? at + 1 : this.readItem(at);
      at = text.indexOf('@', next);
      if (at >= nextProgress && this.onProgress) {
        this.onProgress(at / text.length);
        nextProgress = at + PROGRESS_CHARS;
      }
    }
  }

  private openSegment(at: number): void {
    const segments = this.segments;
    this.segmentStart = at;
    segments.starts.push(this.charOffset(at));
    segments.lines.push(this.lineAt(at));
    segments.firstEntries.push(this.entries.length);
    segments.firstProblems.push(this.problems.length);
  }

  /** Reads what follows an `@`; returns where to look for the next one. */
  private readItem(at: number): number {
    const text = this.text;
    const typeStart = this.skipSpaces(at + 1);
    let typeEnd = typeStart;
    // a type ends like a name, or at an `@`, which starts another item
    while (typeEnd < text.length && !isNameEnd(text.charCodeAt(typeEnd), this.decoded) && text.charCodeAt(typeEnd) !== AT) typeEnd++;
    const open = this.skipSpaces(typeEnd);
    const delimiter = text.charCodeAt(open);
    this.key = undefined;
    if (delimiter !== BRACE_OPEN && delimiter !== PAREN_OPEN) {
      const type = this.slice(typeStart, typeEnd);
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

  /** The lower-case name of the field (or type) written at start..end. */
  private fieldNameAt(start: number, end: number): string {
    const text = this.text;
    const id = (end - start) * 65536 + text.charCodeAt(start);
    let known = this.fieldNames.get(id);
    if (known === undefined) this.fieldNames.set(id, (known = []));
    for (let k = 0; k < known.length; k += 2) if (text.startsWith(known[k], start)) return known[k + 1];
    const written = this.slice(start, end);
    // (a name read one byte a character and decoded has another length: it is not kept)
    if (known.length >= 2 * MAX_NAMES_PER_BUCKET || written.length !== end - start) return written.toLowerCase();
    known.push(written, written.toLowerCase());
    return known[known.length - 1];
  }

  /**
   * `value`, or the equal string the field had in the last entry that had it: the entries of one venue,
   * listed together, then hold their booktitle, publisher or editors in one string (not one each).
   */
  private sameAsBefore(field: string, value: string): string {
    const last = this.lastValues.get(field);
    if (last === value) return last;
    this.lastValues.set(field, value);
    return value;
  }

  private readEntry(at: number, type: string, i: number, closer: number): number {
    const text = this.text;
    const keyStart = this.skipSpaces(i);
    let keyEnd = keyStart;
    // A key may hold `=` (`https://example.com/bib?name=foobar&date=2000`, as pandoc reads it), not a field.
    while (keyEnd < this.limit && (text.charCodeAt(keyEnd) === EQUALS || !isNameEnd(text.charCodeAt(keyEnd), this.decoded))) keyEnd++;
    const key = this.slice(keyStart, keyEnd);
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
    this.entries.push(new BibtexEntry(key, type, this.source, this.entryLine, this.lineAt(end - 1), this.charOffset(keyStart), fields, this.people));
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
      if (nameEnd === i) throw this.notClosed(i, closer, `Expected a field name, found '${this.charAt(i)}'`);
      const start = i;
      const field = this.fieldNameAt(start, nameEnd);
      const equals = this.skipSpaces(nameEnd);
      if (text.charCodeAt(equals) !== EQUALS) throw new EntryError(`Missing '=' after field '${this.slice(i, nameEnd)}'`, equals);
      const value = this.readValue(this.skipSpaces(equals + 1), field);
      if (fields === undefined) {
        this.macros.set(field, value);
        this.definitions.push({ segment: this.segments.starts.length - 1, name: field, value });
      } else if (field === '__proto__') {
        this.report(start, `Field '__proto__' in entry '${this.key}' is ignored`, 'warning');
      } else if (!Object.hasOwn(fields, field)) {
        fields[field] = this.sameAsBefore(field, value);
      } else {
        this.report(start, `Duplicate field '${field}' in entry '${this.key}'; the first is kept`, 'warning');
      }
      i = this.skipSpaces(this.valueEnd);
      const c = text.charCodeAt(i);
      if (c === COMMA) i++;
      else if (c === closer) return i + 1;
      else throw this.notClosed(i, closer, `Missing ',' after field '${this.slice(start, nameEnd)}'`);
    }
  }
}
