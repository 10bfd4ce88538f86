// Runs in a worker thread: reads and parses library files so the extension host never waits on a
// 50 MB BibTeX file. It keeps each file's full parse (with every field) to answer CSL look-ups, and
// sends the main thread the compact columnar form (the same as the persisted cache).
import { promises as fs } from 'fs';
import { parentPort } from 'worker_threads';
import { encodeLibraryCache, signatureOf } from '../core/library/cache';
import { looksLikeLibrary, parseLibraryFile } from '../core/library/load';
import { looksHalfWritten } from '../core/library/reload';
import { entryToCsl } from '../core/library/toCsl';
import type { LibraryEntry, ParsedLibrary } from '../core/types';

export type WorkerRequest =
  | { id: number; type: 'parse'; path: string; sniff: boolean; cachePath?: string; force?: boolean }
  | { id: number; type: 'csl'; path: string; keys: string[] }
  | { id: number; type: 'drop'; path: string };

export type WorkerReply =
  | { id: number; type: 'parsed'; encoded: string; sha1: string }
  | { id: number; type: 'skipped'; reason: 'not-a-library' | 'unreadable' | 'half-written'; message?: string }
  | { id: number; type: 'csl'; items: Array<Record<string, unknown> | null> }
  | { id: number; type: 'done' }
  | { id: number; type: 'error'; message: string };

const libraries = new Map<string, { parsed: ParsedLibrary; byKey: Map<string, LibraryEntry> }>();

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  if (request.type === 'drop') {
    libraries.delete(request.path);
    return { id: request.id, type: 'done' };
  }
  if (request.type === 'csl') {
    const library = libraries.get(request.path);
    const items = request.keys.map((key) => {
      const entry = library?.byKey.get(key);
      return entry ? entryToCsl(entry) : null;
    });
    return { id: request.id, type: 'csl', items };
  }
  let bytes: Buffer;
  let mtimeMs: number;
  try {
    [bytes, { mtimeMs }] = await Promise.all([fs.readFile(request.path), fs.stat(request.path)]);
  } catch (error) {
    return { id: request.id, type: 'skipped', reason: 'unreadable', message: (error as Error).message };
  }
  if (request.sniff && !looksLikeLibrary(request.path, bytes)) return { id: request.id, type: 'skipped', reason: 'not-a-library' };
  const parsed = parseLibraryFile(bytes, request.path);
  if (!request.force && looksHalfWritten(libraries.get(request.path)?.parsed, parsed, bytes.length)) {
    return { id: request.id, type: 'skipped', reason: 'half-written' };
  }
  const byKey = new Map<string, LibraryEntry>();
  for (const entry of parsed.entries) if (!byKey.has(entry.key)) byKey.set(entry.key, entry);
  libraries.set(request.path, { parsed, byKey });
  const signature = signatureOf(bytes, mtimeMs);
  const encoded = encodeLibraryCache(parsed, signature);
  if (request.cachePath) await fs.writeFile(request.cachePath, encoded).catch(() => undefined);
  return { id: request.id, type: 'parsed', encoded, sha1: signature.sha1 };
}

parentPort?.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (reply) => parentPort!.postMessage(reply),
    (error: Error) => parentPort!.postMessage({ id: request.id, type: 'error', message: error.message } satisfies WorkerReply),
  );
});
