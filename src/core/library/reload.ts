import type { ParsedLibrary } from '../types';

/**
 * Whether a library just read may be a file caught in the middle of a save: empty where the previous
 * version had entries, fewer entries than before (a prefix of a file being written parses cleanly when
 * it ends between two entries), or, on a first read, cut off inside its last entry. The caller keeps
 * the previous index and takes such a file only once it has stayed the same for a while: then the
 * entries were deleted (or the file broken) on purpose.
 */
export function looksHalfWritten(previous: ParsedLibrary | undefined, next: ParsedLibrary, byteLength: number): boolean {
  if (previous && previous.entries.length > 0) return byteLength === 0 || next.entries.length < previous.entries.length;
  const lastEntryLine = next.entries.reduce((last, entry) => Math.max(last, entry.endLine), -1);
  // A problem after the last good entry is what a truncated file leaves behind.
  return next.problems.some((problem) => problem.severity === 'error' && problem.line > lastEntryLine);
}
