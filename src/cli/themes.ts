// `citemark themes [files or folders…] [--codebook FILE] [--bib FILE]… [--keywords] [--format md|csv|json|synthesis-md|synthesis-html]`:
// prints the synthesis matrix of the drafts' theme tags, the same matrix as the editor's webview, or the
// synthesis table (each passage quoted under its source and theme).
// `citemark themes --codebook-from FILE.qdc [--codebook FILE]`: a REFI-QDA codebook into themes.yaml
// (or, when that exists, into a new file beside it); `--codebook-to FILE.qdc`: the codebook out as .qdc.
// Codebook and library problems go to stderr as warnings; exit 0, or 2 on bad usage / unreadable input.
// Every output but JSON, and every warning, has its control and bidi characters escaped (escapeControls).
import { promises as fs } from 'fs';
import * as path from 'path';
import { libraryPathsFor } from '../core/check';
import { parseLibraryFile } from '../core/library/load';
import { Draft } from '../core/draft';
import { parseCodebook } from '../core/themes/codebook';
import { tagDiagnostics } from '../core/themes/tags';
import { codebookToQdc, qdcToThemes, readQdc, themesYaml } from '../core/themes/qdc';
import { buildMatrix, type MatrixDraft } from '../core/themes/matrix';
import { EXPORT_FORMATS, type ExportFormat } from '../core/themes/matrixHtml';
import type { LibraryEntry } from '../core/types';
import { escapeControlsByLine, expandDrafts, parseOptions, readInput, UsageError, warn, warnLibraryErrors } from './io';

export async function themesCommand(args: string[], out: (text: string) => void): Promise<number> {
  const keywordsAsTags = args.includes('--keywords');
  const { positional, options } = parseOptions(args.filter((arg) => arg !== '--keywords'), ['codebook', 'bib', 'format', 'codebook-from', 'codebook-to']);
  const qdcIn = options.get('codebook-from')?.at(-1);
  if (qdcIn !== undefined) return importCodebook(qdcIn, options.get('codebook')?.at(-1) ?? 'themes.yaml', out);
  const qdcOut = options.get('codebook-to')?.at(-1);
  if (qdcOut !== undefined) return exportCodebook(qdcOut, options.get('codebook')?.at(-1) ?? (await defaultCodebook(positional.length > 0 ? await expandDrafts(positional) : ['.'])), out);
  const format = options.get('format')?.at(-1) ?? 'md';
  if (format !== 'json' && !Object.hasOwn(EXPORT_FORMATS, format)) throw new UsageError(`unknown format '${format}' (md, csv, json, synthesis-md or synthesis-html)`);
  const draftPaths = await expandDrafts(positional);

  const codebookPath = options.get('codebook')?.at(-1) ?? (await defaultCodebook(draftPaths));
  const codebookText = (await readInput(codebookPath)).toString('utf8');
  const codebook = parseCodebook(codebookText, codebookPath);
  for (const problem of codebook.diagnostics) warn(`${codebookPath}:${problem.range.start.line + 1}: ${problem.message}`);

  const entries = new Map<string, LibraryEntry>();
  const loaded = new Set<string>();
  const load = async (file: string, required: boolean) => {
    const full = path.resolve(file);
    if (loaded.has(full)) return;
    loaded.add(full);
    let bytes: Buffer;
    try {
      bytes = await readInput(file);
    } catch (error) {
      if (required) throw error;
      return warn(`${(error as Error).message} (named in front matter)`);
    }
    const library = parseLibraryFile(bytes, full);
    warnLibraryErrors(file, library.problems);
    for (const entry of library.entries) if (!entries.has(entry.key)) entries.set(entry.key, entry);
  };
  for (const file of options.get('bib') ?? []) await load(file, true);

  const drafts: MatrixDraft[] = [];
  for (const draftPath of draftPaths) {
    const text = (await readInput(draftPath)).toString('utf8');
    const parsed = new Draft(text, path.resolve(draftPath));
    const { frontMatter } = parsed;
    for (const file of (await libraryPathsFor(path.resolve(draftPath), frontMatter)) ?? []) await load(file, false);
    for (const entry of frontMatter.references) if (!entries.has(entry.key)) entries.set(entry.key, entry);
    // (a tag naming no theme is left out of the matrix: say so, as the editor does)
    for (const problem of tagDiagnostics(parsed.tags, codebook)) warn(`${draftPath}:${problem.range.start.line + 1}: ${problem.message}`);
    drafts.push({ path: path.relative(process.cwd(), draftPath) || draftPath, text, parsed });
  }

  const matrix = buildMatrix(codebook, drafts, [...entries.values()], { keywordsAsTags });
  out(format === 'json' ? JSON.stringify(matrix, null, 2) : escapeControlsByLine(EXPORT_FORMATS[format as ExportFormat].write(matrix)));
  return 0;
}

/** Writes the codebook of `qdcPath` to `target`, or beside it when `target` exists: never over a file. */
async function importCodebook(qdcPath: string, target: string, out: (text: string) => void): Promise<number> {
  let qdc;
  try {
    qdc = readQdc((await readInput(qdcPath)).toString('utf8'));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${qdcPath}: ${(error as Error).message}`);
  }
  const existingText = await fs.readFile(target, 'utf8').catch(() => undefined);
  const destination = existingText === undefined ? target : target.replace(/(\.ya?ml)?$/i, '.imported$1');
  // Codes that went out from this codebook come back under their ids (matched by GUID).
  const { themes, lost } = qdcToThemes(qdc, existingText === undefined ? undefined : parseCodebook(existingText, target));
  const header = `Codebook imported from ${path.basename(qdcPath)}${qdc.origin ? ` (${qdc.origin})` : ''}.`;
  try {
    await fs.writeFile(destination, themesYaml(themes, header), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${target} and ${destination} exist: move one away or give --codebook NEW.yaml`);
    throw new UsageError(`cannot write ${destination}: ${(error as Error).message}`);
  }
  for (const message of lost) warn(message);
  out(`${themes.length} theme${themes.length === 1 ? '' : 's'} written to ${destination}${existingText === undefined ? '' : ` (${target} exists and was left as it is)`}`);
  return 0;
}

async function exportCodebook(qdcPath: string, codebookPath: string, out: (text: string) => void): Promise<number> {
  const codebook = parseCodebook((await readInput(codebookPath)).toString('utf8'), codebookPath);
  for (const problem of codebook.diagnostics) warn(`${codebookPath}:${problem.range.start.line + 1}: ${problem.message}`);
  let xml: string;
  try {
    xml = codebookToQdc(codebook);
  } catch (error) {
    throw new UsageError(`${codebookPath}: ${(error as Error).message}`);
  }
  await fs.writeFile(qdcPath, xml).catch((error: Error) => {
    throw new UsageError(`cannot write ${qdcPath}: ${error.message}`);
  });
  out(`${codebook.themes.length} code${codebook.themes.length === 1 ? '' : 's'} written to ${qdcPath}`);
  return 0;
}

/** `themes.yaml` in the working folder, else beside the first draft. */
async function defaultCodebook(drafts: string[]): Promise<string> {
  const candidates = ['themes.yaml', path.join(path.dirname(drafts[0]), 'themes.yaml')];
  for (const candidate of candidates) {
    if (await fs.stat(candidate).then((stat) => stat.isFile(), () => false)) return candidate;
  }
  throw new UsageError('no codebook: no themes.yaml here or beside the drafts; give one with --codebook FILE');
}
