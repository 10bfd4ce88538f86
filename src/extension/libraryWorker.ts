// Runs in a worker thread: reads and parses library files so the extension host never waits on a
// 50 MB BibTeX file. It keeps each file's full parse (with every field) to answer CSL look-ups, and
// sends the main thread the compact columnar form (the same as the persisted cache). It also keeps the
// decoded text, so that when a BibTeX file changes only the entries the change touches are read again.
import { promises as fs } from 'fs';
import { parentPort } from 'worker_threads';
import { encodeLibraryCache, signatureOf } from '../core/library/cache';
import { looksLikeLibrary, readLibraryFile, type LibraryRead } from '../core/library/load';
import { looksHalfWritten } from '../core/library/reload';
import { entryToCsl } from '../core/library/toCsl';
import { formatBibliography, formatReference, warmUpFormatter } from '../core/format/format';
import type { CslItem, LibraryEntry } from '../core/types';

export type WorkerRequest =
  | { id: number; type: 'parse'; path: string; sniff: boolean; cachePath?: string; force?: boolean }
  | { id: number; type: 'csl'; path: string; keys: string[] }
  | { id: number; type: 'format'; entries: EntryRef[]; style: string; format: 'text' | 'html'; bibliography: boolean }
  | { id: number; type: 'drop'; path: string };

/** A request as the caller writes it: the client adds the id. */
export type WorkerCall = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

export type WorkerReply =
  | { id: number; type: 'parsed'; encoded: string; sha1: string; reread: number }
  | { id: number; type: 'skipped'; reason: 'not-a-library' | 'unreadable' | 'half-written'; message?: string }
  | { id: number; type: 'csl'; items: Array<Record<string, unknown> | null> }
  | { id: number; type: 'formatted'; texts: string[] }
  | { id: number; type: 'done' }
  | { id: number; type: 'error'; message: string };

/** An entry to format: found by key in its library, or given with its CSL item (inline references). */
export interface EntryRef {
  source: string;
  key: string;
  csl?: CslItem;
}

const libraries = new Map<string, { read: LibraryRead; byKey: Map<string, LibraryEntry> }>();

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  if (request.type === 'drop') {
    libraries.delete(request.path);
    return { id: request.id, type: 'done' };
  }
  if (request.type === 'csl') {
    return { id: request.id, type: 'csl', items: request.keys.map((key) => cslOf({ source: request.path, key }) ?? null) };
  }
  if (request.type === 'format') {
    // citeproc's first use of a style costs ~0.7 s: here it never holds up the editor.
    const items = request.entries.map(cslOf).filter((item) => item !== undefined);
    const options = { style: request.style, format: request.format };
    const texts = request.bibliography ? [formatBibliography(items, options)] : items.map((item) => formatReference(item, options));
    return { id: request.id, type: 'formatted', texts };
  }
  let bytes: Buffer;
  let mtimeMs: number;
  try {
    [bytes, { mtimeMs }] = await Promise.all([fs.readFile(request.path), fs.stat(request.path)]);
  } catch (error) {
    return { id: request.id, type: 'skipped', reason: 'unreadable', message: (error as Error).message };
  }
  if (request.sniff && !looksLikeLibrary(request.path, bytes)) return { id: request.id, type: 'skipped', reason: 'not-a-library' };
  const previous = libraries.get(request.path)?.read;
  const read = readLibraryFile(bytes, request.path, previous);
  const { parsed } = read;
  if (!request.force && looksHalfWritten(previous?.parsed, parsed, bytes.length)) {
    return { id: request.id, type: 'skipped', reason: 'half-written' };
  }
  const byKey = new Map<string, LibraryEntry>();
  for (const entry of parsed.entries) if (!byKey.has(entry.key)) byKey.set(entry.key, entry);
  libraries.set(request.path, { read, byKey });
  const signature = signatureOf(bytes, mtimeMs);
  const encoded = encodeLibraryCache(parsed, signature);
  if (request.cachePath) await fs.writeFile(request.cachePath, encoded).catch(() => undefined);
  setImmediate(warmUpOnce);
  return { id: request.id, type: 'parsed', encoded, sha1: signature.sha1, reread: read.reread };
}

function cslOf(ref: EntryRef): CslItem | undefined {
  if (ref.csl) return ref.csl;
  const entry = libraries.get(ref.source)?.byKey.get(ref.key);
  return entry ? entryToCsl(entry) : undefined;
}

parentPort?.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (reply) => parentPort!.postMessage(reply),
    (error: Error) => parentPort!.postMessage({ id: request.id, type: 'error', message: error.message } satisfies WorkerReply),
  );
});

let warm = false;
function warmUpOnce(): void {
  if (warm) return;
  warm = true;
  warmUpFormatter('apa');
}
