import type { ParsedLibrary } from '../types';

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
