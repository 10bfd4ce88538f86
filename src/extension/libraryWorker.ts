// Runs in a worker thread: reads and parses library files so the extension host never waits on a
// 50 MB BibTeX file. It keeps each file's full parse (with every field) to answer CSL look-ups, and
// sends the main thread the compact columnar form (the same as the persisted cache). It also keeps the
// decoded text, so that when a BibTeX file changes only the entries the change touches are read again,
// and then only those entries are sent (a 'patched' reply, see patch.ts).
import { promises as fs } from 'fs';
import * as path from 'path';
import { parentPort } from 'worker_threads';
import { readRegularFile, RefusedFile, replaceFile } from '../core/files';
import { applyEdits, editLibraryBytes, refuseBetterBibtexExport, renameKeyEdits } from '../core/languageFeatures/rename';
import { encodeLibraryCacheSteps, signatureOf, type FileSignature } from '../core/library/cache';
import { keyedEntries } from '../core/library/libraryIndex';
import { diffLibraries, type LibraryPatch } from '../core/library/patch';
import { looksLikeLibrary, readLibraryFile, type LibraryRead } from '../core/library/load';
import { looksHalfWritten } from '../core/library/reload';
import { entryToCsl } from '../core/library/toCsl';
import { formatBibliography, formatReference, warmUpFormatter } from '../core/format/format';
import { CitationSearch } from '../core/search/search';
import { runInSlices, runToEnd } from '../core/steps';
import type { CslItem, LibraryEntry } from '../core/types';

export type WorkerRequest =
  /** `full`: reply 'parsed' even when a 'patched' reply would do (the caller lacks the library a patch needs). */
  /** `known`: the SHA-1 of the content the caller already shows; the same content gets an 'unchanged' reply. */
  | { id: number; type: 'parse'; path: string; sniff: boolean; cachePath?: string; force?: boolean; full?: boolean; known?: string; maxMB?: number }
  | { id: number; type: 'csl'; path: string; keys: string[] }
  | { id: number; type: 'format'; entries: EntryRef[]; style: string; format: 'text' | 'html'; bibliography: boolean }
  | { id: number; type: 'drop'; path: string }
  /** Renames a key in the file on disk as last read, at the key's bytes only; the reply is the new read. */
  | { id: number; type: 'rename'; path: string; key: string; newKey: string; cachePath?: string };

/** A request as the caller writes it: the client adds the id. */
export type WorkerCall = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

export type WorkerReply =
  /** The library and its search index in the cache format (its buffer is handed over, not copied). */
  | { id: number; type: 'parsed'; encoded: Uint8Array; sha1: string; reread: number }
  | { id: number; type: 'unchanged'; sha1: string }
  /** Sent before the reply to a parse: how far it has got (0 to 1), and what it is doing. */
  | { id: number; type: 'progress'; fraction: number; stage: string }
  /** The change from the previous read of the file (whose content had the SHA-1 `previousSha1`). */
  | { id: number; type: 'patched'; patch: LibraryPatch; previousSha1: string; sha1: string; reread: number }
  /** 'changing': written to while read; 'half-written': see looksHalfWritten (`force` takes it all the same); 'refused': see readRegularFile. */
  | { id: number; type: 'skipped'; reason: 'not-a-library' | 'unreadable' | 'refused' | 'changing' | 'half-written'; message?: string }
  | { id: number; type: 'csl'; items: Array<Record<string, unknown> | null> }
  | { id: number; type: 'formatted'; texts: string[] }
  | { id: number; type: 'done' }
  | { id: number; type: 'error'; message: string; stack?: string };

/** An entry to format: found by key in its library, or given with its CSL item (inline references). */
export interface EntryRef {
  source: string;
  key: string;
  csl?: CslItem;
}

/** Per file, its last read; `written`: the file's state (see stateOf) when that read is of what a rename wrote. */
const libraries = new Map<string, { read: LibraryRead; byKey: Map<string, LibraryEntry>; sha1: string; written?: string }>();
/** Per file, the rename being made in it: a read of the file waits for it. */
const renaming = new Map<string, Promise<unknown>>();

const stateOf = (stat: { size: number; mtimeMs: number }) => `${stat.size}:${stat.mtimeMs}`;
/** A patch of more entries than this is not worth it: the whole library is sent. */
const MAX_PATCH = 1000;

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  if (request.type === 'drop') {
    libraries.delete(request.path);
    return { id: request.id, type: 'done' };
  }
  if (request.type === 'csl') {
    return { id: request.id, type: 'csl', items: request.keys.map((key) => cslOf({ source: request.path, key }) ?? null) };
  }
  if (request.type === 'rename') {
    const renamed = rename(request);
    const done = renamed.catch(() => undefined).finally(() => {
      if (renaming.get(request.path) === done) renaming.delete(request.path);
    });
    renaming.set(request.path, done);
    return renamed;
  }
  if (request.type === 'format') {
    // citeproc's first use of a style costs ~0.7 s: here it never holds up the editor.
    const items = request.entries.map(cslOf).filter((item) => item !== undefined);
    const options = { style: request.style, format: request.format };
    const texts = request.bibliography ? [formatBibliography(items, options)] : items.map((item) => formatReference(item, options));
    return { id: request.id, type: 'formatted', texts };
  }
  await renaming.get(request.path);
  let bytes: Buffer;
  let mtimeMs: number;
  try {
    const before = await fs.stat(request.path);
    // The file as a rename here wrote it (the watcher tells the extension of that write too): nothing to read.
    const last = libraries.get(request.path);
    if (last?.written === stateOf(before) && !request.full) return { id: request.id, type: 'unchanged', sha1: last.sha1 };
    bytes = await readRegularFile(request.path, request.maxMB);
    const after = await fs.stat(request.path);
    // Written to (or replaced) while it was read: these bytes may be no whole version of the file.
    if (after.mtimeMs !== before.mtimeMs || after.size !== before.size || bytes.length !== after.size) {
      return { id: request.id, type: 'skipped', reason: 'changing' };
    }
    mtimeMs = after.mtimeMs;
  } catch (error) {
    if (error instanceof RefusedFile) return { id: request.id, type: 'skipped', reason: 'refused', message: error.message };
    return { id: request.id, type: 'skipped', reason: 'unreadable', message: (error as Error).message };
  }
  if (request.sniff && !looksLikeLibrary(request.path, bytes)) return { id: request.id, type: 'skipped', reason: 'not-a-library' };
  return take(request, bytes, mtimeMs);
}

/**
 * Renames a key where the last read of the file found it, if the file is still that read: only the
 * key's bytes change, and the file is replaced in one step (never seen half-written).
 */
async function rename(request: Extract<WorkerRequest, { type: 'rename' }>): Promise<WorkerReply> {
  const library = libraries.get(request.path);
  const entry = library?.byKey.get(request.key);
  const name = path.basename(request.path);
  if (!library || !entry) throw new Error(`'${request.key}' is not in ${name} as last read: try again in a moment.`);
  const bytes = await readRegularFile(request.path);
  if (signatureOf(bytes, 0).sha1 !== library.sha1) throw new Error(`${name} changed on disk since it was read: try again in a moment.`);
  const { text, encoding } = library.read;
  refuseBetterBibtexExport(text, request.path);
  // the key, and the crossref/xdata references to it; made from the last, so earlier offsets still hold
  const edits = renameKeyEdits(request.key, request.newKey, entry, text, [], library.byKey).sort((a, b) => b.start - a.start);
  if (edits.length === 0) return { id: request.id, type: 'done' };
  let renamed = bytes;
  for (const edit of edits) renamed = editLibraryBytes(renamed, text, encoding, edit);
  const written = await replaceFile(request.path, renamed);
  const renamedText = applyEdits(text, edits);
  const reply = take(request, renamed, written.mtimeMs, { text: renamedText, encoding });
  // (take keeps the new read unless it skipped it)
  if (reply.type === 'parsed' || reply.type === 'patched') libraries.get(request.path)!.written = stateOf(written);
  return reply;
}

/** Parses bytes of the file (reusing its previous read) and replies with the library or the change to it. */
function take(request: { id: number; path: string; cachePath?: string; force?: boolean; full?: boolean; known?: string }, bytes: Buffer, mtimeMs: number, decoded?: { text: string; encoding: string }): WorkerReply {
  progress(request.id, 0.05, 'parsing');
  const previous = libraries.get(request.path);
  const read = readLibraryFile(bytes, request.path, previous?.read, decoded);
  const { parsed } = read;
  if (!request.force && looksHalfWritten(previous?.read.parsed, parsed, bytes.length)) {
    return { id: request.id, type: 'skipped', reason: 'half-written' };
  }
  const byKey = new Map<string, LibraryEntry>();
  for (const entry of parsed.entries) if (!byKey.has(entry.key)) byKey.set(entry.key, entry);
  const signature = signatureOf(bytes, mtimeMs);
  libraries.set(request.path, { read, byKey, sha1: signature.sha1 });
  // citeproc's warm-up (~0.7 s) once this reply is sent and no other request waits
  void whenIdle().then(warmUpOnce);
  // after a full read (an edit of an @string, say) the whole library is sent
  const reused = previous && !request.full && read.reread <= MAX_PATCH && read.reread < parsed.entries.length;
  const patch = reused ? diffLibraries(previous.read.parsed, parsed, signature, MAX_PATCH) : undefined;
  // The search index is built here, not on the extension host's thread, and sent and kept with the library.
  const encode = function* () {
    const search = yield* CitationSearch.buildSteps(keyedEntries(parsed.entries).unique);
    return yield* encodeLibraryCacheSteps(parsed, signature, search);
  };
  if (patch) {
    if (request.cachePath) writeCacheLater(request.cachePath, signature, encode);
    return { id: request.id, type: 'patched', patch, previousSha1: previous!.sha1, sha1: signature.sha1, reread: read.reread };
  }
  if (signature.sha1 === request.known && !request.full) {
    if (request.cachePath) writeCacheLater(request.cachePath, signature, encode);
    return { id: request.id, type: 'unchanged', sha1: signature.sha1 };
  }
  progress(request.id, 0.6, 'indexing');
  const encoded = runToEnd(encode());
  // The reply hands its buffer over: the cache is written from a copy.
  if (request.cachePath) {
    const copy = Buffer.from(encoded);
    writeCacheLater(request.cachePath, signature, function* () {
      return copy;
    });
  }
  return { id: request.id, type: 'parsed', encoded, sha1: signature.sha1, reread: read.reread };
}

function progress(id: number, fraction: number, stage: string): void {
  parentPort?.postMessage({ id, type: 'progress', fraction, stage } satisfies WorkerReply);
}

/** Per cache file: the last write asked for (each waits for the one before), and the version of the file it is of. */
const cacheWrites = new Map<string, { done: Promise<void>; version: string }>();
/** Per cache file: the version of the file it was last written with. */
const cacheWritten = new Map<string, string>();

/**
 * Writes a cache file between requests: encoding a 50 MB library takes 1 s or more, so it runs in
 * slices, and only while no request is being handled (a rename, a hover's formatting never waits
 * behind it). One write at a time per file; a write overtaken by a newer one stops; the version last
 * written is not written again.
 */
function writeCacheLater(cachePath: string, signature: FileSignature, encode: () => Generator<void, Uint8Array>): void {
  const version = `${signature.sha1}:${signature.size}:${signature.mtimeMs}`;
  if ((cacheWrites.get(cachePath)?.version ?? cacheWritten.get(cachePath)) === version) return;
  const overtaken = () => cacheWrites.get(cachePath)?.done !== done;
  const done: Promise<void> = (cacheWrites.get(cachePath)?.done ?? Promise.resolve())
    .then(async () => {
      const bytes = await runInSlices(encode(), 10, async () => {
        await whenIdle();
        if (overtaken()) throw new Error('overtaken');
      });
      await fs.writeFile(cachePath, bytes);
      cacheWritten.set(cachePath, version);
    })
    .catch(() => undefined)
    .finally(() => {
      if (!overtaken()) cacheWrites.delete(cachePath);
    });
  cacheWrites.set(cachePath, { done, version });
}

/** Requests being handled; background work waits for none (see whenIdle). */
let handling = 0;
const idleWaiters: Array<() => void> = [];

function whenIdle(): Promise<void> {
  return handling === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
}

function cslOf(ref: EntryRef): CslItem | undefined {
  if (ref.csl) return ref.csl;
  const entry = libraries.get(ref.source)?.byKey.get(ref.key);
  return entry ? entryToCsl(entry) : undefined;
}

parentPort?.on('message', (request: WorkerRequest) => {
  handling++;
  handle(request)
    .then(
      (reply) => parentPort!.postMessage(reply, reply.type === 'parsed' ? [reply.encoded.buffer as ArrayBuffer] : []),
      (error: Error) => parentPort!.postMessage({ id: request.id, type: 'error', message: error.message, stack: error.stack } satisfies WorkerReply),
    )
    .finally(() => {
      if (--handling === 0) idleWaiters.splice(0).forEach((resolve) => resolve());
    });
});

let warm = false;
function warmUpOnce(): void {
  if (warm) return;
  warm = true;
  warmUpFormatter('apa');
}
