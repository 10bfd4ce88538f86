// An edited BibTeX text read again in part: only the segments the edit touches, the other entries moved.
import type { ParsedLibrary } from '../../types';
import { finish, hasLinks, parseBibtex, scanStateOf } from './library';
import type { BibtexEntry } from './entry';
import { BibtexScanner, MONTHS, type Segments } from './scanner';

/** `values` up to `first`, then `read` (each plus `readBy`), then `values` from `kept` on (each plus `afterBy`). */
function spliceShifted(values: number[], first: number, kept: number, read: number[], readBy: number, afterBy: number): number[] {
  const result = values.slice(0, first);
  for (const value of read) result.push(value + readBy);
  for (let k = kept; k < values.length; k++) result.push(values[k] + afterBy);
  return result;
}

/** Number of leading characters two texts share, and of trailing ones after those. */
function commonEnds(a: string, b: string): [number, number] {
  const shorter = Math.min(a.length, b.length);
  const chunk = 4096; // whole chunks compare as strings (memcmp speed), then character by character
  let prefix = 0;
  while (prefix + chunk <= shorter && a.slice(prefix, prefix + chunk) === b.slice(prefix, prefix + chunk)) prefix += chunk;
  while (prefix < shorter && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  const room = shorter - prefix;
  while (suffix + chunk <= room && a.slice(a.length - suffix - chunk, a.length - suffix) === b.slice(b.length - suffix - chunk, b.length - suffix)) {
    suffix += chunk;
  }
  while (suffix < room && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return [prefix, suffix];
}

/**
 * The result of `parseBibtex(newText)`, reading again only the segments an edit touches (see `Segments`)
 * and reusing the other entries, moved by the lines and characters the edit added or removed. Falls back
 * to a full read when the edit touches `@string` definitions, or entries that link to others or are
 * linked to (crossref, xdata, ids). `ends`: how many characters at the start and at the end of the text the
 * edit left as they were, when the caller knows (it made the edit): the texts are then not compared.
 */
export function reparseBibtexEdit(previous: ParsedLibrary, oldText: string, newText: string, ends?: [number, number]): ParsedLibrary {
  const state = scanStateOf(previous);
  const source = previous.source;
  if (!state) return parseBibtex(newText, source);
  const [prefix, suffix] = ends ?? commonEnds(oldText, newText);
  if (prefix === oldText.length && prefix === newText.length) return previous;
  const changeEnd = oldText.length - suffix;
  const shift = newText.length - oldText.length;
  const old = state.segments;
  const count = old.starts.length;
  // first segment read again: the last one starting before the change (the first starts at 0)
  let first = 0;
  while (first + 1 < count && old.starts[first + 1] < prefix) first++;
  // first segment kept: it starts after the change, on a line the change did not touch (nor its line break)
  let kept = first + 1;
  while (kept < count && oldText.lastIndexOf('\n', old.starts[kept] - 1) < changeEnd) kept++;
  if (state.definitions.some((d) => d.segment >= first && d.segment < kept)) return parseBibtex(newText, source);

  const macros = new Map(Object.entries(MONTHS));
  for (const d of state.definitions) if (d.segment < first) macros.set(d.name, d.value);
  const end = kept < count ? old.starts[kept] + shift : newText.length;
  const scanner = new BibtexScanner(newText, source, old.starts[first], old.lines[first], macros);
  scanner.scan(old.starts[first], end);
  const keptEntries = kept < count ? old.firstEntries[kept] : state.scanned.length;
  const entryBase = old.firstEntries[first];
  const linked = (entry: BibtexEntry) => hasLinks(entry) || state.targets.has(entry.key.toLowerCase());
  if (scanner.definitions.length > 0 || scanner.entries.some(linked) || state.scanned.slice(entryBase, keptEntries).some(linked)) {
    return parseBibtex(newText, source);
  }

  const lineShift = kept < count ? scanner.lineAt(end) - old.lines[kept] : 0;
  const keptProblems = kept < count ? old.firstProblems[kept] : state.scanProblems.length;
  const problemBase = old.firstProblems[first];
  const entryShift = scanner.entries.length - (keptEntries - entryBase);
  const problemShift = scanner.problems.length - (keptProblems - problemBase);
  const segmentShift = scanner.segments.starts.length - (kept - first);
  const fresh = scanner.segments;
  const segments: Segments = {
    starts: spliceShifted(old.starts, first, kept, fresh.starts, 0, shift),
    lines: spliceShifted(old.lines, first, kept, fresh.lines, 0, lineShift),
    firstEntries: spliceShifted(old.firstEntries, first, kept, fresh.firstEntries, entryBase, entryShift),
    firstProblems: spliceShifted(old.firstProblems, first, kept, fresh.firstProblems, problemBase, problemShift),
  };
  const scanned = state.scanned.slice(0, entryBase);
  for (const entry of scanner.entries) scanned.push(entry);
  for (let k = keptEntries; k < state.scanned.length; k++) {
    const entry = state.scanned[k];
    scanned.push(shift === 0 && lineShift === 0 ? entry : entry.moved(lineShift, shift));
  }
  return finish({
    scanned,
    scanProblems: [
      ...state.scanProblems.slice(0, problemBase),
      ...scanner.problems,
      ...state.scanProblems.slice(keptProblems).map((p) => (lineShift === 0 ? p : { ...p, line: p.line + lineShift })),
    ],
    segments,
    definitions: state.definitions.map((d) => (d.segment < first ? d : { ...d, segment: d.segment + segmentShift })),
    links: state.links,
    targets: state.targets,
  }, source);
}
