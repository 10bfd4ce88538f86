import { createHash } from 'crypto';
import type { LibraryEntry, ParsedLibrary, Person } from '../types';

/**
 * A compact, persisted copy of a parsed library, so that a restart shows the index at once.
 * It keeps what completion, hover labels and diagnostics need; `fields` and abstracts are not
 * kept: they come back when the file is parsed again in the background.
 *
 * A warm start is mostly the making of small strings and objects (and the collector moving
 * them), so the format makes few: one line of JSON with the numbers and indexes, then columns
 * of strings joined by a character none of them holds, each read back by one native split.
 * A string many entries share (type, year, container, name parts, keywords) is held once, and
 * so is a name: entries that share an author share one Person object.
 */
export interface FileSignature {
  size: number;
  mtimeMs: number;
  /** SHA-1 of the bytes; may be checked after the cache is used (see `isStale`). */
  sha1: string;
}

const VERSION = 5;

export function signatureOf(bytes: Uint8Array, mtimeMs: number): FileSignature {
  return { size: bytes.byteLength, mtimeMs, sha1: createHash('sha1').update(bytes).digest('hex') };
}

/** Whether the cache cannot be used: a different size or mtime (cheap), or a different content hash. */
export function isStale(cached: FileSignature, current: { size: number; mtimeMs: number; sha1?: string }): boolean {
  return cached.size !== current.size || cached.mtimeMs !== current.mtimeMs || (current.sha1 !== undefined && cached.sha1 !== current.sha1);
}

/** Fields of (nearly) one entry each, kept in place: a column of one string per entry for each. */
const OWN = ['key', 'title', 'doi', 'url'] as const;

interface Header {
  version: number;
  source: string;
  signature: FileSignature;
  problems: ParsedLibrary['problems'];
  /** A character no string holds: it joins the strings after the header line. */
  separator: string;
  /** Length (characters, bytes) of each column of strings: the shared ones (the first is ''), then each OWN field's. */
  columns: [number, number][];
  /** Per entry, each as the difference from the previous entry's (smaller numbers, shorter JSON). */
  lines: Record<'startLine' | 'endLine' | 'keyOffset', number[]>;
  /** Per entry, the index of a shared string. */
  indexes: Record<'type' | 'year' | 'container', number[]>;
  /** Every distinct name as two indexes: family and given, or the literal name and -1. */
  names: number[];
  /** Per entry, how many; then the indexes (into names or strings) of them all, entry after entry. */
  authors: [number[], number[]];
  editors: [number[], number[]];
  keywords: [number[], number[]];
}

export function encodeLibraryCache(parsed: ParsedLibrary, signature: FileSignature): string {
  const entries = parsed.entries;
  const shared = new Map<string, number>([['', 0]]);
  const stringIndex = (value = '') => {
    let index = shared.get(value);
    if (index === undefined) shared.set(value, (index = shared.size));
    return index;
  };
  const names: number[] = [];
  const nameIndexes = new Map<number, number>();
  const nameIndex = (person: Person) => {
    const [first, given] = person.literal !== undefined ? [stringIndex(person.literal), -1] : [stringIndex(person.family), stringIndex(person.given)];
    // One number for the pair (exact while there are fewer than 2^26 strings).
    const id = first * 2 ** 27 + given + 1;
    let index = nameIndexes.get(id);
    if (index === undefined) {
      nameIndexes.set(id, (index = nameIndexes.size));
      names.push(first, given);
    }
    return index;
  };
  const lists = <T>(pick: (entry: LibraryEntry) => T[], index: (item: T) => number): [number[], number[]] => {
    const indexes: number[] = [];
    for (const entry of entries) for (const item of pick(entry)) indexes.push(index(item));
    return [entries.map((entry) => pick(entry).length), indexes];
  };
  const differences = (pick: (entry: LibraryEntry) => number) => entries.map((entry, i) => pick(entry) - (i === 0 ? 0 : pick(entries[i - 1])));
  const header: Header = {
    version: VERSION,
    source: parsed.source,
    signature,
    problems: parsed.problems,
    separator: '',
    columns: [],
    lines: {
      startLine: differences((entry) => entry.startLine),
      endLine: differences((entry) => entry.endLine),
      keyOffset: differences((entry) => entry.keyOffset),
    },
    indexes: {
      type: entries.map((entry) => stringIndex(entry.type)),
      year: entries.map((entry) => stringIndex(entry.year)),
      container: entries.map((entry) => stringIndex(entry.container)),
    },
    names,
    authors: lists((entry) => entry.authors, nameIndex),
    editors: lists((entry) => entry.editors, nameIndex),
    keywords: lists((entry) => entry.keywords, stringIndex),
  };
  const columns = [[...shared.keys()], ...OWN.map((field) => entries.map((entry) => entry[field] ?? ''))];
  header.separator = unusedCharacter(columns.map((strings) => strings.join('')).join(''));
  const texts = columns.map((strings) => strings.join(header.separator));
  header.columns = texts.map((text) => [text.length, Buffer.byteLength(text)]);
  // JSON escapes line breaks, so the header is the first line whatever the strings hold.
  return `${JSON.stringify(header)}\n${texts.join('')}`;
}

/** The first character (control characters first) that the text does not hold. */
function unusedCharacter(text: string): string {
  let code = 1;
  while (text.includes(String.fromCharCode(code))) code++;
  return String.fromCharCode(code);
}

/** Non-negative integers (or -1 where `minusOne`), each below `limit` (a plain loop: this runs over every index of a large cache). */
function isIndexList(value: unknown, limit: number, minusOne = false): value is number[] {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const n = value[i];
    if (!(typeof n === 'number' && n < limit && Math.floor(n) === n && (n >= 0 || (minusOne && n === -1)))) return false;
  }
  return true;
}

function isIntegerList(value: unknown, length: number): value is number[] {
  if (!Array.isArray(value) || value.length !== length) return false;
  for (let i = 0; i < length; i++) if (!Number.isSafeInteger(value[i])) return false;
  return true;
}

function sum(values: number[]): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

/**
 * Whether a parsed header has the types and lengths the decoder relies on: a corrupt or crafted cache
 * (a count of a billion, an index out of range) must fall back to a fresh parse, never allocate or throw.
 */
function hasValidShape(header: Header): boolean {
  const count = Array.isArray(header.indexes?.type) ? header.indexes.type.length : -1;
  const signature = header.signature;
  const problems = header.problems;
  const lists = [header.authors, header.editors, header.keywords];
  return count >= 0 &&
    typeof signature?.size === 'number' && typeof signature.mtimeMs === 'number' && typeof signature.sha1 === 'string' &&
    Array.isArray(problems) && problems.every((p) => typeof p?.message === 'string' && Number.isInteger(p.line) && p.line >= 0 &&
      (p.severity === 'error' || p.severity === 'warning') && typeof p.source === 'string') &&
    typeof header.separator === 'string' && header.separator.length === 1 &&
    Array.isArray(header.columns) && header.columns.length === OWN.length + 1 &&
    header.columns.every((column) => Array.isArray(column) && column.length === 2 && column.every((n) => Number.isSafeInteger(n) && n >= 0)) &&
    (['startLine', 'endLine', 'keyOffset'] as const).every((name) => isIntegerList(header.lines?.[name], count)) &&
    (['year', 'container'] as const).every((name) => Array.isArray(header.indexes[name]) && header.indexes[name].length === count) &&
    Array.isArray(header.names) && header.names.length % 2 === 0 &&
    lists.every((list) => Array.isArray(list) && list.length === 2 && isIndexList(list[0], Infinity) && list[0].length === count &&
      Array.isArray(list[1]) && sum(list[0]) === list[1].length);
}

/** Name parts: a string index each, the second of a pair -1 for a literal name. */
function namesInRange(names: number[], strings: number): boolean {
  for (let i = 0; i < names.length; i++) {
    const n = names[i];
    if (!(typeof n === 'number' && n < strings && Math.floor(n) === n && (n >= 0 || (i % 2 === 1 && n === -1)))) return false;
  }
  return true;
}

/** Whether every index of the header points at a string or a name that exists. */
function indexesInRange(header: Header, strings: number): boolean {
  const names = header.names.length / 2;
  return (['type', 'year', 'container'] as const).every((name) => isIndexList(header.indexes[name], strings)) &&
    namesInRange(header.names, strings) &&
    isIndexList(header.authors[1], names) && isIndexList(header.editors[1], names) && isIndexList(header.keywords[1], strings);
}

/**
 * The cached library, or undefined when the data is not a cache of this version for this file.
 * Given the bytes of the file, the header and each column are decoded apart: the header and the
 * columns of only ASCII make one-byte strings (faster to parse, half the memory) even when some
 * title or name needs two bytes a character, which would make all the text two-byte.
 */
export function decodeLibraryCache(data: string | Buffer, source: string): { parsed: ParsedLibrary; signature: FileSignature } | undefined {
  const newline = data.indexOf('\n');
  if (newline < 0) return undefined;
  let header: Header;
  try {
    header = JSON.parse(typeof data === 'string' ? data.slice(0, newline) : data.toString('utf8', 0, newline)) as Header;
  } catch {
    return undefined;
  }
  if (header?.version !== VERSION || header.source !== source || !hasValidShape(header)) return undefined;
  const { lines, indexes } = header;
  const count = indexes.type.length;
  let [char, byte] = [newline + 1, newline + 1];
  const [strings, ...own] = header.columns.map(([chars, bytes], column) => {
    const text = typeof data === 'string' ? data.slice(char, (char += chars)) : data.toString('utf8', byte, (byte += bytes));
    // ('' splits into one empty string: right for the shared column, which starts with '', not for an empty library's others.)
    return column > 0 && count === 0 ? [] : text.split(header.separator);
  });
  // A cache cut short (a write cut off) must not pass for one with a shorter last string.
  if ((typeof data === 'string' ? char : byte) !== data.length) return undefined;
  if (own.length !== OWN.length || own.some((column) => column.length !== count)) return undefined;
  if (!indexesInRange(header, strings.length)) return undefined;

  const names: Person[] = [];
  for (let i = 0; i < header.names.length; i += 2) {
    const [first, given] = [strings[header.names[i]], header.names[i + 1]];
    if (given < 0) names.push({ literal: first });
    else if (first !== '' && given !== 0) names.push({ family: first, given: strings[given] });
    else names.push(first !== '' ? { family: first } : given !== 0 ? { given: strings[given] } : {});
  }
  const lists = <T>([counts, indexes]: [number[], number[]], items: T[]): T[][] => {
    let next = 0;
    return counts.map((n) => {
      const list: T[] = new Array(n);
      for (let i = 0; i < n; i++) list[i] = items[indexes[next++]];
      return list;
    });
  };
  const authors = lists(header.authors, names);
  const editors = lists(header.editors, names);
  const keywords = lists(header.keywords, strings);
  const [key, title, doi, url] = own;
  const entries: LibraryEntry[] = new Array(count);
  let [startLine, endLine, keyOffset] = [0, 0, 0];
  for (let i = 0; i < count; i++) {
    entries[i] = {
      key: key[i],
      type: strings[indexes.type[i]],
      source,
      startLine: (startLine += lines.startLine[i]),
      endLine: (endLine += lines.endLine[i]),
      keyOffset: (keyOffset += lines.keyOffset[i]),
      authors: authors[i],
      editors: editors[i],
      year: strings[indexes.year[i]] || undefined,
      title: title[i] || undefined,
      container: strings[indexes.container[i]] || undefined,
      keywords: keywords[i],
      doi: doi[i] || undefined,
      url: url[i] || undefined,
    };
  }
  return { parsed: { source, entries, problems: header.problems }, signature: header.signature };
}
