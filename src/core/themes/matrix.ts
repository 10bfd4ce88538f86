/**
 * The synthesis matrix: sources × themes, from the codebook, the drafts' tags, the citations inside
 * tagged passages and the themes given to whole sources (`sources:` in the codebook, and the entries'
 * `keywords` when `keywordsAsTags` is set).
 *
 * Counting rules:
 * - A passage is the scope of a tag (paragraph, list item or section, see tags.ts), once per scope
 *   however many tags it holds.
 * - A theme's column counts passages tagged with the theme or any of its sub-themes; a passage that
 *   lies inside another passage of the same column (a tagged paragraph in a tagged section) is not
 *   counted again.
 * - A cell counts the column's passages that cite the source; `direct` marks a source given the
 *   theme (or a sub-theme) as a whole. Tags that name no theme are left out (tagDiagnostics reports them).
 *
 * Rows are sorted by label; equal labels of different sources get a letter after the year. Tagged passages that
 * cite no source are counted in a last row of their own (key '', label NO_SOURCE), not in the columns' source counts.
 *
 * API: `buildMatrix(codebook, drafts, entries, options)` → `SynthesisMatrix` (plain data, JSON-ready);
 * `shortCitation(entry, key)` → "Family (Year)", "A & B (Year)", "A et al. (Year)", the key (not in the library) without entry.
 */
import { Draft } from '../draft';
import type { LibraryEntry } from '../types';
import { creditedPeople, personName } from '../library/names';
import { resolveTheme, themeDescendants, type Codebook, type Theme } from './codebook';
import { scopePreview, type TagScope } from './tags';

const QUOTE_WORDS = 80;

/** A draft as the matrix names it (a workspace-relative path); `parsed` when the caller has parsed it already. */
export interface MatrixDraft {
  path: string;
  text: string;
  parsed?: Draft;
}

/** The parsed draft of a matrix draft: its own, else a new one. */
export function parsedDraft(draft: MatrixDraft): Draft {
  return draft.parsed ?? new Draft(draft.text, draft.path);
}

export interface MatrixTheme {
  id: string;
  path: string;
  label: string;
  description?: string;
  color?: string;
  /** 0 for a top-level theme. */
  depth: number;
  /** Indexes into `passages` of the passages this column counts. */
  passages: number[];
  /** Number of rows with a non-empty cell in this column. */
  sources: number;
}

export interface MatrixPassage {
  path: string;
  kind: TagScope['kind'];
  /** 0-based first and last line, offsets [start, end) in the draft. */
  line: number;
  endLine: number;
  start: number;
  end: number;
  preview: string;
  /** The passage as plain text, tags left out, up to QUOTE_WORDS words: what a synthesis table quotes. */
  quote: string;
  /** Ids of the themes tagged on this passage itself. */
  themes: string[];
  /** Keys cited inside the passage, in order of first citation. */
  keys: string[];
}

export interface MatrixCell {
  /** Indexes into `passages`. */
  passages: number[];
  direct: boolean;
}

export interface MatrixRow {
  key: string;
  label: string;
  /** One cell per theme, in the order of `themes`. */
  cells: MatrixCell[];
  /** Distinct tagged passages citing the source, as its cells count them. */
  total: number;
}

export interface SynthesisMatrix {
  themes: MatrixTheme[];
  rows: MatrixRow[];
  passages: MatrixPassage[];
}

export interface MatrixOptions {
  /** Read the entries' `keywords` as direct themes when a keyword names a theme (id, path or label). */
  keywordsAsTags?: boolean;
}

/**
 * The entries the rows are labelled from: a list, or a library view, whose look-up by key makes only
 * the entries asked for (a library decoded lazily need not make 88,000 entries for a few rows); every
 * entry is read only for `keywordsAsTags`.
 */
export type MatrixEntries = LibraryEntry[] | { get(key: string): LibraryEntry | undefined; entries(): LibraryEntry[] };

export function buildMatrix(codebook: Codebook, drafts: MatrixDraft[], entries: MatrixEntries, options: MatrixOptions = {}): SynthesisMatrix {
  const passages = taggedPassages(codebook, drafts);
  const themes = themesInTreeOrder(codebook).map(({ theme, depth }) => {
    const family = new Set(themeDescendants(codebook, theme.id).map((member) => member.id));
    const tagged = passages.map((passage, index) => ({ passage, index })).filter(({ passage }) => passage.themes.some((id) => family.has(id)));
    const counted = tagged.filter(({ passage }) => !tagged.some(({ passage: other }) => other !== passage && contains(other, passage)));
    const column: MatrixTheme = { id: theme.id, path: theme.path, label: theme.label, depth, passages: counted.map(({ index }) => index), sources: 0 };
    if (theme.description !== undefined) column.description = theme.description;
    if (theme.color !== undefined) column.color = theme.color;
    return { column, family };
  });

  const entryByKey = Array.isArray(entries) ? new Map(entries.map((entry) => [entry.key, entry])) : entries;
  const directThemes = new Map<string, Set<string>>();
  const addDirect = (key: string, themeId: string) => directThemes.set(key, (directThemes.get(key) ?? new Set()).add(themeId));
  for (const source of codebook.sources) if (source.themeId) addDirect(source.key, source.themeId);
  if (options.keywordsAsTags) {
    for (const entry of Array.isArray(entries) ? entries : entries.entries()) {
      for (const keyword of entry.keywords) {
        const theme = themeForKeyword(codebook, keyword);
        if (theme) addDirect(entry.key, theme.id);
      }
    }
  }

  const keys = new Set<string>();
  for (const passage of passages) passage.keys.forEach((key) => keys.add(key));
  directThemes.forEach((_, key) => keys.add(key));
  const rows = [...keys].map((key): MatrixRow => {
    const direct = directThemes.get(key) ?? new Set<string>();
    const cells = themes.map(({ column, family }) => ({
      passages: column.passages.filter((index) => passages[index].keys.includes(key)),
      direct: [...direct].some((id) => family.has(id)),
    }));
    return { key, label: shortCitation(entryByKey.get(key), key), cells, total: distinctPassages(cells) };
  });
  rows.sort((a, b) => a.label.localeCompare(b.label) || a.key.localeCompare(b.key));
  disambiguate(rows);
  themes.forEach(({ column }, index) => {
    column.sources = rows.filter((row) => row.cells[index].passages.length > 0 || row.cells[index].direct).length;
  });
  // Tagged passages that cite no source (the study's own data: an interview quote, a result) have a row of their own, last.
  if (passages.some((passage) => passage.keys.length === 0)) {
    const cells = themes.map(({ column }) => ({ passages: column.passages.filter((index) => passages[index].keys.length === 0), direct: false }));
    rows.push({ key: '', label: NO_SOURCE, cells, total: distinctPassages(cells) });
  }
  return { themes: themes.map(({ column }) => column), rows, passages };
}

/** The label of the row of tagged passages that cite no source (its key is ''). */
export const NO_SOURCE = 'No source cited';

/** The passages of a row's cells, each once (a passage tagged with two themes is in two cells). */
function distinctPassages(cells: MatrixCell[]): number {
  return new Set(cells.flatMap((cell) => cell.passages)).size;
}

/** "Family (Year)", "A & B (Year)", "A et al. (Year)"; the key, said to be missing, when the entry is. */
export function shortCitation(entry: LibraryEntry | undefined, key: string): string {
  if (!entry) return `${key} (not in the library)`;
  const names = creditedPeople(entry).map(personName);
  const year = entry.year ?? 'n.d.';
  if (names.length === 0) return `${entry.title ?? key} (${year})`;
  const who = names.length === 1 ? names[0] : names.length === 2 ? `${names[0]} & ${names[1]}` : `${names[0]} et al.`;
  return `${who} (${year})`;
}

/** Same label for different sources: "Smith (2020a)", "Smith (2020b)", in key order (rows are sorted). */
function disambiguate(rows: MatrixRow[]): void {
  for (let first = 0; first < rows.length; ) {
    let next = first + 1;
    while (next < rows.length && rows[next].label === rows[first].label) next++;
    if (next - first > 1 && rows[first].label.endsWith(')')) {
      for (let i = first; i < next; i++) rows[i].label = `${rows[i].label.slice(0, -1)}${String.fromCharCode(97 + ((i - first) % 26))})`;
    }
    first = next;
  }
}

/** One passage per tagged scope of every draft, with the themes tagged there and the keys cited inside. */
function taggedPassages(codebook: Codebook, drafts: MatrixDraft[]): MatrixPassage[] {
  const passages: MatrixPassage[] = [];
  for (const draft of drafts) {
    const parsed = parsedDraft(draft);
    const byScope = new Map<string, MatrixPassage>();
    for (const tag of parsed.tags) {
      const theme = resolveTheme(codebook, tag.ref);
      if (!theme) continue;
      const id = `${tag.scope.start}:${tag.scope.end}`;
      let passage = byScope.get(id);
      if (!passage) {
        const { kind, line, endLine, start, end } = tag.scope;
        const [preview, quote] = [scopePreview(draft.text, tag.scope), scopePreview(draft.text, tag.scope, QUOTE_WORDS)];
        passage = { path: draft.path, kind, line, endLine, start, end, preview, quote, themes: [], keys: [] };
        byScope.set(id, passage);
      }
      if (!passage.themes.includes(theme.id)) passage.themes.push(theme.id);
    }
    if (byScope.size === 0) continue;
    const citations = parsed.pandocCitations;
    const scoped = [...byScope.values()].sort((a, b) => a.start - b.start || b.end - a.end);
    for (const passage of scoped) {
      for (const citation of citations) {
        if (citation.start < passage.start || citation.start >= passage.end) continue;
        for (const item of citation.items) if (!passage.keys.includes(item.key)) passage.keys.push(item.key);
      }
    }
    passages.push(...scoped);
  }
  return passages;
}

function contains(outer: MatrixPassage, inner: MatrixPassage): boolean {
  return outer.path === inner.path && outer.start <= inner.start && inner.end <= outer.end;
}

/** Depth-first: each theme followed by its sub-themes, in codebook order. */
function themesInTreeOrder(codebook: Codebook): { theme: Theme; depth: number }[] {
  const ordered: { theme: Theme; depth: number }[] = [];
  const visit = (parent: string | undefined, depth: number) => {
    for (const theme of codebook.themes) {
      if (theme.parent !== parent) continue;
      ordered.push({ theme, depth });
      visit(theme.id, depth + 1);
    }
  };
  visit(undefined, 0);
  return ordered;
}

function themeForKeyword(codebook: Codebook, keyword: string): Theme | undefined {
  const trimmed = keyword.trim();
  return resolveTheme(codebook, trimmed) ?? codebook.themes.find((theme) => theme.label.toLowerCase() === trimmed.toLowerCase());
}
