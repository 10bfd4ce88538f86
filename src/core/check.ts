import * as path from 'path';
import { checkAuthorDate, type AuthorDateCheckResult } from './citations/authorDateCheck';
import { citationSlips } from './citations/citationSlips';
import { bibliographyPath } from './citations/linkCitations';
import { isCrossReference, type PandocCitation } from './citations/pandoc';
import type { Draft } from './draft';
import type { FrontMatter } from './markdown/frontMatter';
import { findQuartoProjectFile, readQuartoProject } from './markdown/quartoProject';
import type { LibraryView } from './library/libraryIndex';
import { similarKeys } from './search/search';
import type { CitemarkDiagnostic, LibraryEntry, Range, Severity } from './types';

/** The level of each diagnostic code; `ignore` drops it. */
export type SeveritySettings = Partial<Record<string, Severity | 'ignore'>>;

export const DEFAULT_SEVERITIES: Record<string, Severity> = {
  'missing-key': 'error',
  'front-matter': 'error',
  unmatched: 'warning',
  ambiguous: 'warning',
  uncited: 'warning',
  inconsistent: 'information',
  'no-bibliography': 'information',
  'citation-form': 'warning',
};

/** One citation found in a draft, with what the library made of it. */
export interface CitationReport {
  kind: 'bracketed' | 'narrative' | 'nocite' | 'author-date';
  text: string;
  start: number;
  end: number;
  keys: string[];
  status: 'matched' | 'unmatched' | 'ambiguous';
}

export interface DocumentCheck {
  frontMatter: FrontMatter;
  citations: CitationReport[];
  pandocCitations: PandocCitation[];
  diagnostics: CitemarkDiagnostic[];
  /** Keys of the library that the draft cites (`*` when `nocite: @*`). */
  citedKeys: Set<string>;
  /** The author-date check, when it ran. */
  authorDate?: AuthorDateCheckResult;
}

/**
 * Which library files a draft sees: its front matter's `bibliography:` (relative to the draft), else
 * its Quarto project's (`_quarto.yml` above it, read through `readText` when given), else the
 * configured files, else every loaded file (undefined).
 */
export async function libraryPathsFor(
  draftPath: string,
  frontMatter: FrontMatter,
  configured: string[] = [],
  readText?: (file: string) => Promise<string | undefined>,
): Promise<string[] | undefined> {
  if (frontMatter.bibliography.length > 0) {
    return frontMatter.bibliography.map((file) => path.resolve(path.dirname(draftPath), file));
  }
  // The search reads each candidate once; the text of the one found is kept.
  let projectText: string | undefined;
  const project = readText && (await findQuartoProjectFile(draftPath, async (file) => (projectText = await readText(file)) !== undefined));
  if (project && projectText !== undefined) {
    const { bibliography } = readQuartoProject(projectText, path.dirname(project), path.basename(project));
    if (bibliography.length > 0) return bibliography;
  }
  return configured.length > 0 ? configured : undefined;
}

/**
 * Where a draft names a library that cannot be read: the front matter's `bibliography:` entry (`file` resolved
 * as libraryPathsFor resolves it) and its name as written, else the draft's start (a Quarto project's library).
 */
export function bibliographyEntry(draft: Draft, file: string): { range: Range; written?: string } {
  const written = draft.frontMatter.bibliography.find((name) => path.resolve(path.dirname(draft.path), name) === file);
  const frontMatterEnd = draft.frontMatter.endLine < 0 ? 0 : draft.lines.offsetAt({ line: draft.frontMatter.endLine, character: 0 });
  const at = written === undefined ? -1 : draft.text.indexOf(written);
  if (at < 0 || at >= frontMatterEnd) return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, written };
  return { range: { start: draft.lines.positionAt(at), end: draft.lines.positionAt(at + written!.length) }, written };
}

/** The error for a library the draft names that cannot be read, on its name in the front matter (see bibliographyEntry). */
export function missingLibraryDiagnostic(draft: Draft, file: string, reason: string): CitemarkDiagnostic {
  const { range, written } = bibliographyEntry(draft, file);
  return { code: 'missing-library', severity: 'error', message: `Bibliography ${written ?? file} cannot be read: ${reason}.`, range };
}

/**
 * A draft that names no library (no `bibliography:` in its front matter or its Quarto project) while the
 * workspace's libraries hold the keys it cites: Citemark checks them there, but Pandoc, given no
 * bibliography, prints `(key?)` for each and no reference list (the student trial: a draft with no
 * problem shown rendered without references). One note, on its first such citation, with the library to name.
 */
export function noBibliographyDiagnostic(draft: Draft, library: LibraryView): CitemarkDiagnostic | undefined {
  for (const citation of draft.pandocCitations) {
    for (const item of citation.items) {
      const entry = library.get(item.key);
      // (an entry of the draft's own `references:` is one Pandoc finds)
      if (!entry || entry.source === draft.path) continue;
      const named = bibliographyPath(draft.path, entry.source);
      const range = { start: draft.lines.positionAt(item.keyStart), end: draft.lines.positionAt(item.keyEnd) };
      return {
        code: 'no-bibliography', severity: 'information', range, suggestions: [named],
        message: `This draft names no bibliography: Citemark finds '${item.key}' in ${path.basename(entry.source)}, but Pandoc will not ` +
          `(it prints '${item.key}?' and no reference list). Add 'bibliography: ${named}' to the front matter.`,
      };
    }
  }
  return undefined;
}

export interface CheckOptions {
  severities?: SeveritySettings;
  /**
   * Look up close keys for each missing one (for the message and the quick fixes). The editor turns
   * this off on the typing path and asks for suggestions only when quick fixes are requested.
   */
  suggest?: boolean;
  /**
   * Check author-date citations in prose ("Smith (2010)") against the libraries and the draft's own
   * reference list. `auto`: when the draft has a reference list or no Pandoc citation at all.
   */
  authorDate?: 'auto' | 'on' | 'off';
  /** The draft names no library (front matter or Quarto project): note it when the libraries hold its keys (see noBibliographyDiagnostic). */
  namesNoLibrary?: boolean;
}

/** Finds the Pandoc citations of a draft and reports each key that the draft's libraries do not define. */
export function checkDocument(
  draft: Draft,
  library: LibraryView,
  { severities = {}, suggest = true, authorDate = 'auto', namesNoLibrary = false }: CheckOptions = {},
): DocumentCheck {
  const { text } = draft;
  const { notText } = draft;
  if (notText) {
    // A binary file opened as a draft: one diagnostic, no keys read out of its bytes.
    const start = { line: 0, character: 0 };
    const diagnostic: CitemarkDiagnostic = { code: 'not-text', severity: 'error', message: `${path.basename(draft.path)}: ${notText}`, range: { start, end: start } };
    return { frontMatter: draft.frontMatter, citations: [], pandocCitations: [], diagnostics: [diagnostic], citedKeys: new Set() };
  }
  const { lines, frontMatter } = draft;
  const diagnostics: CitemarkDiagnostic[] = [];
  const add = (diagnostic: CitemarkDiagnostic) => {
    const severity = severities[diagnostic.code] ?? DEFAULT_SEVERITIES[diagnostic.code] ?? diagnostic.severity;
    if (severity !== 'ignore') diagnostics.push({ ...diagnostic, severity });
  };
  const report = (code: string, start: number, end: number, message: string, suggestions?: string[]) =>
    add({ code, severity: 'warning', message, range: { start: lines.positionAt(start), end: lines.positionAt(end) }, suggestions });
  const missing = (key: string, start: number, end: number) => {
    const rejected = rejectedEntry(library, key);
    if (rejected) return report('missing-key', start, end, rejected);
    const suggestions = suggest ? similarKeys(key, library.entries(), 5) : [];
    const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.slice(0, 3).map((s) => `'${s}'`).join(', ')}?` : '';
    report('missing-key', start, end, `No entry '${key}' in ${describeLibraries(library)}.${hint}`, suggestions);
  };

  for (const problem of frontMatter.problems) {
    const start = lines.offsetAt({ line: problem.line, character: 0 });
    report('front-matter', start, start + lines.lineText(problem.line).length, problem.message);
  }
  const noBibliography = namesNoLibrary ? noBibliographyDiagnostic(draft, library) : undefined;
  if (noBibliography) add(noBibliography);

  const citedKeys = new Set<string>();
  const citations: CitationReport[] = [];
  const pandocCitations = [...frontMatter.citations, ...draft.pandocCitations];
  for (const citation of pandocCitations) {
    let matched = true;
    const items = citation.items.filter((item) => !isCrossReference(item.key));
    if (items.length === 0) continue;
    for (const item of items) {
      citedKeys.add(item.key);
      if (library.get(item.key)) continue;
      matched = false;
      missing(item.key, item.keyStart, item.keyEnd);
    }
    citations.push({
      kind: citation.kind,
      text: text.slice(citation.start, citation.end),
      start: citation.start,
      end: citation.end,
      keys: items.map((item) => item.key),
      status: matched ? 'matched' : 'unmatched',
    });
  }

  for (const slip of citationSlips(draft, (key) => library.get(key) !== undefined)) report('citation-form', slip.start, slip.end, slip.message, [slip.fix]);

  for (const key of frontMatter.nocite) {
    citedKeys.add(key);
    // The key's place in the front matter: after `@`, or after `@{` for a braced key.
    const at = text.indexOf(`@${key}`);
    const start = at >= 0 ? at + 1 : text.indexOf(`@{${key}}`) + 2;
    const known = key === '*' || library.get(key) !== undefined;
    citations.push({ kind: 'nocite', text: `@${key}`, start: start - 1, end: start + key.length, keys: [key], status: known ? 'matched' : 'unmatched' });
    if (!known) missing(key, start, start + key.length);
  }
  let authorDateResult: AuthorDateCheckResult | undefined;
  if (checksAuthorDate(draft, authorDate)) {
    const citedByKey = [...citedKeys].flatMap((key) => library.get(key) ?? []);
    const result = checkAuthorDate(draft, library.entries(), { citedByKey });
    authorDateResult = result;
    result.diagnostics.forEach(add);
    for (const citation of result.citations) {
      for (const item of citation.items) {
        item.keys.forEach((key) => citedKeys.add(key));
        citations.push({ kind: 'author-date', text: item.text, start: item.start, end: item.end, keys: item.keys, status: item.status });
      }
    }
    citations.sort((a, b) => a.start - b.start);
  }
  return { frontMatter, citations, pandocCitations, diagnostics, citedKeys, authorDate: authorDateResult };
}

/** Whether checkDocument checks the draft's author-date citations (which reads every entry of its libraries). */
export function checksAuthorDate(draft: Draft, authorDate: CheckOptions['authorDate'] = 'auto'): boolean {
  if (draft.notText) return false;
  const pandocCitations = draft.frontMatter.citations.length + draft.pandocCitations.length;
  return authorDate === 'on' || (authorDate === 'auto' && (pandocCitations === 0 || draft.referenceList !== undefined));
}

/**
 * Why a key the library seems to hold is still missing: its entry was rejected while reading
 * ("Entry 'bad1' in broken.bib could not be read: line 8, missing '}'").
 */
export function rejectedEntry(library: LibraryView, key: string): string | undefined {
  const problem = library.problems().find((candidate) => candidate.key === key && candidate.severity === 'error');
  if (!problem) return undefined;
  // The parser's message names the entry already: "Entry 'bad1' is not closed: missing '}'".
  const reason = problem.message.replace(`Entry '${key}' is `, '').replace(/\.$/, '');
  return `Entry '${key}' in ${path.basename(problem.source)} could not be read: line ${problem.line + 1}, ${reason.charAt(0).toLowerCase()}${reason.slice(1)}.`;
}

/**
 * Entries of the view's library files that no citation reaches (none when a draft has `nocite: @*`):
 * what `citemark check` lists as `uncited`.
 */
export function uncitedEntries(library: LibraryView, cited: ReadonlySet<string>): LibraryEntry[] {
  if (cited.has('*')) return [];
  const files = new Set(library.libraries.map((file) => file.source));
  return library.entries().filter((entry) => files.has(entry.source) && !cited.has(entry.key));
}

function describeLibraries(library: LibraryView): string {
  const names = library.libraries.map((file) => path.basename(file.source));
  if (names.length === 0) return 'any library (none is loaded)';
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more libraries`;
}
