import * as path from 'path';
import { bibliographyEntry, checkDocument, libraryPathsFor, uncitedEntries } from '../core/check';
import { LibraryIndex } from '../core/library/libraryIndex';
import { loadLibraryFile } from '../core/library/load';
import { Draft } from '../core/draft';
import { notTextReason } from '../core/text';
import type { CitemarkDiagnostic, LibraryProblem } from '../core/types';
import { readTextIfExists, RefusedFile } from '../core/files';
import { escapeControls, expandDrafts, parseOptions, readInput, UsageError } from './io';
import { toSarif } from './sarif';

/** The JSON report of `citemark check --format json`. Field names are stable: see README. */
export interface CheckReport {
  files: FileReport[];
  libraries: Array<{ path: string; entries: number; errors: Array<{ line: number; severity: string; message: string; key?: string }> }>;
  uncited: string[];
}
export interface FileReport {
  path: string;
  citations: Array<{ kind: string; text: string; line: number; column: number; keys: string[]; status: string }>;
  diagnostics: Array<{ code: string; severity: string; message: string; line: number; column: number; endLine: number; endColumn: number }>;
}

export async function checkCommand(args: string[], out: (text: string) => void): Promise<number> {
  const { positional, options } = parseOptions(args, ['bib', 'format', 'author-date']);
  const format = options.get('format')?.at(-1) ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`unknown format '${format}' (text, json or sarif)`);
  const authorDate = options.get('author-date')?.at(-1) ?? 'auto';
  if (authorDate !== 'auto' && authorDate !== 'on' && authorDate !== 'off') throw new UsageError(`--author-date takes auto, on or off, not '${authorDate}'`);
  const drafts = await expandDrafts(positional);

  const index = new LibraryIndex();
  const load = async (file: string) => {
    const full = path.resolve(file);
    if (!index.has(full)) index.set(await loadLibraryFile(() => readInput(file), full));
    return full;
  };
  const bibPaths: string[] = [];
  for (const file of options.get('bib') ?? []) bibPaths.push(await load(file));

  const report: CheckReport = { files: [], libraries: [], uncited: [] };
  const cited = new Set<string>();
  const scope = new Set<string>(bibPaths);
  for (const draft of drafts) {
    const bytes = await readInput(draft);
    const notText = notTextReason(bytes);
    if (notText) {
      const start = { line: 0, character: 0 };
      report.files.push({ path: draft, citations: [], diagnostics: [toJsonDiagnostic({ code: 'not-text', severity: 'error', message: `${draft}: ${notText}`, range: { start, end: start } })] });
      continue;
    }
    const text = bytes.toString('utf8');
    const full = path.resolve(draft);
    const parsed = new Draft(text, full);
    const { frontMatter } = parsed;
    const missingLibraries: CitemarkDiagnostic[] = [];
    const own: string[] = [];
    const readProjectFile = async (file: string) => {
      try {
        return await readTextIfExists(file);
      } catch (error) {
        if (!(error instanceof RefusedFile)) throw error;
        const start = { line: 0, character: 0 };
        missingLibraries.push({ code: 'missing-library', severity: 'error', message: `Quarto project ${error.message}`, range: { start, end: start } });
        return undefined;
      }
    };
    for (const file of (await libraryPathsFor(full, frontMatter, [], readProjectFile)) ?? []) {
      try {
        own.push(await load(file));
      } catch (error) {
        const message = `Bibliography ${(error as Error).message.replace(/^cannot read /, '')}`;
        missingLibraries.push({ code: 'missing-library', severity: 'error', message, range: bibliographyEntry(parsed, file).range });
      }
    }
    own.forEach((file) => scope.add(file));
    const check = checkDocument(parsed, index.view([...new Set([...bibPaths, ...own])], frontMatter.references), { authorDate });
    check.citedKeys.forEach((key) => cited.add(key));
    const { lines } = parsed;
    report.files.push({
      path: draft,
      citations: check.citations.map((citation) => {
        const { line, character } = lines.positionAt(citation.start);
        return { kind: citation.kind, text: citation.text, line: line + 1, column: character + 1, keys: citation.keys, status: citation.status };
      }),
      diagnostics: [...missingLibraries, ...check.diagnostics].map(toJsonDiagnostic),
    });
  }

  for (const source of index.paths()) {
    const library = index.get(source)!;
    report.libraries.push({
      path: path.relative(process.cwd(), source) || source,
      entries: library.entries.length,
      errors: library.problems.map((problem) => ({ line: problem.line + 1, severity: problem.severity, message: problem.message, key: problem.key })),
    });
  }
  report.uncited = uncitedEntries(index.view([...scope]), cited).map((entry) => entry.key);

  if (format === 'json') out(JSON.stringify(report, null, 2));
  else if (format === 'sarif') out(JSON.stringify(toSarif(report, index), null, 2));
  else out(textReport(report, index));
  const draftProblems = report.files.some((file) => file.diagnostics.some((d) => d.severity === 'error' || d.severity === 'warning'));
  const libraryErrors = report.libraries.some((library) => library.errors.some((e) => e.severity === 'error'));
  return draftProblems || libraryErrors ? 1 : 0;
}

function toJsonDiagnostic(diagnostic: CitemarkDiagnostic): FileReport['diagnostics'][number] {
  const { start, end } = diagnostic.range;
  return {
    code: diagnostic.code,
    severity: diagnostic.severity,
    message: diagnostic.message,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
  };
}

/** `file:line:col severity message [code]` lines, then one summary line per library. */
function textReport(report: CheckReport, index: LibraryIndex): string {
  const lines: string[] = [];
  for (const file of report.files) {
    for (const d of file.diagnostics) lines.push(`${file.path}:${d.line}:${d.column} ${d.severity} ${d.message} [${d.code}]`);
  }
  for (const library of report.libraries) {
    for (const e of library.errors) lines.push(`${library.path}:${e.line}:1 ${e.severity} ${e.message} [library]`);
  }
  for (const source of index.paths()) lines.push(librarySummary(path.relative(process.cwd(), source) || source, index.get(source)!.entries.length, index.get(source)!.problems));
  const citations = report.files.reduce((sum, file) => sum + file.citations.length, 0);
  const problems = report.files.reduce((sum, file) => sum + file.diagnostics.length, 0);
  lines.push(`${report.files.length} draft(s), ${citations} citation(s), ${problems} problem(s); ${report.uncited.length} library entr${report.uncited.length === 1 ? 'y' : 'ies'} never cited.`);
  return lines.map(escapeControls).join('\n');
}

function librarySummary(name: string, entries: number, problems: LibraryProblem[]): string {
  const rejected = problems.filter((problem) => problem.severity === 'error');
  const where = rejected.length === 0 ? '' : ` (line${rejected.length === 1 ? '' : 's'} ${rejected.slice(0, 10).map((p) => p.line + 1).join(', ')}${rejected.length > 10 ? ', …' : ''})`;
  return `${name}: ${entries} entries loaded, ${rejected.length} rejected${where}, ${problems.length - rejected.length} warning(s).`;
}
