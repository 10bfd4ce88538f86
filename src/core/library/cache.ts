import { createHash } from 'crypto';
import type { LibraryEntry, ParsedLibrary, Person } from '../types';

/**
 * A compact, persisted copy of a parsed library, so that a restart shows the index at once.
 * It keeps what completion, hover labels and diagnostics need, column by column (faster to read
 * back than one object per entry); `fields` and abstracts are not kept: they come back when the
 * file is parsed again in the background.
 */
export interface FileSignature {
  size: number;
  mtimeMs: number;
  /** SHA-1 of the bytes; may be checked after the cache is used (see `isStale`). */
  sha1: string;
}

const VERSION = 3;

export function signatureOf(bytes: Uint8Array, mtimeMs: number): FileSignature {
  return { size: bytes.byteLength, mtimeMs, sha1: createHash('sha1').update(bytes).digest('hex') };
}

/** Whether the cache cannot be used: a different size or mtime (cheap), or a different content hash. */
export function isStale(cached: FileSignature, current: { size: number; mtimeMs: number; sha1?: string }): boolean {
  return cached.size !== current.size || cached.mtimeMs !== current.mtimeMs || (current.sha1 !== undefined && cached.sha1 !== current.sha1);
}

interface CacheData {
  version: number;
  source: string;
  signature: FileSignature;
  problems: ParsedLibrary['problems'];
  columns: Record<'key' | 'type' | 'year' | 'title' | 'container' | 'keywords' | 'doi' | 'url', string[]> &
    Record<'startLine' | 'endLine' | 'keyOffset', number[]> &
    Record<'authors' | 'editors', PeopleColumn>;
}

const SEP = '\u001f';
/** Marks a literal (institutional) name; a control character no real name holds. */
const LITERAL = '\u001e';

/**
 * Every name of a column in one string (family and given, or LITERAL+name and ''), with the number of
 * names of each entry: one native split reads it back, far faster than JSON objects per name.
 */
interface PeopleColumn {
  names: string;
  counts: number[];
}

function encodePeople(lists: Person[][]): PeopleColumn {
  const parts: string[] = [];
  for (const people of lists) {
    for (const person of people) {
      if (person.literal !== undefined) parts.push(LITERAL + person.literal, '');
      else parts.push(person.family ?? '', person.given ?? '');
    }
  }
  return { names: parts.join(SEP), counts: lists.map((people) => people.length) };
}

function decodePeople(column: PeopleColumn): Person[][] {
  const parts = column.names.split(SEP);
  let next = 0;
  return column.counts.map((count) => {
    const people: Person[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const first = parts[next++];
      const given = parts[next++];
      if (first.startsWith(LITERAL)) {
        people[i] = { literal: first.slice(LITERAL.length) };
        continue;
      }
      const person: Person = {};
      if (first !== '') person.family = first;
      if (given !== '') person.given = given;
      people[i] = person;
    }
    return people;
  });
}


export function encodeLibraryCache(parsed: ParsedLibrary, signature: FileSignature): string {
  const entries = parsed.entries;
  const column = (pick: (entry: LibraryEntry) => string | undefined) => entries.map((entry) => pick(entry) ?? '');
  const data: CacheData = {
    version: VERSION,
    source: parsed.source,
    signature,
    problems: parsed.problems,
    columns: {
      key: column((entry) => entry.key),
      type: column((entry) => entry.type),
      authors: encodePeople(entries.map((entry) => entry.authors)),
      editors: encodePeople(entries.map((entry) => entry.editors)),
      year: column((entry) => entry.year),
      title: column((entry) => entry.title),
      container: column((entry) => entry.container),
      keywords: column((entry) => entry.keywords.join(SEP)),
      doi: column((entry) => entry.doi),
      url: column((entry) => entry.url),
      startLine: entries.map((entry) => entry.startLine),
      endLine: entries.map((entry) => entry.endLine),
      keyOffset: entries.map((entry) => entry.keyOffset),
    },
  };
  return JSON.stringify(data);
}

/** The cached library, or undefined when the data is not a cache of this version for this file. */
export function decodeLibraryCache(text: string, source: string): { parsed: ParsedLibrary; signature: FileSignature } | undefined {
  let data: CacheData;
  try {
    data = JSON.parse(text) as CacheData;
  } catch {
    return undefined;
  }
  if (data?.version !== VERSION || data.source !== source) return undefined;
  const c = data.columns;
  const authors = decodePeople(c.authors);
  const editors = decodePeople(c.editors);
  const optional = (value: string) => (value === '' ? undefined : value);
  const entries: LibraryEntry[] = c.key.map((key, i) => ({
    key,
    type: c.type[i],
    source,
    startLine: c.startLine[i],
    endLine: c.endLine[i],
    keyOffset: c.keyOffset[i],
    authors: authors[i],
    editors: editors[i],
    year: optional(c.year[i]),
    title: optional(c.title[i]),
    container: optional(c.container[i]),
    keywords: c.keywords[i] === '' ? [] : c.keywords[i].split(SEP),
    doi: optional(c.doi[i]),
    url: optional(c.url[i]),
  }));
  return { parsed: { source, entries, problems: data.problems }, signature: data.signature };
}
