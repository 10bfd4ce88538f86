// Which library a manuscript's author-date citations are linked to, and the `bibliography:` its front
// matter then names: one rule for Convert All, the "Convert to [@key]" code action and `citemark link`.
// Files are read through the caller (the editor's file system, or the disk).
import * as path from 'path';
import type { Draft } from '../draft';
import { parseLibraryFile } from '../library/load';
import type { LibraryEntry } from '../types';
import { extractReferences, type ExtractedLibrary } from './extractReferences';
import { bibliographyPath, linkCitations, type LinkResult } from './linkCitations';

export interface LinkLibrary {
  entries: LibraryEntry[];
  /** The draft's reference list, extracted, to be written at `file` with the edit. */
  create?: { file: string; extracted: ExtractedLibrary };
  /** The library file Extract Reference List wrote before, linked to (see chooseLinkLibrary). */
  reused?: string;
}

export interface LinkFiles {
  /** The file's bytes; undefined if there is none. */
  read(file: string): PromiseLike<Uint8Array | undefined>;
  exists(file: string): PromiseLike<boolean>;
}

const REFERENCES_ENDING = '-references.json';

/** `paper-references.json` for `paper.md` in `folder` (n = 1), `paper-references-2.json` (n = 2)… */
export function referencesPath(draftPath: string, folder: string, n = 1, ending = REFERENCES_ENDING): string {
  const stem = path.basename(draftPath, path.extname(draftPath));
  return path.join(folder, `${stem}${ending.replace(/(\.\w+)$/, n === 1 ? '$1' : `-${n}$1`)}`);
}

/** The first of referencesPath's names not taken. */
export async function freeReferencesPath(draftPath: string, folder: string, exists: LinkFiles['exists'], ending = REFERENCES_ENDING): Promise<string> {
  for (let n = 1; ; n++) {
    const file = referencesPath(draftPath, folder, n, ending);
    if (!(await exists(file))) return file;
  }
}

/**
 * The draft's front matter names a bibliography: that library (`named`). Else the library Extract
 * Reference List wrote in `folder` under the name it proposes (`NAME-references.json`), with any
 * corrections made to it since. Else the draft's own reference list, extracted to that file. Else
 * `named` (the configured libraries).
 */
export async function chooseLinkLibrary(draft: Draft, folder: string, files: LinkFiles, named: () => Promise<LibraryEntry[]>): Promise<LinkLibrary> {
  if (draft.frontMatter.bibliography.length === 0) {
    const written = referencesPath(draft.path, folder);
    const bytes = await files.read(written);
    const entries = bytes && parseLibraryFile(bytes, written).entries;
    if (entries && entries.length > 0) return { entries, reused: written };
    const file = await freeReferencesPath(draft.path, folder, files.exists);
    const extracted = extractReferences(draft, file);
    if (extracted && extracted.references.length > 0) return { entries: extracted.references.map((reference) => reference.entry), create: { file, extracted } };
  }
  return { entries: await named() };
}

/**
 * The library file the front matter should name, relative to `from` (the draft, or where the linked
 * text is written): the extracted one, else the one file that defines the keys linked; undefined when
 * several do (or inline references): the user names them.
 */
function bibliographyFor(draftPath: string, from: string, library: LinkLibrary, keys: Set<string>): string | undefined {
  const files = library.create
    ? [library.create.file]
    : [...new Set(library.entries.filter((entry) => keys.has(entry.key) && entry.source !== draftPath).map((entry) => entry.source))];
  if (files.length !== 1) return undefined;
  return bibliographyPath(from, files[0]);
}

/** The draft's author-date citations linked to the library, with `bibliography:` naming its file (see bibliographyFor). */
export function linkToLibrary(draft: Draft, library: LinkLibrary, from = draft.path, chosen?: ReadonlyMap<number, string>): LinkResult {
  const first = linkCitations(draft, library.entries, { path: draft.path, chosen });
  const bibliography = bibliographyFor(draft.path, from, library, new Set(first.linked.flatMap((citation) => citation.keys)));
  return bibliography ? linkCitations(draft, library.entries, { path: draft.path, bibliography, chosen }) : first;
}

/**
 * The ways to link an ambiguous work of the draft (see LinkResult.ambiguous): for each key it could be (the first
 * `limit`), the entry and the conversion of the citation that holds the work, with that key chosen.
 */
export function linkChoices(draft: Draft, library: LinkLibrary, work: LinkResult['ambiguous'][number], limit = 5): Array<{ entry: LibraryEntry; result: LinkResult }> {
  return work.keys.slice(0, limit).flatMap((key) => {
    const result = linkToLibrary(draft, library, draft.path, new Map([[work.start, key]]));
    const citation = result.linked.find((linked) => linked.start - linked.kept.length <= work.start && work.end <= linked.end && linked.keys.includes(key));
    const entry = library.entries.find((candidate) => candidate.key === key);
    return citation && entry ? [{ entry, result: { ...result, linked: [citation] } }] : [];
  });
}
