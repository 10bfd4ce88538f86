import { promises as fs } from 'fs';
import * as path from 'path';
import { readRegularFile, RefusedFile } from '../core/files';
import { isLibraryPath } from '../core/library/load';
import type { LibraryProblem } from '../core/types';

/** A mistake in the command line or an unreadable input: reported in one line, exit code 2. */
export class UsageError extends Error {}

export const DRAFT_EXTENSIONS = ['.md', '.markdown', '.qmd', '.rmd'];

export function isDraftPath(file: string): boolean {
  return DRAFT_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

/** A file named on the command line or in a draft: regular files only, within the size limit (see readRegularFile). */
export async function readInput(file: string): Promise<Buffer> {
  try {
    return await readRegularFile(file);
  } catch (error) {
    if (error instanceof RefusedFile) throw new UsageError(error.message);
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new UsageError(`cannot read ${file}: ${reason}`);
  }
}

/**
 * The drafts named on the command line (the current folder when none is); a folder stands for every
 * draft below it (node_modules and dot folders skipped). No draft at all is a usage error.
 */
export async function expandDrafts(inputs: string[]): Promise<string[]> {
  const drafts: string[] = [];
  for (const input of inputs.length > 0 ? inputs : ['.']) {
    const stat = await fs.stat(input).catch(() => undefined);
    if (!stat) throw new UsageError(`cannot read ${input}: no such file or folder`);
    if (stat.isDirectory()) drafts.push(...(await draftsBelow(input)));
    else if (isLibraryPath(input) && !isDraftPath(input)) throw new UsageError(`${input} is a library, not a draft: give it with --bib ${input}`);
    else drafts.push(input);
  }
  if (drafts.length === 0) throw new UsageError('no Markdown drafts (.md, .markdown, .qmd, .Rmd) found');
  return drafts;
}

async function draftsBelow(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await fs.readdir(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) found.push(...(await draftsBelow(full)));
    } else if (isDraftPath(entry.name)) {
      found.push(full);
    }
  }
  return found.sort();
}

/**
 * Control characters (C0 but tab, DEL, C1) and bidi controls written as `\u{1b}`: a key or field of a
 * library must not move the cursor, set a terminal title (ESC/OSC sequences) or reorder the line.
 */
export function escapeControls(line: string): string {
  return line.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}

/** A warning on stderr, its control characters escaped (it may quote a draft's or a library's text). */
export function warn(message: string): void {
  process.stderr.write(`citemark: ${escapeControls(message)}\n`);
}

/** A warning for each error of a library file (its entries that could not be read), by its line. */
export function warnLibraryErrors(file: string, problems: LibraryProblem[]): void {
  for (const problem of problems) if (problem.severity === 'error') warn(`${file}:${problem.line + 1}: ${problem.message}`);
}

/** escapeControls over a whole text, its line ends (LF or CRLF) kept. */
export function escapeControlsByLine(text: string): string {
  return text.replace(/(?:(?!\r\n)[^\n])+/g, escapeControls);
}

/** Splits `--name value` options (repeatable) from positional arguments. */
export function parseOptions(args: string[], valued: string[]): { positional: string[]; options: Map<string, string[]> } {
  const positional: string[] = [];
  const options = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inlineValue] = arg.slice(2).split(/=(.*)/s, 2);
    if (!valued.includes(name)) throw new UsageError(`unknown option '--${name}'`);
    const value = inlineValue ?? args[++i];
    if (value === undefined) throw new UsageError(`option '--${name}' needs a value`);
    options.set(name, [...(options.get(name) ?? []), value]);
  }
  return { positional, options };
}
