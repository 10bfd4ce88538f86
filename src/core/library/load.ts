import { parseBibtex, reparseBibtexEdit } from './bibtex';
import { parseCslJson, parseCslYaml } from './csl';
import { decodeLibraryBytes, OneByteUtf8 } from './decode';
import type { LibraryProblem, ParsedLibrary } from '../types';

/** File endings Citemark reads as libraries. */
export const LIBRARY_EXTENSIONS = ['.bib', '.bibtex', '.biblatex', '.json', '.yaml', '.yml'];

export function isLibraryPath(path: string): boolean {
  const lower = path.toLowerCase();
  return LIBRARY_EXTENSIONS.some((extension) => lower.endsWith(extension));
}

/**
 * Reads one library file's bytes by its ending: BibTeX/BibLaTeX, CSL-JSON or CSL-YAML. A BibTeX file
 * in UTF-8 is read one byte a character (see OneByteUtf8): half the memory, the same result.
 */
export function parseLibraryFile(bytes: Uint8Array, path: string): ParsedLibrary {
  return readLibraryFile(bytes, path).parsed;
}

/**
 * `parseLibraryFile` of the bytes `read` gives. The bytes are let go before the parse (a UTF-8 .bib
 * file is parsed from its one-byte text): on a large file, that is the peak memory of the parse lower
 * by the file's size. (A caller that awaits the bytes itself keeps them until it returns.)
 */
export async function loadLibraryFile(read: () => Promise<Uint8Array>, path: string): Promise<ParsedLibrary> {
  const taken = await takeBytes(read, path);
  return taken instanceof OneByteUtf8 ? parseBibtex(taken, path) : readLibraryFile(taken, path).parsed;
}

async function takeBytes(read: () => Promise<Uint8Array>, path: string): Promise<OneByteUtf8 | Uint8Array> {
  const bytes = await read();
  return (isBibtexPath(path) && OneByteUtf8.of(bytes)) || bytes;
}

/** A BibTeX file by its ending (anything but CSL's .json, .yaml and .yml). */
export function isBibtexPath(path: string): boolean {
  const lower = path.toLowerCase();
  return !lower.endsWith('.json') && !lower.endsWith('.yaml') && !lower.endsWith('.yml');
}

/** A library file's parse with the decoded text it came from: what a later read needs to reuse it. */
export interface LibraryRead {
  parsed: ParsedLibrary;
  text: string;
  encoding: string;
  /** How many entries were read from the text this time (all of them unless `previous` was reused). */
  reread: number;
}

/**
 * `parseLibraryFile` that also keeps the text. Given the previous read of the same BibTeX file (same
 * encoding), only the entries the change touches are read again (`reparseBibtexEdit`). `decoded`: the
 * bytes' text when the caller has it already (it made the bytes from it). A first read of a UTF-8
 * BibTeX file is one byte a character, its text decoded only when a later read or a rename asks for it.
 * `onProgress`: see parseBibtex (a whole BibTeX read only).
 */
export function readLibraryFile(bytes: Uint8Array, path: string, previous?: LibraryRead, decoded?: { text: string; encoding: string }, onProgress?: (fraction: number) => void): LibraryRead {
  const oneByte = !previous && !decoded && isBibtexPath(path) ? OneByteUtf8.of(bytes) : undefined;
  if (oneByte) return oneByteRead(parseBibtex(oneByte, path, onProgress), oneByte);
  const { text, encoding } = decoded ?? decodeLibraryBytes(bytes);
  if (previous && previous.encoding === encoding) {
    // the same text: `previous.parsed` already holds the encoding warning added below
    if (isBibtexPath(path) && text === previous.text) return { ...previous, reread: 0 };
    return readEditedLibrary(previous, path, text);
  }
  return readText(text, encoding, path, onProgress);
}

/**
 * `readLibraryFile` of `text`, the previous read's text edited (the same file and encoding). `ends`: how
 * many characters at its start and at its end the edit left as they were, when the caller knows (it
 * made the edit): the texts are then not compared.
 */
export function readEditedLibrary(previous: LibraryRead, path: string, text: string, ends?: [number, number]): LibraryRead {
  const { encoding } = previous;
  if (!isBibtexPath(path)) return readText(text, encoding, path);
  const parsed = reparseBibtexEdit(previous.parsed, previous.text, text, ends);
  if (parsed === previous.parsed) return { ...previous, reread: 0 };
  if (encoding !== 'utf-8') parsed.problems.unshift(notUtf8(path, encoding));
  return { parsed, text, encoding, reread: rereadCount(previous.parsed, parsed) };
}

function readText(text: string, encoding: string, path: string, onProgress?: (fraction: number) => void): LibraryRead {
  const lower = path.toLowerCase();
  const parsed = lower.endsWith('.json') ? parseCslJson(text, path) : lower.endsWith('.yaml') || lower.endsWith('.yml') ? parseCslYaml(text, path) : parseBibtex(text, path, onProgress);
  if (encoding !== 'utf-8') parsed.problems.unshift(notUtf8(path, encoding));
  return { parsed, text, encoding, reread: parsed.entries.length };
}

function oneByteRead(parsed: ParsedLibrary, oneByte: OneByteUtf8): LibraryRead {
  let text: string | undefined;
  return {
    parsed,
    encoding: 'utf-8',
    reread: parsed.entries.length,
    get text() {
      return (text ??= oneByte.slice(0, oneByte.text.length));
    },
  };
}

function notUtf8(path: string, encoding: string): LibraryProblem {
  return { source: path, line: 0, message: `Not UTF-8: read as ${encoding}.`, severity: 'warning' };
}

/**
 * Entries of `next` not carried over from `previous`, counted from both ends: a reparse keeps the
 * `fields` object of each entry it did not read again, a full parse makes new ones for all.
 */
function rereadCount(previous: ParsedLibrary, next: ParsedLibrary): number {
  const before = previous.entries;
  const after = next.entries;
  const shorter = Math.min(before.length, after.length);
  let front = 0;
  while (front < shorter && before[front].fields === after[front].fields) front++;
  let back = 0;
  while (back < shorter - front && before[before.length - 1 - back].fields === after[after.length - 1 - back].fields) back++;
  return after.length - front - back;
}

/**
 * Whether a file found by a workspace scan is a library. `.bib` always is; a `.json` or `.yaml`
 * file only when it looks like CSL (a list of items with `id`), so package.json and CI files are skipped.
 */
export function looksLikeLibrary(path: string, bytes: Uint8Array): boolean {
  const lower = path.toLowerCase();
  if (!lower.endsWith('.json') && !lower.endsWith('.yaml') && !lower.endsWith('.yml')) return isLibraryPath(path);
  const head = new TextDecoder().decode(bytes.subarray(0, 4096)).trimStart();
  if (lower.endsWith('.json')) return head.startsWith('[') && /"id"\s*:/.test(head);
  return /^(?:references:\s*)?-\s+id:/m.test(head);
}
