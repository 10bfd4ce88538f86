// Recognises files written by Zotero's Better BibTeX (BBT) exporters, which an auto-export ("Keep updated")
// rewrites whenever the Zotero library changes: Citemark must not write into them.
//
// What it detects, from BBT's own serializers (retorquere/zotero-better-bibtex):
// - Better BibTeX / Better BibLaTeX (.bib): comments only BBT writes (its quality report,
//   `% == BibTeX quality report for <key>:`, and its `\DeclarePrefChars` preamble), or else BBT's fixed
//   layout (translators/bibtex/entry.ts): `@type{key,` in lower case on its own line, fields as
//   `  name = value` (two spaces, one space around `=`), values in braces (never `"`), no comma after the
//   last field, `}` alone on a line, nothing but blank lines before the first entry.
// - Better CSL JSON (.json): BBT's layout (translators/csl/json.ts): `[`, then one item per line as
//   `  {...}` with a string `id` and `type`, then `]`.
// - Better CSL YAML (.yaml, .yml): BBT's frame (translators/csl/yaml.ts): `---`, `references:`, items
//   starting `- id: `, and `...` as the last line (pandoc and hand-written CSL YAML end with `---` or nothing).
// What it does not detect: an empty export (nothing to recognise) and exports edited by hand afterwards.
// It is a heuristic: a file laid out exactly like BBT's output by another tool (e.g. bibtex-tidy without
// alignment) is taken for one. Zotero's own exporters (tab-indented, trailing commas), JabRef, BibDesk,
// Mendeley and pandoc write other layouts and are not.
// There is no sidecar marker to check: BBT keeps its auto-export list in Zotero's database, not beside the file.
import * as path from 'node:path';

const BIB_EXTENSIONS = new Set(['.bib', '.bibtex', '.biblatex']);
/** Entries looked at; the layout is uniform, so the first ones tell. */
const SAMPLE_ENTRIES = 25;
/** Characters read from the start of a file: the sample entries and then some, however large the file. */
const SAMPLE_CHARS = 512 * 1024;
const ENTRY_HEADER = /^@[a-z]+\{[^\s,{}]+,$/;
const FIELD = /^  [A-Za-z][\w.:+-]* = \S/;

/**
 * Why a file is taken for a Better BibTeX export: comments only BBT writes (`marker`: certain), or its
 * layout alone (`layout`: a guess, which a hand-written or tidied file may match).
 */
export function betterBibtexEvidence(text: string, filePath: string): 'marker' | 'layout' | undefined {
  const extension = path.extname(filePath).toLowerCase();
  let layout = false;
  if (BIB_EXTENSIONS.has(extension)) {
    if (hasBetterBibtexMarker(text)) return 'marker';
    layout = hasBetterBibtexLayout(text);
  } else if (extension === '.json') {
    layout = hasBetterCslJsonLayout(text);
  } else if (extension === '.yaml' || extension === '.yml') {
    layout = hasBetterCslYamlFrame(text);
  }
  return layout ? 'layout' : undefined;
}

function hasBetterBibtexMarker(text: string): boolean {
  // Quality reports follow the entries they are about, so the first ones show in the head;
  // the \DeclarePrefChars preamble is written last.
  const head = text.slice(0, SAMPLE_CHARS);
  // BBT's own spelling is "BibLateX" in the quality report header.
  return /^% == Bib(?:La)?TeX quality report for /im.test(head) || text.slice(-4096).includes('\\ifdefined\\DeclarePrefChars\\DeclarePrefChars');
}

function hasBetterBibtexLayout(text: string): boolean {
  const lines = leadingLines(text);
  let index = 0;
  while (index < lines.length && lines[index].trim() === '') index++;
  // BBT writes entries first; its @preamble, @comment and reports come after them.
  if (!ENTRY_HEADER.test(lines[index] ?? '')) return false;
  let checked = 0;
  while (index < lines.length && checked < SAMPLE_ENTRIES) {
    const line = lines[index];
    if (!line.startsWith('@') || /^@(?:comment|string|preamble)\b/i.test(line)) {
      index++;
      continue;
    }
    if (!ENTRY_HEADER.test(line) || !FIELD.test(lines[index + 1] ?? '')) return false;
    const close = lines.indexOf('}', index + 1);
    if (close === -1) break; // the sample ends inside this entry
    if (lines[close - 1].endsWith(',')) return false;
    // BBT braces every value; `"` delimiters come from other tools.
    if (lines.slice(index + 1, close).some((field) => /^  [A-Za-z][\w.:+-]* = "/.test(field))) return false;
    checked++;
    index = close + 1;
  }
  return checked > 0;
}

function hasBetterCslJsonLayout(text: string): boolean {
  const lines = leadingLines(text);
  if (lines[0] !== '[') return false;
  let checked = 0;
  for (const line of lines.slice(1, SAMPLE_ENTRIES + 1)) {
    if (line === ']') break;
    if (!line.startsWith('  {')) return false;
    let item: unknown;
    try {
      item = JSON.parse(line.replace(/,$/, ''));
    } catch {
      // The last line of the sample may be cut short; any other line must be a whole item.
      if (line === lines[lines.length - 1]) break;
      return false;
    }
    const { id, type } = (item ?? {}) as { id?: unknown; type?: unknown };
    if (typeof id !== 'string' || typeof type !== 'string') return false;
    checked++;
  }
  return checked > 0;
}

function hasBetterCslYamlFrame(text: string): boolean {
  const [start, references, firstItem] = leadingLines(text.slice(0, 4096));
  return start === '---' && references === 'references:' && /^- id: \S/.test(firstItem ?? '') && /\n\.\.\.\s*$/.test(text.slice(-64));
}

/** The first lines of a text (enough for the sample), without line ends, never splitting a 50 MB library. */
function leadingLines(text: string): string[] {
  return text.slice(0, SAMPLE_CHARS).split(/\r?\n/);
}
