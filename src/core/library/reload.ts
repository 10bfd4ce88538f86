import type { ParsedLibrary } from '../types';
import { AT, BRACE_CLOSE, BRACE_OPEN, PAREN_OPEN } from './bibtex/text';

/**
 * Whether a library just read may be a file caught in the middle of a save: empty where the previous
 * version had entries, or with fewer entries than before (a prefix of a file being written parses
 * cleanly when it ends between two entries). The caller keeps the previous index and takes such a
 * file only once it has stayed the same for a while: then the entries were deleted on purpose.
 * (A first read has nothing to compare with; the caller reads a file only once it holds still.)
 */
export function looksHalfWritten(previous: ParsedLibrary | undefined, next: ParsedLibrary, byteLength: number): boolean {
  if (!previous || previous.entries.length === 0) return false;
  return byteLength === 0 || next.entries.length < previous.entries.length;
}

const BACKSLASH = 92;

/** Whether the byte at `at` is the first that is not a space or tab on its line. */
function startsLine(bytes: Uint8Array, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (bytes[i] === 32 || bytes[i] === 9)) i--;
  return i < 0 || bytes[i] === 10;
}

/**
 * Whether a BibTeX file's bytes end inside an entry (the last item, from the last line that starts with
 * `@`, has a `{` not closed): a write cut off mid-entry, as a writer that pauses between chunks leaves
 * the file. Reads only that last item; one delimited with `(` is not told (false).
 */
export function endsInsideEntry(bytes: Uint8Array): boolean {
  let start = bytes.lastIndexOf(AT);
  while (start > 0 && !startsLine(bytes, start)) start = bytes.lastIndexOf(AT, start - 1);
  if (start < 0) return false;
  let depth = 0;
  for (let i = start + 1; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === BACKSLASH) i++; // `\{` and `\}` do not count
    else if (byte === BRACE_OPEN) depth++;
    else if (byte === BRACE_CLOSE && --depth === 0) return false; // closed: what follows is a comment
    else if (byte === PAREN_OPEN && depth === 0) return false;
  }
  return depth > 0;
}
