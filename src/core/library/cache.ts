import { createHash } from 'crypto';
import { CitationSearch, type SearchSnapshot } from '../search/search';
import { OWN_FIELDS } from '../search/fields';
import { GROUPS, SIGNATURE_BITS } from '../search/signatures';
import { runToEnd } from '../steps';
import type { LibraryEntry, ParsedLibrary, Person } from '../types';
import { LazyEntries, type EntryList } from './entryList';
import { KeyTable } from './keyTable';
import type { KeyedEntries } from './libraryIndex';

/**
 * A compact, persisted copy of a parsed library, and of its search index, so that a restart shows
 * the index at once; the worker sends the same bytes to the extension host. It keeps what
 * completion, hover labels and diagnostics need; `fields` and abstracts are not kept: they come back
 * when the file is parsed again in the background.
 *
 * One line of JSON (version, signature, problems, where each section is), then sections of typed
 * arrays (read in place, not copied) and of text (UTF-8, one decode each). Strings are kept joined,
 * with where each ends; a string many entries share (type, year, container, name parts, keywords) is
 * held once, and so is a name: entries that share an author share one Person object. Decoding goes in
 * steps (decodeLibraryCacheSteps), so that the extension host's thread is never held long.
 */
export interface FileSignature {
  size: number;
  mtimeMs: number;
  /** SHA-1 of the bytes; may be checked after the cache is used (see `isStale`). */
  sha1: string;
}

const VERSION = 7;

export function signatureOf(bytes: Uint8Array | readonly Uint8Array[], mtimeMs: number): FileSignature {
  // (the bytes may come in pieces, as editLibraryBytes makes them)
  const pieces = bytes instanceof Uint8Array ? [bytes] : bytes;
  const hash = createHash('sha1');
  for (const piece of pieces) hash.update(piece);
  return { size: pieces.reduce((size, piece) => size + piece.byteLength, 0), mtimeMs, sha1: hash.digest('hex') };
}

/** Whether the cache cannot be used: a different size or mtime (cheap), or a different content hash. */
export function isStale(cached: FileSignature, current: { size: number; mtimeMs: number; sha1?: string }): boolean {
  return cached.size !== current.size || cached.mtimeMs !== current.mtimeMs || (current.sha1 !== undefined && cached.sha1 !== current.sha1);
}

const ARRAYS = { i32: Int32Array, u32: Uint32Array, f64: Float64Array, u8: Uint8Array, u16: Uint16Array };
type ArrayKind = keyof typeof ARRAYS;
type NumberArray = Int32Array | Uint32Array | Float64Array | Uint8Array | Uint16Array;

interface Header {
  version: number;
  source: string;
  signature: FileSignature;
  problems: ParsedLibrary['problems'];
  count: number;
  /** Each section: its kind, and its start and length in bytes after the header (starts are multiples of 8). */
  sections: Record<string, [ArrayKind, number, number]>;
  /** With the search index: its figures that are not arrays. */
  search?: { count: number; chunks: number };
}

/** Fields of (nearly) one entry each: a column of one string per entry for each. */
const OWN = ['key', 'title', 'doi', 'url'] as const;
/** The search index's arrays, by name (see SearchSnapshot). */
const SEARCH_ARRAYS: Record<keyof SearchSnapshot['arrays'], ArrayKind> = {
  keyStarts: 'i32',
  entrySegments: 'i32',
  segmentStart: 'i32',
  segmentEnd: 'i32',
  segmentField: 'u8',
  segmentNorm: 'u16',
  groupExponent: 'f64',
  groupLengths: 'i32',
  groupSpan: 'i32',
  slices: 'u32',
};

const align8 = (n: number) => (n + 7) & ~7;

class Writer {
  readonly sections: Header['sections'] = {};
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  add(name: string, value: NumberArray): void {
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    const kind = (Object.keys(ARRAYS) as ArrayKind[]).find((k) => value instanceof ARRAYS[k])!;
    const start = align8(this.length);
    if (start > this.length) this.parts.push(new Uint8Array(start - this.length));
    this.sections[name] = [kind, start, bytes.byteLength];
    this.parts.push(bytes);
    this.length = start + bytes.byteLength;
  }

  /**
   * A list of strings: their UTF-8 bytes one after the other, and where each ends, in bytes (to decode
   * one string alone) and, with `whole`, in characters (to decode all at once and cut).
   */
  addStrings(name: string, strings: string[], whole = false): void {
    const ends = new Int32Array(strings.length);
    const charEnds = new Int32Array(whole ? strings.length : 0);
    const joined = strings.join('');
    let bytes = Buffer.from(joined, 'utf8');
    let end = 0;
    let chars = 0;
    // All one byte a character (the usual case): the byte ends are the character ends.
    const oneByte = bytes.byteLength === joined.length;
    for (let i = 0; i < strings.length; i++) {
      chars += strings[i].length;
      if (whole) charEnds[i] = chars;
      ends[i] = end += oneByte ? strings[i].length : Buffer.byteLength(strings[i], 'utf8');
    }
    if (bytes.byteLength !== end) {
      // Lone surrogates joined into a pair: measure each string as it is written.
      bytes = Buffer.alloc(end);
      end = 0;
      strings.forEach((text, i) => (ends[i] = end += bytes.write(text, end)));
    }
    this.add(name, bytes);
    this.add(`${name}.ends`, ends);
    if (whole) this.add(`${name}.chars`, charEnds);
  }

  /** The bytes, in an ArrayBuffer of their own (never Node's shared pool): the worker hands it over to the extension host. */
  finish(header: Omit<Header, 'sections'>): Buffer {
    const line = Buffer.from(`${JSON.stringify({ ...header, sections: this.sections })}\n`, 'utf8');
    const start = align8(line.length);
    const result = Buffer.from(new ArrayBuffer(start + this.length));
    result.set(line, 0);
    let at = start;
    for (const part of this.parts) {
      result.set(part, at);
      at += part.byteLength;
    }
    return result;
  }
}

export function encodeLibraryCache(parsed: ParsedLibrary, signature: FileSignature, search?: CitationSearch): Buffer {
  return runToEnd(encodeLibraryCacheSteps(parsed, signature, search));
}

/** encodeLibraryCache in steps, one per section (the library worker writes the cache between requests). */
export function* encodeLibraryCacheSteps(parsed: ParsedLibrary, signature: FileSignature, search?: CitationSearch): Generator<void, Buffer> {
  const entries = parsed.entries;
  const count = entries.length;
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
  const writer = new Writer();
  const perEntry = (name: string, pick: (entry: LibraryEntry) => number) => {
    // (a loop: Int32Array.from with a mapping function is many times slower)
    const values = new Int32Array(count);
    for (let i = 0; i < count; i++) values[i] = pick(entries[i]);
    writer.add(name, values);
  };
  perEntry('startLine', (entry) => entry.startLine);
  perEntry('endLine', (entry) => entry.endLine);
  perEntry('keyOffset', (entry) => entry.keyOffset);
  perEntry('type', (entry) => stringIndex(entry.type));
  perEntry('year', (entry) => stringIndex(entry.year));
  perEntry('container', (entry) => stringIndex(entry.container));
  yield;
  // Per list: where each entry's items start (count + 1), then the items' indexes (into names or strings).
  const list = <T>(name: string, pick: (entry: LibraryEntry) => T[], index: (item: T) => number) => {
    const starts = new Int32Array(count + 1);
    const indexes: number[] = [];
    entries.forEach((entry, i) => {
      for (const item of pick(entry)) indexes.push(index(item));
      starts[i + 1] = indexes.length;
    });
    writer.add(`${name}.starts`, starts);
    writer.add(name, Int32Array.from(indexes));
  };
  list('authors', (entry) => entry.authors, nameIndex);
  yield;
  list('editors', (entry) => entry.editors, nameIndex);
  list('keywords', (entry) => entry.keywords, stringIndex);
  yield;
  writer.add('names', Int32Array.from(names));
  writer.addStrings('strings', [...shared.keys()], true);
  for (const field of OWN) {
    yield;
    writer.addStrings(field, entries.map((entry) => entry[field] ?? ''), true);
  }
  yield;
  const snapshot = search?.snapshot();
  if (snapshot) {
    yield;
    addSearch(writer, snapshot);
  }
  return writer.finish({
    version: VERSION,
    source: parsed.source,
    signature,
    problems: parsed.problems,
    count,
    ...(snapshot && { search: { count: snapshot.count, chunks: snapshot.chunks } }),
  });
}

function addSearch(writer: Writer, snapshot: SearchSnapshot): void {
  writer.addStrings('search.own', Array.from({ length: snapshot.count }, (_, i) => snapshot.own(i)));
  writer.addStrings('search.keyText', [snapshot.keyText]);
  for (const name of Object.keys(SEARCH_ARRAYS) as Array<keyof typeof SEARCH_ARRAYS>) writer.add(`search.${name}`, snapshot.arrays[name]);
  for (const field of ['containers', 'years'] as const) {
    writer.addStrings(`search.${field}`, snapshot[field].texts);
    writer.add(`search.${field}.exponents`, snapshot[field].exponents);
    writer.add(`search.${field}.idOf`, snapshot[field].idOf);
  }
}

/**
 * The search index alone, in the cache's layout (no entries): what the worker sends once it has built
 * it, after the library itself (see decodeSearchIndex).
 */
export function encodeSearchIndex(search: CitationSearch, source: string, signature: FileSignature): Buffer {
  const writer = new Writer();
  const snapshot = search.snapshot();
  addSearch(writer, snapshot);
  return writer.finish({ version: VERSION, source, signature, problems: [], count: 0, search: { count: snapshot.count, chunks: snapshot.chunks } });
}

/** The search index encodeSearchIndex wrote, over `unique` (the library's first entry of each key, as the worker had them), or undefined. */
export function decodeSearchIndex(data: Uint8Array, source: string, unique: EntryList): CitationSearch | undefined {
  return runToEnd(decodeSearchIndexSteps(data, source, unique));
}

/** decodeSearchIndex in steps of a few milliseconds each (see runInSlices). */
export function* decodeSearchIndexSteps(data: Uint8Array, source: string, unique: EntryList): Generator<void, CitationSearch | undefined> {
  const sections = sectionsOf(data, source);
  try {
    return sections ? yield* searchFrom(sections, unique) : undefined;
  } catch {
    return undefined;
  }
}

/** The search index of a cache's sections, over `unique` (throws on a bad layout), in steps: each text decoded is one. */
function* searchFrom({ header, array, strings }: Sections, unique: EntryList): Generator<void, CitationSearch | undefined> {
  if (!header.search) return undefined;
  const { count: searched, chunks } = header.search;
  const own = strings('search.own', searched).at;
  const keyText = strings('search.keyText', 1).at(0);
  yield;
  const sharedField = (field: string) => {
    const texts = strings(`search.${field}`);
    return {
      texts: Array.from({ length: texts.length }, (_, i) => texts.at(i)),
      exponents: array(`search.${field}.exponents`, 'f64', texts.length),
      idOf: array(`search.${field}.idOf`, 'i32', searched),
    };
  };
  const segments = (header.sections['search.segmentField']?.[2] ?? 0);
  const lengths: Record<keyof SearchSnapshot['arrays'], number> = {
    keyStarts: searched,
    entrySegments: searched + 1,
    segmentStart: segments,
    segmentEnd: segments,
    segmentField: segments,
    segmentNorm: segments,
    groupExponent: searched * GROUPS,
    groupLengths: searched * GROUPS,
    groupSpan: searched * GROUPS * 2,
    slices: SIGNATURE_BITS * chunks,
  };
  const arrays = Object.fromEntries(Object.entries(SEARCH_ARRAYS).map(([name, kind]) => [name, array(`search.${name}`, kind, lengths[name as keyof typeof lengths])]));
  const containers = sharedField('containers');
  yield;
  const years = sharedField('years');
  yield;
  return CitationSearch.fromSnapshot({ count: searched, chunks, own, keyText, containers, years, arrays } as SearchSnapshot, unique);
}

/**
 * A decoded cache: the library, each key's first entry, those entries in file order, and the search
 * index over them if it was kept. Entries are made on first use (see LazyEntries): `parsed.entries`
 * makes them all, `byKey` and `unique` only the ones asked for.
 */
export interface DecodedLibrary extends KeyedEntries {
  parsed: ParsedLibrary;
  signature: FileSignature;
  unique: LazyEntries;
  search?: CitationSearch;
}

/**
 * Whether a parsed header has the types the decoder relies on: a corrupt or crafted cache must fall
 * back to a fresh parse, never allocate without bound or throw later in completion.
 */
function hasValidShape(header: Header): boolean {
  const { signature, problems, sections } = header;
  return Number.isSafeInteger(header.count) && header.count >= 0 &&
    typeof signature?.size === 'number' && typeof signature.mtimeMs === 'number' && typeof signature.sha1 === 'string' &&
    Array.isArray(problems) && problems.every((p) => typeof p?.message === 'string' && Number.isInteger(p.line) && p.line >= 0 &&
      (p.severity === 'error' || p.severity === 'warning') && typeof p.source === 'string') &&
    typeof sections === 'object' && sections !== null &&
    Object.values(sections).every((section) => Array.isArray(section) && section.length === 3 && section[0] in ARRAYS &&
      Number.isSafeInteger(section[1]) && section[1] >= 0 && section[1] % 8 === 0 && Number.isSafeInteger(section[2]) && section[2] >= 0);
}

/** Name parts in pairs: a string index, then a string index or -1 for a literal name. */
function namePartsInRange(values: Int32Array, strings: number): boolean {
  if (values.length % 2 !== 0) return false;
  for (let i = 0; i < values.length; i++) if (values[i] >= strings || values[i] < (i % 2 === 1 ? -1 : 0)) return false;
  return true;
}

/** Lists: starts that never go back, from 0 to the number of items, and items that index `limit` things. */
function listInRange({ starts, items }: { starts: Int32Array; items: Int32Array }, limit: number): boolean {
  if (starts[0] !== 0) return false;
  for (let i = 1; i < starts.length; i++) if (starts[i] < starts[i - 1]) return false;
  return everyIn(items, 0, limit);
}

/** The cached library, or undefined when the data is not a cache of this version for this file. */
export function decodeLibraryCache(data: Uint8Array, source: string): DecodedLibrary | undefined {
  return runToEnd(decodeLibraryCacheSteps(data, source));
}

/**
 * The signature of the file the data is a cache of, if the data is a whole cache of this version for
 * `source` whose every index and length holds (library and search index); else undefined. The library
 * worker asks this of a persisted cache before the extension host uses it: a corrupt or crafted cache
 * must fall back to a fresh parse, never allocate without bound or throw later in completion.
 */
export function checkLibraryCache(data: Uint8Array, source: string): FileSignature | undefined {
  const sections = sectionsOf(data, source);
  try {
    return sections && indexesHold(sections) ? sections.header.signature : undefined;
  } catch {
    return undefined;
  }
}

/** Every empty list of every decoded entry (most have no editors, many no keywords): one frozen array, not one each. */
const NO_ITEMS: never[] = Object.freeze([]) as never[];

type Sections = NonNullable<ReturnType<typeof sectionsOf>>;

/** The header and a reader of each section, or undefined when the layout is not a cache's for this file. */
function sectionsOf(data: Uint8Array, source: string) {
  const newline = data.indexOf(10);
  if (newline < 0) return undefined;
  let header: Header;
  try {
    header = JSON.parse(Buffer.from(data.buffer, data.byteOffset, newline).toString('utf8')) as Header;
  } catch {
    return undefined;
  }
  if (header?.version !== VERSION || header.source !== source || !hasValidShape(header)) return undefined;
  const dataStart = align8(newline + 1);
  const layout = Object.values(header.sections);
  // A cache cut short (a write cut off) must not pass for one.
  if (data.byteLength !== dataStart + Math.max(0, ...layout.map(([, start, length]) => start + length))) return undefined;
  // Typed arrays are read in place: that needs the bytes aligned as the file has them.
  const bytes = data.byteOffset % 8 === 0 ? data : new Uint8Array(data);
  /** A section as a typed array of `length` numbers (throws if the section is not that). */
  const array = <K extends ArrayKind>(name: string, kind: K, length: number): InstanceType<(typeof ARRAYS)[K]> => {
    const section = header.sections[name];
    const size = ARRAYS[kind].BYTES_PER_ELEMENT;
    if (!section || section[0] !== kind || section[2] !== length * size) throw new Error(`bad section ${name}`);
    return new ARRAYS[kind](bytes.buffer as ArrayBuffer, bytes.byteOffset + dataStart + section[1], length) as InstanceType<(typeof ARRAYS)[K]>;
  };
  /** A section of 4-byte numbers, as long as it is. */
  const whole = (name: string) => array(name, 'i32', (header.sections[name]?.[2] ?? 0) / 4);
  /**
   * A list of strings (see Writer.addStrings): `at(i)`. Kept with character ends, the text is decoded
   * all at once on first use and cut (many small decodes cost more), unless `oneByOne` (for a column
   * read for a few entries at a time); else each string when asked for.
   * Ends that go back or past the text give empty or cut strings, never a throw.
   */
  const strings = (name: string, length?: number, oneByOne = false) => {
    const section = header.sections[name];
    const ends = array(`${name}.ends`, 'i32', length ?? header.sections[`${name}.ends`]?.[2] / 4);
    if (!section || section[0] !== 'u8' || (ends.length > 0 ? ends[ends.length - 1] : 0) !== section[2]) throw new Error(`bad section ${name}`);
    const encoded = Buffer.from(bytes.buffer, bytes.byteOffset + dataStart + section[1], section[2]);
    const chars = header.sections[`${name}.chars`] ? array(`${name}.chars`, 'i32', ends.length) : undefined;
    let text: string | undefined;
    /** The whole text, decoded once, and where each string ends in it (characters). */
    const joined = () => {
      text ??= encoded.toString('utf8');
      if (!chars) throw new Error(`no character ends in ${name}`);
      return { text, ends: chars };
    };
    if (oneByOne || !chars) return { length: ends.length, bytes: section[2], joined, at: (i: number) => encoded.toString('utf8', i === 0 ? 0 : ends[i - 1], ends[i]) };
    return {
      length: ends.length,
      bytes: section[2],
      joined,
      at: (i: number) => {
        text ??= encoded.toString('utf8');
        return text.slice(i === 0 ? 0 : chars[i - 1], chars[i]);
      },
    };
  };
  return { header, array, whole, strings };
}

/** Whether every index of the library's sections and of its search index points at something that exists (throws on a bad layout). */
function indexesHold({ header, array, whole, strings }: Sections): boolean {
  const count = header.count;
  const list = (name: string) => {
    const starts = array(`${name}.starts`, 'i32', count + 1);
    return { starts, items: array(name, 'i32', starts[count]) };
  };
  const shared = strings('strings').length;
  const names = whole('names');
  for (const name of ['key', 'title', 'doi', 'url']) strings(name, count);
  const lines = [array('startLine', 'i32', count), array('endLine', 'i32', count), array('keyOffset', 'i32', count)];
  if (!everyIn(lines[0], 0, 2 ** 31) || !everyIn(lines[2], -1, 2 ** 31) || lines[1].some((end, i) => end < lines[0][i])) return false;
  if (!['type', 'year', 'container'].every((name) => everyIn(array(name, 'i32', count), 0, shared)) || !namePartsInRange(names, shared) ||
    !listInRange(list('authors'), names.length / 2) || !listInRange(list('editors'), names.length / 2) || !listInRange(list('keywords'), shared)) {
    return false;
  }
  if (!header.search) return true;
  const { count: searched, chunks } = header.search;
  if (!Number.isSafeInteger(searched) || searched < 0 || searched > count || chunks !== (searched + 31) >>> 5) return false;
  const search = (name: keyof SearchSnapshot['arrays']) => header.sections[`search.${name}`];
  const segments = search('segmentField')?.[2] ?? 0;
  const arrays = {
    keyStarts: array('search.keyStarts', 'i32', searched),
    entrySegments: array('search.entrySegments', 'i32', searched + 1),
    segmentStart: array('search.segmentStart', 'i32', segments),
    segmentEnd: array('search.segmentEnd', 'i32', segments),
    segmentField: array('search.segmentField', 'u8', segments),
    segmentNorm: array('search.segmentNorm', 'u16', segments),
    groupExponent: array('search.groupExponent', 'f64', searched * GROUPS),
    groupSpan: array('search.groupSpan', 'i32', searched * GROUPS * 2),
  };
  array('search.groupLengths', 'i32', searched * GROUPS);
  array('search.slices', 'u32', SIGNATURE_BITS * chunks);
  strings('search.own', searched);
  const keyText = strings('search.keyText', 1);
  const fieldsHold = (field: string) => {
    const texts = strings(`search.${field}`).length;
    return everyIn(array(`search.${field}.exponents`, 'f64', texts), 0, Infinity) && everyIn(array(`search.${field}.idOf`, 'i32', searched), 0, texts);
  };
  const { entrySegments, segmentStart, segmentEnd } = arrays;
  return everyIn(arrays.keyStarts, 0, keyText.bytes + 1) && ascending(arrays.keyStarts) &&
    entrySegments[0] === 0 && entrySegments[searched] === segments && ascending(entrySegments) &&
    everyIn(segmentStart, 0, 2 ** 31) && segmentEnd.every((end, i) => end >= segmentStart[i]) &&
    everyIn(arrays.segmentField, 0, OWN_FIELDS.length) && everyIn(arrays.segmentNorm, 0, 1001) &&
    everyIn(arrays.groupExponent, 0, Infinity) && everyIn(arrays.groupSpan, 0, 2 ** 31) && fieldsHold('containers') && fieldsHold('years');
}

/** Whether every value is at least `low` and below `high` (NaN is not). A plain loop: this runs over every index of a large cache. */
function everyIn(values: ArrayLike<number>, low: number, high: number): boolean {
  for (let i = 0; i < values.length; i++) if (!(values[i] >= low && values[i] < high)) return false;
  return true;
}

function ascending(values: Int32Array): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] < values[i - 1]) return false;
  return true;
}

/**
 * decodeLibraryCache in steps of a few milliseconds each (see runInSlices). `checked`: the data passed
 * checkLibraryCache already (in the library worker), or was encoded there: its indexes are not checked again.
 */
export function* decodeLibraryCacheSteps(data: Uint8Array, source: string, checked = false): Generator<void, DecodedLibrary | undefined> {
  const sections = sectionsOf(data, source);
  if (!sections) return undefined;
  const { header, array, whole, strings } = sections;
  try {
    const count = header.count;
    const lines = { startLine: array('startLine', 'i32', count), endLine: array('endLine', 'i32', count), keyOffset: array('keyOffset', 'i32', count) };
    const indexes = { type: array('type', 'i32', count), year: array('year', 'i32', count), container: array('container', 'i32', count) };
    const list = (name: string) => {
      const starts = array(`${name}.starts`, 'i32', count + 1);
      return { starts, items: array(name, 'i32', starts[count]) };
    };
    const [authors, editors, keywords] = [list('authors'), list('editors'), list('keywords')];
    if (!checked && !indexesHold(sections)) return undefined;
    yield;
    // Shared strings and names are made on first use, like the entries that read them.
    const shared = strings('strings');
    const sharedStrings: string[] = new Array(shared.length);
    const sharedString = (i: number) => (sharedStrings[i] ??= shared.at(i));
    const nameIndexes = whole('names');
    const names: Person[] = new Array(nameIndexes.length / 2);
    const name = (n: number): Person => {
      if (names[n]) return names[n];
      const [first, given] = [sharedString(nameIndexes[2 * n]), nameIndexes[2 * n + 1]];
      if (given < 0) return (names[n] = { literal: first });
      if (first !== '' && given !== 0) return (names[n] = { family: first, given: sharedString(given) });
      return (names[n] = first !== '' ? { family: first } : given !== 0 ? { given: sharedString(given) } : {});
    };
    // Keys are all read below; the other columns only for the entries made.
    const [key, title, doi, url] = OWN.map((field) => strings(field, count, field !== 'key'));
    const items = <T>({ starts, items }: { starts: Int32Array; items: Int32Array }, i: number, from: (index: number) => T): T[] => {
      if (starts[i + 1] === starts[i]) return NO_ITEMS;
      const result: T[] = new Array(starts[i + 1] - starts[i]);
      for (let at = starts[i]; at < starts[i + 1]; at++) result[at - starts[i]] = from(items[at]);
      return result;
    };
    const entries = new LazyEntries(count, (i) => ({
      key: key.at(i),
      type: sharedString(indexes.type[i]),
      source,
      startLine: lines.startLine[i],
      endLine: lines.endLine[i],
      keyOffset: lines.keyOffset[i],
      authors: items(authors, i, name),
      editors: items(editors, i, name),
      year: sharedString(indexes.year[i]) || undefined,
      title: title.at(i) || undefined,
      container: sharedString(indexes.container[i]) || undefined,
      keywords: items(keywords, i, sharedString),
      doi: doi.at(i) || undefined,
      url: url.at(i) || undefined,
    }));
    // Each key's first entry, by position: the keys are all the host reads of every entry up front.
    const keys = key.joined();
    yield;
    const table = yield* KeyTable.build(keys.text, keys.ends);
    const { firsts } = table;
    const unique = firsts.length === count ? entries : new LazyEntries(firsts.length, (i) => entries.at(firsts[i])!);
    const byKey = {
      get: (wanted: string) => {
        const at = table.get(wanted);
        return at === undefined ? undefined : entries.at(at);
      },
    };
    const parsed: ParsedLibrary = { source, get entries() { return entries.all(); }, problems: header.problems };
    yield;
    return { parsed, signature: header.signature, byKey, unique, count, search: yield* searchFrom(sections, unique) };
  } catch {
    return undefined;
  }
}
