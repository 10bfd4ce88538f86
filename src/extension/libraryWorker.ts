// Runs in a worker thread: reads and parses library files so the extension host never waits on a
// 50 MB BibTeX file. It keeps each file's full parse (with every field) to answer CSL look-ups, and
// sends the main thread the compact columnar form (the same as the persisted cache). It also keeps the
// decoded text, so that when a BibTeX file changes only the entries the change touches are read again,
// and then only those entries are sent (a 'patched' reply, see patch.ts).
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { parentPort } from 'worker_threads';
import { readRegularFile, readRegularFileSync, RefusedFile, replaceFileSync } from '../core/files';
import { applyEdits, editLibraryBytes, LooksLikeBetterBibtex, refuseBetterBibtexExport, renameKeyEdits } from '../core/languageFeatures/rename';
import { checkLibraryCache, encodeLibraryCache, encodeLibraryCacheSteps, encodeSearchIndex, isStale, signatureOf, type FileSignature } from '../core/library/cache';
import { keyedEntries } from '../core/library/libraryIndex';
import { diffLibraries, renamePatch, type LibraryPatch } from '../core/library/patch';
import { isBibtexPath, looksLikeLibrary, readEditedLibrary, readLibraryFile, type LibraryRead } from '../core/library/load';
import { endsInsideEntry, looksHalfWritten } from '../core/library/reload';
import { entryToCsl } from '../core/library/toCsl';
import { formatBibliography, formatReference, warmUpFormatter } from '../core/format/format';
import { CitationSearch } from '../core/search/search';
import { runInSlices, runToEnd } from '../core/steps';
import type { CslItem, LibraryEntry } from '../core/types';

export type WorkerRequest =
  /** `full`: reply 'parsed' even when a 'patched' reply would do (the caller lacks the library a patch needs). */
  /** `known`: the SHA-1 of the content the caller already shows; the same content gets an 'unchanged' reply. */
  /** `preview`: how many entries a 'preview' message sends ahead of the parse of a large BibTeX file (see sendPreview). */
  | { id: number; type: 'parse'; path: string; sniff: boolean; cachePath?: string; force?: boolean; full?: boolean; known?: string; maxMB?: number; preview?: number }
  | { id: number; type: 'csl'; path: string; keys: string[] }
  | { id: number; type: 'format'; entries: EntryRef[]; style: string; format: 'text' | 'html'; bibliography: boolean }
  | { id: number; type: 'drop'; path: string }
  /** The persisted cache of a file, checked whole here, if it is of the file as it is (its size and mtime); `preview`: see 'parse', sent first. */
  | { id: number; type: 'cached'; path: string; cachePath: string; preview?: number }
  /** The search index of the file's last read, if that read had this SHA-1 (built after the 'parsed' reply, not before it). */
  | { id: number; type: 'search'; path: string; sha1: string }
  /** Renames a key in the file on disk as last read, at the key's bytes only; the reply is the change to the library (see rename). */
  | { id: number; type: 'rename'; path: string; key: string; newKey: string; cachePath?: string; layoutAccepted?: boolean };

/** A request as the caller writes it: the client adds the id. */
export type WorkerCall = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

export type WorkerReply =
  /** The library in the cache format, without its search index (see 'search'); its buffer is handed over, not copied. */
  | { id: number; type: 'parsed'; encoded: Uint8Array; sha1: string; reread: number }
  /** The search index alone (see encodeSearchIndex), handed over; none if the file was read again since. */
  | { id: number; type: 'search'; encoded?: Uint8Array }
  | { id: number; type: 'unchanged'; sha1: string }
  /** The cache's bytes (handed over), or none when there is no valid and fresh cache. */
  | { id: number; type: 'cached'; encoded?: Uint8Array; sha1?: string }
  /** Sent before the reply to a parse: how far it has got (0 to 1), and what it is doing. */
  | { id: number; type: 'progress'; fraction: number; stage: string }
  /** Sent before the reply to a parse that asked for it: the file's first entries (each key's first), in the cache format. */
  | { id: number; type: 'preview'; encoded: Uint8Array }
  /** The change from the previous read of the file (whose content had the SHA-1 `previousSha1`). */
  | { id: number; type: 'patched'; patch: LibraryPatch; previousSha1: string; sha1: string; reread: number }
  /**
   * 'changing': written to while read; 'half-written': see looksHalfWritten (`force` takes it all the same), 'cut-off' when
   * besides it ends inside an entry (endsInsideEntry); 'refused': see readRegularFile.
   */
  | { id: number; type: 'skipped'; reason: 'not-a-library' | 'unreadable' | 'refused' | 'changing' | 'half-written' | 'cut-off'; message?: string }
  | { id: number; type: 'csl'; items: Array<Record<string, unknown> | null> }
  | { id: number; type: 'formatted'; texts: string[] }
  | { id: number; type: 'done' }
  /** `looksLikeBetterBibtex`: a rename refused only for the file's layout (see LooksLikeBetterBibtex). */
  | { id: number; type: 'error'; message: string; stack?: string; looksLikeBetterBibtex?: boolean };

/** An entry to format: found by key in its library, or given with its CSL item (inline references). */
export interface EntryRef {
  source: string;
  key: string;
  csl?: CslItem;
}

/** A file's last read; its search index is built on first need (for the cache, or asked for). */
interface Library {
  read: LibraryRead;
  /** The first entry of each key: by key, and in file order (what the search indexes). */
  byKey: Map<string, LibraryEntry>;
  unique: LibraryEntry[];
  sha1: string;
  signature: FileSignature;
  search?: CitationSearch;
  /** The file's state (see stateOf) when this read is of what a rename here wrote. */
  written?: string;
}
const libraries = new Map<string, Library>();
/** The work a rename left for after its reply; every request waits for it. */
let settling: Promise<void> = Promise.resolve();

const stateOf = (stat: { size: number; mtimeMs: number }) => `${stat.size}:${stat.mtimeMs}`;

function searchOf(library: Library): CitationSearch {
  return runToEnd(searchStepsOf(library));
}

/** searchOf in steps (see runInSlices); stops once searchOf has built the index meanwhile. */
function* searchStepsOf(library: Library): Generator<void, CitationSearch> {
  const building = CitationSearch.buildSteps(library.unique);
  for (;;) {
    if (library.search) return library.search;
    const step = building.next();
    if (step.done) return (library.search = step.value);
    yield;
  }
}

/** A patch of more entries than this is not worth it: the whole library is sent. */
const MAX_PATCH = 1000;

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  // a rename's own read of the renamed file comes first
  await settling;
  if (request.type === 'drop') {
    libraries.delete(request.path);
    return { id: request.id, type: 'done' };
  }
  if (request.type === 'csl') {
    return { id: request.id, type: 'csl', items: request.keys.map((key) => cslOf({ source: request.path, key }) ?? null) };
  }
  if (request.type === 'rename') return rename(request);
  if (request.type === 'cached') return readCache(request);
  if (request.type === 'search') {
    const library = libraries.get(request.path);
    if (library?.sha1 !== request.sha1) return { id: request.id, type: 'search' };
    return { id: request.id, type: 'search', encoded: encodeSearchIndex(searchOf(library), request.path, library.signature) };
  }
  if (request.type === 'format') {
    // citeproc's first use of a style costs ~0.7 s: here it never holds up the editor's thread, and it
    // waits for the reads and search indexes being made or asked for, which the editor's lists wait for.
    await new Promise((resolve) => setImmediate(resolve)); // (requests sent after this one arrive meanwhile)
    await loading.none();
    const items = request.entries.map(cslOf).filter((item) => item !== undefined);
    const options = { style: request.style, format: request.format };
    const texts = request.bibliography ? [formatBibliography(items, options)] : items.map((item) => formatReference(item, options));
    return { id: request.id, type: 'formatted', texts };
  }
  return inOrder(request.path, () => readAndTake(request));
}

/** Per file, the last read asked for: each read of a file waits for the one asked before it. */
const reads = new Map<string, Promise<unknown>>();

/**
 * Runs the reads of one file in the order they were asked for: two reads in flight at once (a quick
 * second save) could otherwise finish out of order and leave the older version taken last.
 */
function inOrder<T>(file: string, read: () => Promise<T>): Promise<T> {
  const result = (reads.get(file) ?? Promise.resolve()).then(read);
  const settled = result.catch(() => undefined);
  reads.set(file, settled);
  void settled.then(() => {
    if (reads.get(file) === settled) reads.delete(file);
  });
  return result;
}

/** Reads the file (unless it is as this worker last wrote or read it) and takes the read (see take). */
async function readAndTake(request: Extract<WorkerRequest, { type: 'parse' }>): Promise<WorkerReply> {
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
  // (before hashing 50 MB: the preview is not kept, it needs no SHA-1)
  if (request.preview) sendPreview(request.id, request.path, bytes, { size: bytes.length, mtimeMs, sha1: '' }, request.preview);
  const signature = signatureOf(bytes, mtimeMs);
  const unchanged = sameContent(request, signature);
  if (unchanged) return unchanged;
  // (a parse of the content the caller shows already, from its persisted copy, keeps this worker's own copy: nothing loads for the user)
  const parsing = request.known === signature.sha1 ? undefined : (fraction: number) => progress(request.id, 0.05 + 0.5 * fraction, 'parsing');
  parsing?.(0);
  return take(request, readLibraryFile(bytes, request.path, libraries.get(request.path)?.read, undefined, parsing), signature, bytes);
}

/** A BibTeX file larger than this gets a preview (see sendPreview) from its first this many bytes. */
const PREVIEW_BYTES = 512 * 1024;

/**
 * sendPreview from the start of the file alone (a regular file larger than PREVIEW_BYTES): ahead of
 * the persisted cache (56 MB for ACL) or, without one, of the whole read. Its entries are only listed,
 * never kept: they need not wait for the file to hold still as a whole read does.
 */
async function previewStart(id: number, file: string, count: number): Promise<void> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile() || stat.size <= PREVIEW_BYTES) return;
    const start = Buffer.alloc(PREVIEW_BYTES);
    const handle = await fs.open(file, 'r');
    const { bytesRead } = await handle.read(start, 0, PREVIEW_BYTES, 0).finally(() => handle.close());
    sendPreview(id, file, start.subarray(0, bytesRead), { size: stat.size, mtimeMs: stat.mtimeMs, sha1: '' }, count);
  } catch {
    // no preview: the read that follows says what is wrong
  }
}

/**
 * Sends the first `count` entries of a large BibTeX file (its size: the signature's), parsed from
 * `bytes`, its start only (a few ms, where the whole parse of 50 MB takes seconds): the first
 * completion list needs no more. The start is cut
 * before a line beginning with `@`, so the entries before it are whole (a newline byte is never part
 * of a UTF-8 character). A cross-reference to a later entry is not resolved there. Nothing is sent if
 * the start holds fewer entries.
 */
function sendPreview(id: number, file: string, bytes: Buffer, signature: FileSignature, count: number): void {
  if (signature.size <= PREVIEW_BYTES || !isBibtexPath(file)) return;
  const cut = bytes.lastIndexOf('\n@', PREVIEW_BYTES);
  if (cut <= 0) return;
  const { parsed } = readLibraryFile(bytes.subarray(0, cut + 1), file);
  // (not the last entry: an `@` starting a line inside a field would have cut it)
  const first = keyedEntries(parsed.entries.slice(0, -1)).unique.slice(0, count);
  if (first.length < count) return;
  const encoded = encodeLibraryCache({ ...parsed, entries: first, problems: [] }, signature);
  // (copied, not handed over: a few kB, whose buffer may be shared with others)
  parentPort?.postMessage({ id, type: 'preview', encoded } satisfies WorkerReply);
}

/**
 * The bytes the worker holds and the caller shows already (a watcher's second event for one write, a
 * touch): 'unchanged' without parsing them again, which would hold up a rename asked meanwhile.
 */
function sameContent(request: Extract<WorkerRequest, { type: 'parse' }>, signature: FileSignature): WorkerReply | undefined {
  const library = libraries.get(request.path);
  if (!library || request.full || request.force || library.sha1 !== signature.sha1 || request.known !== signature.sha1) return undefined;
  // a touched file (new mtime) needs a cache of its new signature
  const touched = isStale(library.signature, signature);
  library.signature = signature;
  if (touched && request.cachePath) writeCacheLater(request.cachePath, signature, cacheEncoder(library));
  return { id: request.id, type: 'unchanged', sha1: signature.sha1 };
}

/** Per file, the signature of the persisted cache last found valid and fresh: a read of the same content need not write it again. */
const freshCaches = new Map<string, FileSignature>();

/**
 * Reads a persisted cache and checks every index in it (see checkLibraryCache), here rather than on
 * the extension host's thread, which then only wraps the bytes.
 */
async function readCache(request: Extract<WorkerRequest, { type: 'cached' }>): Promise<WorkerReply> {
  const none: WorkerReply = { id: request.id, type: 'cached' };
  if (request.preview) await previewStart(request.id, request.path, request.preview);
  try {
    const [stat, data] = await Promise.all([fs.stat(request.path), fs.readFile(request.cachePath)]);
    const signature = checkLibraryCache(data, request.path);
    if (!signature || isStale(signature, stat)) return none;
    freshCaches.set(request.path, signature);
    // the reply hands the buffer over: it must hold these bytes only
    const encoded = data.byteOffset === 0 && data.buffer.byteLength === data.byteLength ? data : Buffer.from(data);
    return { id: request.id, type: 'cached', encoded, sha1: signature.sha1 };
  } catch {
    return none;
  }
}

/**
 * Renames a key where the last read of the file found it, if the file is still that read: only the
 * key's bytes change, and the file is replaced in one step (never seen half-written). The reply is the
 * change to the library; when it is one entry's key, it is made without reading the file again, and
 * the worker reads the renamed entry again after replying (before any other request).
 */
function rename(request: Extract<WorkerRequest, { type: 'rename' }>): WorkerReply {
  const library = libraries.get(request.path);
  const entry = library?.byKey.get(request.key);
  const name = path.basename(request.path);
  if (!library || !entry) throw new Error(`'${request.key}' is not in ${name} as last read: try again in a moment.`);
  const bytes = readRegularFileSync(request.path);
  const { text, encoding } = library.read;
  refuseBetterBibtexExport(text, request.path, request.layoutAccepted);
  // the key, and the crossref/xdata references to it
  const edits = renameKeyEdits(request.key, request.newKey, entry, text, [], library.byKey, library.read.parsed).sort((a, b) => a.start - b.start);
  if (edits.length === 0) return { id: request.id, type: 'done' };
  // the new file as pieces of the old bytes and the new keys' bytes: 50 MB are neither copied nor compared
  const renamed = editLibraryBytes(bytes, text, encoding, edits);
  const hashes = sha1sOf(bytes, renamed);
  if (hashes.before !== library.sha1) throw new Error(`${name} changed on disk since it was read: try again in a moment.`);
  const written = replaceFileSync(request.path, renamed);
  const signature: FileSignature = { size: written.size, mtimeMs: written.mtimeMs, sha1: hashes.after };
  const ends: [number, number] = [edits[0].start, text.length - edits[edits.length - 1].end];
  const readRenamed = () => readEditedLibrary(library.read, request.path, applyEdits(text, edits), ends);
  const patch = edits.length === 1 ? renamePatch(library.read.parsed, entry, request.newKey, edits[0], signature) : undefined;
  if (!patch) {
    const reply = take(request, readRenamed(), signature);
    // (take keeps the new read unless it skipped it)
    if (reply.type === 'parsed' || reply.type === 'patched') libraries.get(request.path)!.written = stateOf(written);
    return reply;
  }
  settling = new Promise((resolve) => setImmediate(() => {
    try {
      const kept = keep(request.path, readRenamed(), signature);
      kept.written = stateOf(written);
      if (request.cachePath) writeCacheLater(request.cachePath, signature, cacheEncoder(kept));
    } catch {
      libraries.delete(request.path); // the next read is a whole one
    } finally {
      resolve();
    }
  }));
  return { id: request.id, type: 'patched', patch, previousSha1: library.sha1, sha1: signature.sha1, reread: 1 };
}

/** The SHA-1 of a file's bytes, and of its edit (see editLibraryBytes), whose first piece is the bytes' start: it is hashed once. */
function sha1sOf(bytes: Buffer, edited: readonly Uint8Array[]): { before: string; after: string } {
  const start = createHash('sha1').update(edited[0]);
  const after = start.copy();
  for (const piece of edited.slice(1)) after.update(piece);
  return { before: start.update(bytes.subarray(edited[0].length)).digest('hex'), after: after.digest('hex') };
}

/** Keeps a read of the file as the worker's library of it (CSL look-ups, the next edit). */
function keep(file: string, read: LibraryRead, signature: FileSignature): Library {
  const { byKey, unique } = keyedEntries(read.parsed.entries);
  const library: Library = { read, byKey, unique, sha1: signature.sha1, signature };
  libraries.set(file, library);
  // (after the search index the editor asks for next, and the cache)
  setTimeout(warmUpOnce, WARM_UP_AFTER_MS);
  return library;
}

/** The library's persisted cache, made in steps; its search index is built here, not on the extension host's thread, and kept with the library. */
function cacheEncoder(library: Library): () => Generator<void, Uint8Array> {
  return function* () {
    return yield* encodeLibraryCacheSteps(library.read.parsed, library.signature, yield* searchStepsOf(library));
  };
}

/** Takes a new read of the file (made reusing its previous read, from `bytes` when read from disk) and replies with the library or the change to it. */
function take(request: { id: number; path: string; cachePath?: string; force?: boolean; full?: boolean; known?: string }, read: LibraryRead, signature: FileSignature, bytes?: Uint8Array): WorkerReply {
  const previous = libraries.get(request.path);
  const { parsed } = read;
  if (!request.force && looksHalfWritten(previous?.read.parsed, parsed, signature.size)) {
    return { id: request.id, type: 'skipped', reason: bytes && isBibtexPath(request.path) && endsInsideEntry(bytes) ? 'cut-off' : 'half-written' };
  }
  const library = keep(request.path, read, signature);
  // after a full read (an edit of an @string, say) the whole library is sent
  const reused = previous && !request.full && read.reread <= MAX_PATCH && read.reread < parsed.entries.length;
  const patch = reused ? diffLibraries(previous.read.parsed, parsed, signature, MAX_PATCH) : undefined;
  const encode = cacheEncoder(library);
  const cached = freshCaches.get(request.path);
  freshCaches.delete(request.path);
  if (patch) {
    if (request.cachePath) writeCacheLater(request.cachePath, signature, encode);
    return { id: request.id, type: 'patched', patch, previousSha1: previous!.sha1, sha1: signature.sha1, reread: read.reread };
  }
  if (signature.sha1 === request.known && !request.full) {
    // The cache the caller shows is of these bytes already, unless the file was touched since.
    if (cached && !isStale(cached, signature)) freshCaches.set(request.path, cached);
    else if (request.cachePath) writeCacheLater(request.cachePath, signature, encode);
    return { id: request.id, type: 'unchanged', sha1: signature.sha1 };
  }
  progress(request.id, 0.6, 'indexing');
  // The library goes first, without its search index: the editor can check drafts and list entries
  // meanwhile. The index follows when asked for ('search'); the cache is written with it.
  const encoded = encodeLibraryCache(parsed, signature);
  if (request.cachePath) writeCacheLater(request.cachePath, signature, encode);
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
  const temporary = `${cachePath}.${process.pid}.tmp`;
  const done: Promise<void> = (cacheWrites.get(cachePath)?.done ?? Promise.resolve())
    .then(async () => {
      const bytes = await runInSlices(encode(), 10, async () => {
        await handling.none();
        if (overtaken()) throw new Error('overtaken');
      });
      // whole or not at all: a reader (the next start, another window) never sees a part of it
      await fs.writeFile(temporary, bytes);
      await fs.rename(temporary, cachePath);
      cacheWritten.set(cachePath, version);
    })
    .catch(() => fs.rm(temporary, { force: true }).catch(() => undefined))
    .finally(() => {
      if (!overtaken()) cacheWrites.delete(cachePath);
    });
  cacheWrites.set(cachePath, { done, version });
}

/** A count of requests being handled, and a wait for there to be none. */
class InFlight {
  private count = 0;
  private readonly waiters: Array<() => void> = [];
  add(): void {
    this.count++;
  }
  done(): void {
    if (--this.count === 0) this.waiters.splice(0).forEach((resolve) => resolve());
  }
  none(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}
/** Every request: background work (the cache writer) waits for none. */
const handling = new InFlight();
/** Every request but formatting: formatting waits for none. */
const loading = new InFlight();

function cslOf(ref: EntryRef): CslItem | undefined {
  if (ref.csl) return ref.csl;
  const entry = libraries.get(ref.source)?.byKey.get(ref.key);
  return entry ? entryToCsl(entry) : undefined;
}

parentPort?.on('message', (request: WorkerRequest) => {
  const counts = request.type === 'format' ? [handling] : [handling, loading];
  counts.forEach((count) => count.add());
  handle(request)
    .then(
      (reply) => parentPort!.postMessage(reply, 'encoded' in reply && reply.encoded ? [reply.encoded.buffer as ArrayBuffer] : []),
      (error: Error) => parentPort!.postMessage({
        id: request.id, type: 'error', message: error.message, stack: error.stack, looksLikeBetterBibtex: error instanceof LooksLikeBetterBibtex,
      } satisfies WorkerReply),
    )
    .finally(() => {
      counts.forEach((count) => count.done());
    });
});

/** The formatter's warm-up (~0.7 s) waits this long after the first read. */
const WARM_UP_AFTER_MS = 2000;
let warm = false;
function warmUpOnce(): void {
  if (warm) return;
  warm = true;
  warmUpFormatter('apa');
}
