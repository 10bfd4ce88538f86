// `citemark themes [files or folders…] [--codebook FILE] [--bib FILE]… [--keywords] [--format md|csv|json]`:
// prints the synthesis matrix of the drafts' theme tags, the same matrix as the editor's webview.
// Codebook and library problems go to stderr as warnings; exit 0, or 2 on bad usage / unreadable input.
import { promises as fs } from 'fs';
import * as path from 'path';
import { libraryPathsFor } from '../core/check';
import { parseLibraryFile } from '../core/library/load';
import { readFrontMatter } from '../core/markdown/frontMatter';
import { parseCodebook } from '../core/themes/codebook';
import { buildMatrix, type Draft } from '../core/themes/matrix';
import { matrixToCsv, matrixToMarkdown } from '../core/themes/matrixHtml';
import type { LibraryEntry } from '../core/types';
import { expandDrafts, parseOptions, readInput, UsageError } from './io';

export async function themesCommand(args: string[], out: (text: string) => void): Promise<number> {
  const keywordsAsTags = args.includes('--keywords');
  const { positional, options } = parseOptions(args.filter((arg) => arg !== '--keywords'), ['codebook', 'bib', 'format']);
  const format = options.get('format')?.at(-1) ?? 'md';
  if (!['md', 'csv', 'json'].includes(format)) throw new UsageError(`unknown format '${format}' (md, csv or json)`);
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
    for (const problem of library.problems) if (problem.severity === 'error') warn(`${file}:${problem.line + 1}: ${problem.message}`);
    for (const entry of library.entries) if (!entries.has(entry.key)) entries.set(entry.key, entry);
  };
  for (const file of options.get('bib') ?? []) await load(file, true);

  const drafts: Draft[] = [];
  for (const draftPath of draftPaths) {
    const text = (await readInput(draftPath)).toString('utf8');
    const frontMatter = readFrontMatter(text, path.resolve(draftPath));
    for (const file of (await libraryPathsFor(path.resolve(draftPath), frontMatter)) ?? []) await load(file, false);
    for (const entry of frontMatter.references) if (!entries.has(entry.key)) entries.set(entry.key, entry);
    drafts.push({ path: path.relative(process.cwd(), draftPath) || draftPath, text });
  }

  const matrix = buildMatrix(codebook, drafts, [...entries.values()], { keywordsAsTags });
  out(format === 'json' ? JSON.stringify(matrix, null, 2) : format === 'csv' ? matrixToCsv(matrix) : matrixToMarkdown(matrix));
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

function warn(message: string): void {
  process.stderr.write(`citemark: ${message}\n`);
}
