// `citemark extract FILE [--format csl-json|bibtex] [-o OUT]`: the manuscript's reference list as a library.
// `citemark link FILE [--bib LIB] [-o OUT]`: its author-date citations as Pandoc citations to LIB (or to
// the library extracted from its reference list, written beside it). Results go to OUT or stdout; what
// could not be read or linked goes to stderr with its line. Exit 0: all done; 1: some items or
// citations left; 2: bad usage or unreadable input.
import { promises as fs } from 'fs';
import * as path from 'path';
import { extractReferences, toBibtex, toCslJson, type ExtractedLibrary } from '../core/citations/extractReferences';
import { applyEdits, bibliographyPath, linkCitations, linkEdits, type LinkResult } from '../core/citations/linkCitations';
import { chooseLinkLibrary, linkToLibrary, type LinkFiles } from '../core/citations/linkLibrary';
import { libraryPathsFor } from '../core/check';
import { Draft } from '../core/draft';
import { loadLibraryFile } from '../core/library/load';
import type { LibraryEntry } from '../core/types';
import { parseOptions, readInput, UsageError, warn, warnLibraryErrors } from './io';

export async function extractCommand(args: string[], out: (text: string) => void): Promise<number> {
  const { positional, options } = parseOptions(shortOutput(args), ['format', 'output']);
  const file = single(positional, 'extract');
  const format = options.get('format')?.at(-1) ?? 'csl-json';
  if (format !== 'csl-json' && format !== 'bibtex') throw new UsageError(`unknown format '${format}' (csl-json or bibtex)`);
  const output = options.get('output')?.at(-1);
  const library = extract(new Draft((await readInput(file)).toString('utf8'), file), output ?? file);
  const text = format === 'bibtex' ? toBibtex(library) : toCslJson(library);
  if (output) await fs.writeFile(output, text);
  else out(text);
  warn(`${file}: ${library.references.length} reference(s) extracted, ${library.unread.length} not read.`);
  return library.unread.length > 0 ? 1 : 0;
}

export async function linkCommand(args: string[], out: (text: string) => void): Promise<number> {
  const { positional, options } = parseOptions(shortOutput(args), ['bib', 'output']);
  const file = single(positional, 'link');
  const output = options.get('output')?.at(-1);
  const text = (await readInput(file)).toString('utf8');
  const draft = new Draft(text, file);
  const bib = options.get('bib')?.at(-1);
  let result: LinkResult;
  if (bib) {
    const entries = await readLibrary(bib);
    const bibliography = bibliographyPath(path.resolve(output ?? file), path.resolve(bib));
    result = linkCitations(draft, entries, { path: file, bibliography });
  } else {
    // No library given: the one the front matter names, else the one extracted before beside the
    // manuscript (with any corrections made to it), else its own reference list, extracted there.
    const named = async () => (await Promise.all(((await libraryPathsFor(file, draft.frontMatter)) ?? []).map(readLibrary))).flat();
    const library = await chooseLinkLibrary(draft, path.dirname(output ?? file), diskFiles, named);
    const { create } = library;
    if (create) {
      warnUnread(file, create.extracted);
      await fs.writeFile(create.file, toCslJson(create.extracted));
      warn(`${create.file}: ${create.extracted.references.length} reference(s) extracted from ${file}, ${create.extracted.unread.length} not read.`);
    } else if (library.reused) {
      warn(`${file}: linked to ${library.reused}, extracted before (pass another library with --bib)`);
    } else if (draft.frontMatter.bibliography.length === 0) {
      throw new UsageError(noReferenceList(file));
    }
    result = linkToLibrary(draft, library, output ?? file);
  }
  for (const citation of result.unlinked) warn(`${file}:${citation.line}: not linked: ${citation.text.replace(/\s+/g, ' ')} (${citation.reason})`);
  const linked = applyEdits(text, linkEdits(result));
  if (output) await fs.writeFile(output, linked);
  else out(linked);
  warn(`${file}: ${result.linked.length} citation(s) linked, ${result.unlinked.length} left as text.`);
  return result.unlinked.length > 0 ? 1 : 0;
}

/** The entries of a library file; its errors are warned of. */
async function readLibrary(file: string): Promise<LibraryEntry[]> {
  const library = await loadLibraryFile(() => readInput(file), path.resolve(file));
  warnLibraryErrors(file, library.problems);
  return library.entries;
}

const diskFiles: LinkFiles = {
  read: (file) => fs.readFile(file).catch(() => undefined),
  exists: (file) => fs.stat(file).then(() => true, () => false),
};

/** The draft's reference list as a library at `libraryPath`; the items not read are warned of. */
function extract(draft: Draft, libraryPath: string): ExtractedLibrary {
  const file = draft.path;
  const library = extractReferences(draft, path.resolve(libraryPath));
  if (!library) throw new UsageError(noReferenceList(file));
  warnUnread(file, library);
  return library;
}

const noReferenceList = (file: string) => `${file} has no reference list (a section headed References, Bibliography, Works Cited…)`;

/** Each item of the draft's reference list that Extract could not read, with its line. */
function warnUnread(file: string, library: ExtractedLibrary): void {
  for (const item of library.unread) warn(`${file}:${item.line}: not read (${item.reason}): ${item.text}`);
}

/** `-o OUT` is `--output OUT`. */
function shortOutput(args: string[]): string[] {
  return args.map((arg) => (arg === '-o' ? '--output' : arg));
}

function single(positional: string[], command: string): string {
  if (positional.length !== 1) throw new UsageError(`'citemark ${command}' takes one manuscript`);
  return positional[0];
}
