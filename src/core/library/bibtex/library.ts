// A BibTeX text read whole: the scanned entries, then duplicates, inheritance and search fields.
import type { LibraryProblem, ParsedLibrary } from '../../types';
import type { OneByteUtf8 } from '../decode';
import { rememberKeys } from '../libraryIndex';
import { inherit } from './inherit';
import { NOT_YET, type BibtexEntry } from './entry';
import { BibtexScanner, type Segments } from './scanner';
import { addSearchFields } from './searchFields';

/** What `reparseBibtexEdit` needs of an earlier parse, besides its text. */
export interface ScanState {
  scanned: BibtexEntry[];
  scanProblems: LibraryProblem[];
  segments: Segments;
  definitions: BibtexScanner['definitions'];
  /** Whether some entry has crossref, xdata or ids (or is an @xdata). */
  links: boolean;
  /** The crossref and xdata targets, lower case: editing one of those entries changes others. */
  targets: Set<string>;
}

const scanStates = new WeakMap<ParsedLibrary, ScanState>();

/** The scan a parse came from, for a later edit. */
export function scanStateOf(parsed: ParsedLibrary): ScanState | undefined {
  return scanStates.get(parsed);
}

export function hasLinks(entry: BibtexEntry): boolean {
  return entry.type === 'xdata' || entry.fields.crossref !== undefined || entry.fields.xdata !== undefined || entry.fields.ids !== undefined;
}

function linkTargets(entries: BibtexEntry[]): Set<string> {
  const targets = new Set<string>();
  for (const entry of entries) {
    const { crossref, xdata } = entry.fields;
    if (crossref !== undefined) targets.add(crossref.trim().toLowerCase());
    if (xdata !== undefined) for (const key of xdata.split(',')) targets.add(key.trim().toLowerCase());
  }
  return targets;
}

/** A parse's share of its time in the scan, the rest in finish (decoding names and LaTeX): for its progress. */
const SCAN_SHARE = 0.6;
/** finish says how far it has got in a library of at least this many entries, in 20 steps or steps of this many. */
const PROGRESS_ENTRIES = 4096;

/**
 * Duplicates, inheritance and search fields over the scanned entries; remembers the scan for later edits.
 * `onProgress`: told the part of the entries decoded so far (see PROGRESS_ENTRIES).
 */
export function finish(state: ScanState, source: string, onProgress?: (fraction: number) => void): ParsedLibrary {
  const problems = [...state.scanProblems];
  const byKey = new Map<string, BibtexEntry>();
  const unique: BibtexEntry[] = [];
  for (const entry of state.scanned) {
    const first = byKey.get(entry.key);
    if (first === undefined) {
      byKey.set(entry.key, entry);
      unique.push(entry);
    } else {
      problems.push({
        source, line: entry.startLine, key: entry.key, severity: 'warning',
        message: `Duplicate key '${entry.key}' (first defined on line ${first.startLine + 1}); this one is ignored`,
      });
    }
  }
  if (state.links) inherit(unique, byKey, problems, source);
  const containers = new Map<string, string>();
  const progressStep = onProgress && unique.length >= PROGRESS_ENTRIES ? Math.min(PROGRESS_ENTRIES, Math.ceil(unique.length / 20)) : 0;
  const entries = unique.filter((entry, index) => {
    if (progressStep > 0 && index % progressStep === progressStep - 1) onProgress!(index / unique.length);
    // @xdata entries only hold fields for others to inherit: they cannot be cited
    if (entry.type === 'xdata') return !byKey.delete(entry.key);
    if (entry.keywords !== NOT_YET) return true;
    try {
      addSearchFields(entry, containers);
      return true;
    } catch (error) {
      // A last guard (say, braces nested thousands deep): this entry is reported, the others stay.
      problems.push({ source, line: entry.startLine, key: entry.key, severity: 'error', message: `Entry '${entry.key}' could not be read: ${(error as Error).message}` });
      return !byKey.delete(entry.key);
    }
  });
  problems.sort((a, b) => a.line - b.line);
  const parsed = { source, entries, problems };
  scanStates.set(parsed, state);
  rememberKeys(entries, byKey);
  return parsed;
}

/**
 * Reads a BibTeX/BibLaTeX text (decoded, or a UTF-8 file's bytes one character each: see OneByteUtf8
 * in decode.ts). Every well-formed entry is kept; each broken one is reported with its 0-based line
 * and skipped. Problem messages name lines 1-based, as editors show them. `onProgress`: told the part
 * of the parse done so far (0 to 1), about every megabyte scanned and every few thousand entries decoded.
 */
export function parseBibtex(text: string | OneByteUtf8, source: string, onProgress?: (fraction: number) => void): ParsedLibrary {
  const scanner = new BibtexScanner(text, source);
  if (onProgress) scanner.onProgress = (fraction) => onProgress(fraction * SCAN_SHARE);
  scanner.scan();
  const { entries, problems, segments, definitions } = scanner;
  const links = entries.some(hasLinks);
  const targets = links ? linkTargets(entries) : new Set<string>();
  return finish({ scanned: entries, scanProblems: problems, segments, definitions, links, targets }, source,
    onProgress && ((fraction) => onProgress(SCAN_SHARE + fraction * (1 - SCAN_SHARE))));
}
