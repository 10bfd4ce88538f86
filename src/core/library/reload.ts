import type { ParsedLibrary } from '../types';

/**
 * Whether a library just read looks like a file caught in the middle of a save (empty, or cut off
 * inside its last entry while the previous version had more entries). The caller keeps the previous
 * index and reads the file again a little later; after a few tries it takes the file as it is.
 */
export function looksHalfWritten(previous: ParsedLibrary | undefined, next: ParsedLibrary, byteLength: number): boolean {
  if (!previous || previous.entries.length === 0) return false;
  if (byteLength === 0) return true;
  if (next.entries.length >= previous.entries.length) return false;
  const lastEntryLine = next.entries.reduce((last, entry) => Math.max(last, entry.endLine), -1);
  // A problem after the last good entry is what a truncated file leaves behind.
  return next.problems.some((problem) => problem.severity === 'error' && problem.line > lastEntryLine);
}
