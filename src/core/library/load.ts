import { parseBibtex } from './bibtex';
import { parseCslJson, parseCslYaml } from './csl';
import { decodeLibraryBytes } from './decode';
import type { ParsedLibrary } from '../types';

/** File endings Citemark reads as libraries. */
export const LIBRARY_EXTENSIONS = ['.bib', '.bibtex', '.biblatex', '.json', '.yaml', '.yml'];

export function isLibraryPath(path: string): boolean {
  const lower = path.toLowerCase();
  return LIBRARY_EXTENSIONS.some((extension) => lower.endsWith(extension));
}

/** Reads one library file's bytes by its ending: BibTeX/BibLaTeX, CSL-JSON or CSL-YAML. */
export function parseLibraryFile(bytes: Uint8Array, path: string): ParsedLibrary {
  const { text, encoding } = decodeLibraryBytes(bytes);
  const lower = path.toLowerCase();
  const parsed = lower.endsWith('.json')
    ? parseCslJson(text, path)
    : lower.endsWith('.yaml') || lower.endsWith('.yml')
      ? parseCslYaml(text, path)
      : parseBibtex(text, path);
  if (encoding !== 'utf-8') {
    parsed.problems.unshift({ source: path, line: 0, message: `Not UTF-8: read as ${encoding}.`, severity: 'warning' });
  }
  return parsed;
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
