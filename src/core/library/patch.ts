import { decodeLibraryCache, encodeLibraryCache, type FileSignature } from './cache';
import { scanStateOf } from './bibtex/library';
import type { LibraryEntry, ParsedLibrary, Person } from '../types';

/**
 * What changed between two reads of one library file, small enough to send instead of the whole
 * library: the entries before the change are kept as they are, those after it are kept moved by
 * `lineShift` lines and `offsetShift` characters, and the ones between come in the cache format
 * (`encodeLibraryCache`), which also carries the new file's problems and signature.
 */
export interface LibraryPatch {
  /** How many leading entries are unchanged. */
  head: number;
  /** How many trailing entries are unchanged apart from their position. */
  tail: number;
  lineShift: number;
  offsetShift: number;
  /** The entries between head and tail, the problems and the signature, as `encodeLibraryCache` writes them. */
  changed: Uint8Array;
}

/** The patch from `previous` to `next`, or undefined when more than `maxChanged` entries changed. */
export function diffLibraries(previous: ParsedLibrary, next: ParsedLibrary, signature: FileSignature, maxChanged = 1000): LibraryPatch | undefined {
  const before = previous.entries;
  const after = next.entries;
  const shorter = Math.min(before.length, after.length);
  let head = 0;
  while (head < shorter && samePlace(before[head], after[head], 0, 0) && sameContent(before[head], after[head])) head++;
  const lineShift = shorter > head ? after[after.length - 1].startLine - before[before.length - 1].startLine : 0;
  let offsetShift: number | undefined;
  let tail = 0;
  while (tail < shorter - head) {
    const [old, now] = [before[before.length - 1 - tail], after[after.length - 1 - tail]];
    // the first entry with a known key offset fixes the shift
    if (offsetShift === undefined && old.keyOffset >= 0 && now.keyOffset >= 0) offsetShift = now.keyOffset - old.keyOffset;
    if (!samePlace(old, now, lineShift, offsetShift ?? 0) || !sameContent(old, now)) break;
    tail++;
  }
  if (after.length - head - tail > maxChanged) return undefined;
  const changed = encodeLibraryCache({ source: next.source, entries: after.slice(head, after.length - tail), problems: next.problems }, signature);
  return { head, tail, lineShift, offsetShift: offsetShift ?? 0, changed };
}

/**
 * The patch from a BibTeX library to the same library with one entry's key renamed in place (`edit`,
 * the key's only edit), made without reading the text again: the entry with its new key, those after it
 * moved by the characters the key gained or lost. What diffLibraries would give after a reparse of the
 * renamed text. Undefined when the rename may change more than that entry: the library was not read
 * as BibTeX, the key or the new one is a duplicate or a crossref/xdata/ids link, or a problem names it.
 */
export function renamePatch(previous: ParsedLibrary, entry: LibraryEntry, newKey: string, edit: { start: number; end: number }, signature: FileSignature): LibraryPatch | undefined {
  const state = scanStateOf(previous);
  const { key } = entry;
  const at = previous.entries.indexOf(entry);
  if (!state || at < 0 || edit.start !== entry.keyOffset || edit.end !== entry.keyOffset + key.length || state.links) return undefined;
  if (state.scanned.some((scanned) => (scanned.key === key && scanned.keyOffset !== entry.keyOffset) || scanned.key === newKey)) return undefined;
  if (previous.problems.some((problem) => problem.key === key || problem.key === newKey || problem.message.includes(key))) return undefined;
  // (a BibTeX entry's people are read when asked for: a spread alone would leave them out)
  const renamed: LibraryEntry = { ...entry, authors: entry.authors, editors: entry.editors, key: newKey };
  const changed = encodeLibraryCache({ source: previous.source, entries: [renamed], problems: previous.problems }, signature);
  return { head: at, tail: previous.entries.length - at - 1, lineShift: 0, offsetShift: newKey.length - key.length, changed };
}

/**
 * `previous` with the patch applied: what decoding the cache of the new read gives. Undefined when
 * the patch cannot have been made against `previous` (too few entries) or its data is not readable.
 * The entries before and after the change are `previous`'s own, those after it moved in place (not
 * copied: a change near the start of 88,000 entries costs as little as one near the end), so
 * `previous` is not to be used once the patch is applied.
 */
export function applyLibraryPatch(previous: ParsedLibrary, patch: LibraryPatch): { parsed: ParsedLibrary; signature: FileSignature } | undefined {
  const { head, tail, lineShift, offsetShift } = patch;
  const before = previous.entries;
  if (head + tail > before.length) return undefined;
  const decoded = decodeLibraryCache(patch.changed, previous.source);
  if (!decoded) return undefined;
  const entries = before.slice(0, head);
  for (const entry of decoded.parsed.entries) entries.push(entry);
  for (let i = before.length - tail; i < before.length; i++) entries.push(moved(before[i], lineShift, offsetShift));
  return { parsed: { source: previous.source, entries, problems: decoded.parsed.problems }, signature: decoded.signature };
}

function moved(entry: LibraryEntry, lines: number, offset: number): LibraryEntry {
  entry.startLine += lines;
  entry.endLine += lines;
  if (entry.keyOffset >= 0) entry.keyOffset += offset;
  return entry;
}

function samePlace(old: LibraryEntry, now: LibraryEntry, lines: number, offset: number): boolean {
  const keyOffset = old.keyOffset < 0 ? old.keyOffset : old.keyOffset + offset;
  return now.startLine === old.startLine + lines && now.endLine === old.endLine + lines && now.keyOffset === keyOffset;
}

/** Whether two entries agree on everything the cache keeps but their position. */
function sameContent(a: LibraryEntry, b: LibraryEntry): boolean {
  return a.key === b.key && a.type === b.type && a.source === b.source && a.year === b.year && a.title === b.title &&
    a.container === b.container && a.doi === b.doi && a.url === b.url &&
    sameList(a.keywords, b.keywords, (x, y) => x === y) && sameList(a.authors, b.authors, samePerson) && sameList(a.editors, b.editors, samePerson);
}

function sameList<T>(a: T[], b: T[], same: (x: T, y: T) => boolean): boolean {
  return a === b || (a.length === b.length && a.every((item, i) => same(item, b[i])));
}

function samePerson(a: Person, b: Person): boolean {
  return a === b || (a.family === b.family && a.given === b.given && a.literal === b.literal);
}
