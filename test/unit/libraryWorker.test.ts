import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { isDeepStrictEqual } from 'util';
import { checkLibraryCache, decodeLibraryCache, decodeLibraryCacheSteps, decodeSearchIndex, encodeLibraryCache, signatureOf } from '../../src/core/library/cache';
import { CitationSearch } from '../../src/core/search/search';
import { runToEnd } from '../../src/core/steps';
import { parseLibraryFile } from '../../src/core/library/load';
import { applyLibraryPatch } from '../../src/core/library/patch';
import type { LibraryEntry, ParsedLibrary } from '../../src/core/types';
import type { WorkerCall, WorkerReply } from '../../src/extension/libraryWorker';

const messy = path.resolve(__dirname, '../fixtures/bib-messy');

/** The entries a full parse of `text` gives, as they come through the cache (without `fields`). */
function fullParse(text: string, file: string): LibraryEntry[] {
  const bytes = Buffer.from(text);
  return decodeLibraryCache(encodeLibraryCache(parseLibraryFile(bytes, file), signatureOf(bytes, 0)), file)!.parsed.entries;
}

/** The cache file once `done` says it is written (the worker writes it after replying); gives up after 10 s. */
async function cacheOnceWritten(cachePath: string, done: (data: Buffer) => boolean): Promise<Buffer> {
  let data = Buffer.alloc(0);
  for (let waited = 0; waited < 10000; waited += 50) {
    data = await fs.readFile(cachePath).catch(() => Buffer.alloc(0));
    if (done(data)) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return data;
}

/** Whether the data is a cache of `file` that gives back `expected`. */
function holds(data: Buffer, file: string, expected: ParsedLibrary): boolean {
  return isDeepStrictEqual(decodeLibraryCache(data, file)?.parsed, expected);
}

describe('library worker thread', function () {
  this.timeout(30000);
  let worker: Worker;
  let dir: string;
  let nextId = 1;
  /** The stages of the 'progress' messages of the last request, and its 'preview' messages. */
  let progress: string[] = [];
  let previews: Uint8Array[] = [];
  const ask = (request: WorkerCall) =>
    new Promise<WorkerReply>((resolve) => {
      const id = nextId++;
      progress = [];
      previews = [];
      const listener = (reply: WorkerReply) => {
        if (reply.id !== id) return;
        if (reply.type === 'progress') return void progress.push(`${reply.stage} ${reply.fraction}`);
        if (reply.type === 'preview') return void previews.push(reply.encoded);
        worker.off('message', listener);
        resolve(reply);
      };
      worker.on('message', listener);
      worker.postMessage({ ...request, id });
    });

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citemark-worker-'));
    // The worker source is TypeScript: load it through tsx's require hook, as the tests do.
    const source = path.resolve(__dirname, '../../src/extension/libraryWorker.ts');
    worker = new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(source)});`, { eval: true });
    worker.on('error', (error) => {
      throw error;
    });
  });
  after(async () => {
    await worker.terminate();
    await fs.rm(dir, { recursive: true });
  });

  it('parses a real library, writes the cache and answers CSL look-ups from its full parse', async () => {
    const file = path.join(dir, 'examples.bib');
    await fs.copyFile(path.join(messy, 'biber-examples.bib'), file);
    const cachePath = path.join(dir, 'cache.json');
    const reply = await ask({ type: 'parse', path: file, sniff: false, cachePath });
    assert.strictEqual(reply.type, 'parsed');
    const encoded = Buffer.from(reply.type === 'parsed' ? reply.encoded : []);
    const decoded = decodeLibraryCache(encoded, file)!;
    assert.ok(decoded.parsed.entries.length > 100);
    assert.strictEqual(decoded.search, undefined, 'the library comes first, without its search index');
    assert.deepStrictEqual(progress, ['parsing 0.05', 'indexing 0.6'], 'says how far it got before replying');
    // The search index comes when asked for, over the entries the reply gave, and the cache holds both.
    const search = await ask({ type: 'search', path: file, sha1: reply.type === 'parsed' ? reply.sha1 : '' });
    const index = decodeSearchIndex(search.type === 'search' ? search.encoded! : new Uint8Array(), file, decoded.unique);
    const fresh = new CitationSearch(decoded.unique.all());
    for (const query of ['knuth', 'glashow 1961', 'aristotle']) assert.deepStrictEqual(index?.search(query, 10), fresh.search(query, 10), query);
    assert.deepStrictEqual(await ask({ type: 'search', path: file, sha1: 'another read' }), { id: nextId - 1, type: 'search' }, 'no index of another read');
    const cached = decodeLibraryCache(await cacheOnceWritten(cachePath, (data) => decodeLibraryCache(data, file)?.search !== undefined), file);
    assert.deepStrictEqual(cached?.parsed, decoded.parsed, 'the cache holds what was sent');
    assert.deepStrictEqual(cached?.search?.search('knuth', 10), fresh.search('knuth', 10), 'and the search index');
    const key = decoded.parsed.entries[0].key;
    const csl = await ask({ type: 'csl', path: file, keys: [key, 'no-such-key'] });
    assert.strictEqual(csl.type, 'csl');
    if (csl.type === 'csl') {
      assert.strictEqual(csl.items[0]?.id, key);
      assert.ok(csl.items[0]?.title);
      assert.strictEqual(csl.items[1], null);
    }
    const formatted = await ask({ type: 'format', entries: [{ source: file, key }], style: 'apa', format: 'text', bibliography: false });
    assert.strictEqual(formatted.type, 'formatted');
    const title = String(csl.type === 'csl' && csl.items[0]?.title).slice(0, 12);
    assert.ok(formatted.type === 'formatted' && formatted.texts[0].includes(title), JSON.stringify(formatted));
    const inline = { id: 'inline1', type: 'book', title: 'An Inline Book', author: [{ family: 'Doe', given: 'Jane' }], issued: { 'date-parts': [[2021]] } };
    const both = await ask({ type: 'format', entries: [{ source: file, key }, { source: '/draft.md', key: 'inline1', csl: inline }], style: 'apa', format: 'html', bibliography: true });
    assert.ok(both.type === 'formatted' && both.texts.length === 1 && both.texts[0].includes('An Inline Book') && both.texts[0].includes('csl-bib-body'));
    const badStyle = await ask({ type: 'format', entries: [{ source: file, key }], style: path.join(dir, 'missing.csl'), format: 'text', bibliography: false });
    assert.ok(badStyle.type === 'error' && /Cannot read the CSL style/.test(badStyle.message), JSON.stringify(badStyle));
  });

  it('formats after the reads being made: a reference for a hover waits, the library the list waits for does not', async () => {
    const file = path.join(dir, 'order.bib');
    await fs.copyFile(path.join(messy, 'biber-examples.bib'), file);
    const order: string[] = [];
    const listener = (reply: WorkerReply) => void (reply.type === 'formatted' || reply.type === 'parsed' ? order.push(reply.type) : undefined);
    worker.on('message', listener);
    try {
      const book = { id: 'book1', type: 'book', title: 'A Book', author: [{ family: 'Doe', given: 'Jane' }], issued: { 'date-parts': [[2021]] } };
      // A hover while a library is read (the read waits for the file system between its steps).
      const reading = ask({ type: 'parse', path: file, sniff: false });
      const formatting = ask({ type: 'format', entries: [{ source: '/draft.md', key: 'book1', csl: book }], style: 'harvard1', format: 'text', bibliography: false });
      const [formatted, read] = await Promise.all([formatting, reading]);
      assert.ok(formatted.type === 'formatted' && formatted.texts[0].includes('A Book'), JSON.stringify(formatted));
      assert.strictEqual(read.type, 'parsed');
    } finally {
      worker.off('message', listener);
    }
    assert.deepStrictEqual(order, ['parsed', 'formatted']);
  });

  it('sends the first entries of a large BibTeX file ahead of its parse or its cache, as the parse gives them', async () => {
    // biber's examples again and again (keys suffixed) until the file is over 1 MB
    const examples = await fs.readFile(path.join(messy, 'biber-examples.bib'), 'utf8');
    const copies = Math.ceil(1.2e6 / Buffer.byteLength(examples));
    const file = path.join(dir, 'large.bib');
    await fs.writeFile(file, Array.from({ length: copies }, (_, i) => examples.replace(/^(@\w+\{[^,\s]+)/gm, `$1-${i}`)).join('\n'));
    const reply = await ask({ type: 'parse', path: file, sniff: false, preview: 50 });
    assert.strictEqual(reply.type, 'parsed');
    assert.strictEqual(previews.length, 1, 'one preview, before the reply');
    const preview = decodeLibraryCache(Buffer.from(previews[0]), file)!.parsed.entries;
    const parsed = decodeLibraryCache(Buffer.from(reply.type === 'parsed' ? reply.encoded : []), file)!;
    const first = parsed.unique.all().slice(0, 50);
    assert.strictEqual(preview.length, 50);
    // (their fields: a cross-reference to a later entry is resolved by the whole parse only)
    const place = (entry: LibraryEntry) => ({ key: entry.key, type: entry.type, startLine: entry.startLine, endLine: entry.endLine });
    assert.deepStrictEqual(preview.map(place), first.map(place));
    // The same from the file's start alone, ahead of reading the persisted cache (none here).
    const cached = await ask({ type: 'cached', path: file, cachePath: path.join(dir, 'no.index'), preview: 50 });
    assert.deepStrictEqual(cached, { id: cached.id, type: 'cached' });
    assert.strictEqual(previews.length, 1, 'a preview before the cache');
    assert.deepStrictEqual(decodeLibraryCache(Buffer.from(previews[0]), file)!.parsed.entries.map(place), first.map(place));
    const small = path.join(dir, 'small.bib');
    await fs.writeFile(small, examples);
    assert.strictEqual((await ask({ type: 'parse', path: small, sniff: false, preview: 50 })).type, 'parsed');
    assert.strictEqual(previews.length, 0, 'none for a small file: its parse is quick');
  });

  it('says how far the parse of a large file has got as it goes, in steps of at most a tenth', async () => {
    const file = path.join(dir, 'sixty-times.bib');
    const text = await fs.readFile(path.join(messy, 'biber-examples.bib'), 'utf8');
    // the real library 60 times (3.7 MB), its keys made distinct
    await fs.writeFile(file, Array.from({ length: 60 }, (_, copy) => text.replace(/^(@\w+\s*\{\s*)([^,\s]+),/gm, `$1$2-${copy},`)).join('\n'));
    assert.strictEqual((await ask({ type: 'parse', path: file, sniff: false })).type, 'parsed');
    const parsing = progress.filter((stage) => stage.startsWith('parsing ')).map((stage) => Number(stage.split(' ')[1]));
    assert.ok(parsing.length >= 8, progress.join(', '));
    assert.strictEqual(parsing[0], 0.05);
    parsing.forEach((fraction, i) => i > 0 && assert.ok(fraction > parsing[i - 1] && fraction - parsing[i - 1] <= 0.1, progress.join(', ')));
    assert.ok(parsing[parsing.length - 1] > 0.4 && parsing[parsing.length - 1] <= 0.55, progress.join(', '));
    assert.strictEqual(progress[progress.length - 1], 'indexing 0.6');
  });

  it('keeps the previous parse while a file is half-written, and takes it when forced', async () => {
    const file = path.join(dir, 'growing.bib');
    const full = await fs.readFile(path.join(messy, 'biber-examples.bib'));
    await fs.writeFile(file, full);
    assert.strictEqual((await ask({ type: 'parse', path: file, sniff: false })).type, 'parsed');
    await fs.writeFile(file, full.subarray(0, full.lastIndexOf('\n@') + 1));
    const shorter = await ask({ type: 'parse', path: file, sniff: false });
    assert.deepStrictEqual(shorter.type === 'skipped' && shorter.reason, 'half-written', 'cut between two entries');
    await fs.writeFile(file, full.subarray(0, Math.floor(full.length / 2)));
    const half = await ask({ type: 'parse', path: file, sniff: false });
    assert.deepStrictEqual(half.type === 'skipped' && half.reason, 'cut-off', 'cut inside an entry');
    assert.strictEqual((await ask({ type: 'parse', path: file, sniff: false, force: true })).type, 'parsed');
  });

  it('reads again only the entry an edit on disk touches, and sends only that entry', async () => {
    const file = path.join(dir, 'edited.bib');
    const cachePath = path.join(dir, 'edited-cache.json');
    const text = await fs.readFile(path.join(messy, 'biber-examples.bib'), 'utf8');
    await fs.writeFile(file, text);
    const first = await ask({ type: 'parse', path: file, sniff: false, cachePath });
    assert.ok(first.type === 'parsed' && first.reread > 100, JSON.stringify(first.type === 'parsed' && first.reread));
    const before = decodeLibraryCache(first.encoded, file)!.parsed;

    // a new title, one line longer, for an entry in the middle of the file
    const key = 'vangennep';
    const at = text.indexOf('\n  title', text.indexOf(`{${key},`)) + 3;
    const edited = `${text.slice(0, at)}title = {A New Title,\n  on two lines},\n  old${text.slice(at)}`;
    await fs.writeFile(file, edited);
    const second = await ask({ type: 'parse', path: file, sniff: false, cachePath });
    assert.ok(second.type === 'patched' && second.previousSha1 === first.sha1, second.type);
    assert.strictEqual(second.reread, 1, 'only the edited entry was read again');
    assert.deepStrictEqual(decodeLibraryCache(second.patch.changed, file)!.parsed.entries.map((entry) => entry.key), [key], 'only the edited entry is sent');
    const index = before.entries.findIndex((entry) => entry.key === key);
    const [titleBefore, nextLineBefore] = [before.entries[index].title, before.entries[index + 1].startLine];
    const patched = applyLibraryPatch(before, second.patch)!;
    assert.strictEqual(patched.signature.sha1, second.sha1);
    const after = patched.parsed.entries;
    assert.deepStrictEqual(after, fullParse(edited, file), 'the same as a full parse');
    assert.ok(index > 10 && index < after.length - 10);
    assert.strictEqual(after[index].title, 'A New Title, on two lines');
    assert.notStrictEqual(titleBefore, after[index].title);
    assert.strictEqual(after[index + 1].startLine, nextLineBefore + 2);
    // the persisted cache is written after the reply, with the whole library
    const written = decodeLibraryCache(await cacheOnceWritten(cachePath, (data) => holds(data, file, patched.parsed)), file);
    assert.deepStrictEqual(written?.parsed, patched.parsed);
    assert.strictEqual(written?.search?.search('new title', 1)[0]?.key, key, 'with its search index');

    const csl = await ask({ type: 'csl', path: file, keys: [key] });
    assert.strictEqual(csl.type === 'csl' && csl.items[0]?.title, 'A New Title, on two lines', 'CSL look-ups see the edit');
    const unchanged = await ask({ type: 'parse', path: file, sniff: false });
    assert.ok(unchanged.type === 'patched' && unchanged.reread === 0 && unchanged.patch.head === after.length && unchanged.patch.tail === 0);
    const full = await ask({ type: 'parse', path: file, sniff: false, full: true });
    assert.ok(full.type === 'parsed' && full.sha1 === second.sha1, 'asked for in full');
    assert.deepStrictEqual(decodeLibraryCache(full.encoded, file)!.parsed, patched.parsed);
  });

  it('leaves the cache matching the last of two quick edits', async () => {
    const file = path.join(dir, 'quick.bib');
    const cachePath = path.join(dir, 'quick-cache.json');
    const text = await fs.readFile(path.join(messy, 'biber-examples.bib'), 'utf8');
    await fs.writeFile(file, text);
    assert.strictEqual((await ask({ type: 'parse', path: file, sniff: false, cachePath })).type, 'parsed');
    const edits = [text.replace('{Les rites de passage}', '{Les rites, one}'), text.replace('{Les rites de passage}', '{Les rites, two}')];
    // both requests are sent before the first reply comes back
    await fs.writeFile(file, edits[0]);
    const one = ask({ type: 'parse', path: file, sniff: false, cachePath });
    // replaced at once (a rename), so that the first read sees one edit or the other, never half of one
    await fs.writeFile(`${file}.tmp`, edits[1]);
    await fs.rename(`${file}.tmp`, file);
    const two = ask({ type: 'parse', path: file, sniff: false, cachePath });
    const replies = await Promise.all([one, two]);
    // the first read may have seen the file replaced under it: then it says so rather than give those bytes
    assert.ok(replies[0].type === 'patched' || (replies[0].type === 'skipped' && replies[0].reason === 'changing'), JSON.stringify(replies[0]));
    assert.strictEqual(replies[1].type, 'patched');
    const bytes = Buffer.from(edits[1]);
    const expected = fullParse(edits[1], file);
    const expectedCache = decodeLibraryCache(encodeLibraryCache(parseLibraryFile(bytes, file), signatureOf(bytes, 0)), file)!.parsed;
    const cached = decodeLibraryCache(await cacheOnceWritten(cachePath, (data) => holds(data, file, expectedCache)), file);
    assert.deepStrictEqual(cached?.parsed.entries, expected);
    assert.strictEqual(cached?.signature.sha1, signatureOf(bytes, 0).sha1);
  });

  it('renames a key in the file on disk at its bytes only, and replies with the change', async () => {
    const file = path.join(dir, 'rename.bib');
    const original = await fs.readFile(path.join(messy, 'biber-examples.bib'));
    await fs.writeFile(file, original);
    const first = await ask({ type: 'parse', path: file, sniff: false });
    assert.strictEqual(first.type, 'parsed');
    const renamed = await ask({ type: 'rename', path: file, key: 'vangennep', newKey: 'van-gennep-1909' });
    assert.ok(renamed.type === 'patched' && renamed.previousSha1 === (first.type === 'parsed' && first.sha1), renamed.type);
    const at = original.indexOf('{vangennep,') + 1;
    const expected = Buffer.concat([original.subarray(0, at), Buffer.from('van-gennep-1909'), original.subarray(at + 'vangennep'.length)]);
    assert.ok((await fs.readFile(file)).equals(expected), 'only the key changed');
    assert.deepStrictEqual(decodeLibraryCache(renamed.type === 'patched' ? renamed.patch.changed : new Uint8Array(), file)!.parsed.entries.map((entry) => entry.key), ['van-gennep-1909']);
    const taken = await ask({ type: 'rename', path: file, key: 'van-gennep-1909', newKey: 'knuth:ct:a' });
    assert.ok(taken.type === 'error' && /already a key/.test(taken.message), JSON.stringify(taken));
    await fs.appendFile(file, '\n');
    const stale = await ask({ type: 'rename', path: file, key: 'van-gennep-1909', newKey: 'vg1909' });
    assert.ok(stale.type === 'error' && /changed on disk/.test(stale.message), JSON.stringify(stale));
  });

  it('replies to the rename of a key before reading the file again; the requests after it see the renamed library', async () => {
    const file = path.join(dir, 'plain.bib');
    const cachePath = path.join(dir, 'plain.index');
    const original = await fs.readFile(path.join(messy, 'bbt-2660-plus-in-field-name.bib')); // no crossref: one entry changes
    await fs.writeFile(file, original);
    const first = await ask({ type: 'parse', path: file, sniff: false });
    assert.ok(first.type === 'parsed');
    const before = decodeLibraryCache(first.encoded, file)!.parsed;
    const key = before.entries[100].key;
    const newKey = `${key}-ré`;
    // sent together: the rename, a CSL look-up of the new key and the rename back
    const [renamed, csl, back] = await Promise.all([
      ask({ type: 'rename', path: file, key, newKey, cachePath }),
      ask({ type: 'csl', path: file, keys: [newKey, key] }),
      ask({ type: 'rename', path: file, key: newKey, newKey: key, cachePath }),
    ]);
    assert.ok(renamed.type === 'patched' && renamed.reread === 1 && renamed.previousSha1 === first.sha1, JSON.stringify(renamed));
    assert.deepStrictEqual([renamed.patch.head, renamed.patch.tail], [100, before.entries.length - 101]);
    const renamedBytes = Buffer.concat([original.subarray(0, original.indexOf(`{${key},`) + 1), Buffer.from(newKey), original.subarray(original.indexOf(`{${key},`) + 1 + key.length)]);
    assert.strictEqual(renamed.sha1, signatureOf(renamedBytes, 0).sha1);
    assert.deepStrictEqual(applyLibraryPatch(before, renamed.patch)!.parsed.entries, fullParse(renamedBytes.toString(), file), 'the same as a full parse');
    assert.ok(csl.type === 'csl' && csl.items[0] !== null && csl.items[1] === null, 'the look-up sees the new key');
    assert.ok(back.type === 'patched' && back.previousSha1 === renamed.sha1, JSON.stringify(back));
    assert.ok((await fs.readFile(file)).equals(original), 'renamed back byte for byte');
    const expected = decodeLibraryCache(encodeLibraryCache(parseLibraryFile(original, file), signatureOf(original, 0)), file)!.parsed;
    const cached = decodeLibraryCache(await cacheOnceWritten(cachePath, (data) => holds(data, file, expected)), file);
    assert.ok(cached && holds(Buffer.from(encodeLibraryCache(cached.parsed, cached.signature)), file, expected), 'the cache is of the file renamed back');
    assert.strictEqual(cached.signature.sha1, first.sha1);
  });

  it('writes the cache only between requests: a rename asked during a read is answered before the cache is written', async function () {
    const file = path.join(dir, 'busy.bib');
    const cachePath = path.join(dir, 'busy.index');
    const original = await fs.readFile(path.join(messy, 'biber-examples.bib'));
    await fs.writeFile(file, original);
    assert.strictEqual((await ask({ type: 'parse', path: file, sniff: false })).type, 'parsed');
    // a read that asks for the cache to be written, and a rename sent before its reply comes back
    const read = ask({ type: 'parse', path: file, sniff: false, cachePath });
    const renamed = await ask({ type: 'rename', path: file, key: 'vangennep', newKey: 'van-gennep-1909', cachePath });
    assert.strictEqual(renamed.type, 'patched');
    await read;
    const expected = parseLibraryFile(await fs.readFile(file), file);
    const cached = decodeLibraryCache(await cacheOnceWritten(cachePath, (data) => data.length > 0), file);
    assert.deepStrictEqual(cached?.parsed.entries.map((entry) => entry.key), expected.entries.map((entry) => entry.key));
    assert.ok(cached?.parsed.entries.some((entry) => entry.key === 'van-gennep-1909'));
    // The cache file is replaced whole by each write, so its birth time is its last write's: after the renamed library.
    // (Right after the reply the worker is idle and may write at once, so absence then proves nothing.)
    const { birthtimeMs } = await fs.stat(cachePath);
    if (!birthtimeMs) this.skip();
    assert.ok(birthtimeMs >= (await fs.stat(file)).mtimeMs, 'no cache written before the rename was made');
  });

  it('does not write the cache again for the version of the file it holds', async () => {
    const file = path.join(dir, 'again.bib');
    const cachePath = path.join(dir, 'again.index');
    await fs.copyFile(path.join(messy, 'biber-examples.bib'), file);
    assert.strictEqual((await ask({ type: 'parse', path: file, sniff: false, cachePath })).type, 'parsed');
    await cacheOnceWritten(cachePath, (data) => data.length > 0);
    const { mtimeMs } = await fs.stat(cachePath);
    assert.strictEqual((await ask({ type: 'parse', path: file, sniff: false, cachePath })).type, 'patched');
    // a request after it: the worker is idle once it is answered, and would be writing by then
    await ask({ type: 'csl', path: file, keys: [] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.strictEqual((await fs.stat(cachePath)).mtimeMs, mtimeMs);
  });

  it('answers a read of the file as its rename wrote it with "unchanged", without reading it', async () => {
    const file = path.join(dir, 'own.bib');
    await fs.copyFile(path.join(messy, 'biber-examples.bib'), file);
    assert.strictEqual((await ask({ type: 'parse', path: file, sniff: false })).type, 'parsed');
    const renamed = await ask({ type: 'rename', path: file, key: 'vangennep', newKey: 'vg-1909' });
    assert.ok(renamed.type === 'patched');
    // the watcher reports the rename's own write: the extension asks for a read
    assert.deepStrictEqual(await ask({ type: 'parse', path: file, sniff: false }), { id: nextId - 1, type: 'unchanged', sha1: renamed.sha1 });
    // a write by anyone else is read
    await fs.appendFile(file, '\n@misc{added-after, title = {Added}}\n');
    const after = await ask({ type: 'parse', path: file, sniff: false });
    assert.ok(after.type === 'patched' && after.previousSha1 === renamed.sha1, after.type);
  });

  it('answers a read of the content it holds and the caller shows with "unchanged", without parsing it (a second watcher event, a touch)', async () => {
    const file = path.join(dir, 'touched.bib');
    const cachePath = path.join(dir, 'touched.index');
    const bytes = await fs.readFile(path.join(messy, 'biber-examples.bib'));
    await fs.writeFile(file, bytes);
    const first = await ask({ type: 'parse', path: file, sniff: false, cachePath });
    assert.strictEqual(first.type, 'parsed');
    const { sha1 } = signatureOf(bytes, 0);
    await fs.writeFile(file, bytes);
    const touched = (await fs.stat(file)).mtimeMs;
    assert.deepStrictEqual(await ask({ type: 'parse', path: file, sniff: false, cachePath, known: sha1 }), { id: nextId - 1, type: 'unchanged', sha1 });
    assert.deepStrictEqual(progress, [], 'no parse');
    // the cache follows the file's new mtime
    const cached = await cacheOnceWritten(cachePath, (data) => checkLibraryCache(data, file)?.mtimeMs === touched);
    assert.strictEqual(checkLibraryCache(cached, file)?.mtimeMs, touched);
    // a caller that shows another version gets the library
    assert.notStrictEqual((await ask({ type: 'parse', path: file, sniff: false, known: 'another sha1' })).type, 'unchanged');
  });

  it('says nothing is loading while it parses the content the caller shows from its persisted copy (a restart)', async () => {
    const file = path.join(dir, 'restarted.bib');
    const bytes = await fs.readFile(path.join(messy, 'biber-examples.bib'));
    await fs.writeFile(file, bytes);
    const { sha1 } = signatureOf(bytes, 0);
    assert.deepStrictEqual(await ask({ type: 'parse', path: file, sniff: false, known: sha1 }), { id: nextId - 1, type: 'unchanged', sha1 });
    assert.deepStrictEqual(progress, [], 'no "parsing" for the status bar');
    const csl = await ask({ type: 'csl', path: file, keys: ['tmn4'] });
    assert.ok(csl.type === 'csl' && csl.items[0]?.id === 'tmn4', 'the worker has its own copy now');
  });

  it('reads the whole file again when an edit changes an @string definition', async () => {
    const file = path.join(dir, 'macros.bib');
    const examples = await fs.readFile(path.join(messy, 'biber-examples.bib'), 'utf8');
    const text = `@string{jn = {Old Journal}}\n\n${examples}\n@article{uses-jn, title = {Uses a macro}, journal = jn, year = 2020}\n`;
    await fs.writeFile(file, text);
    const first = await ask({ type: 'parse', path: file, sniff: false });
    const container = (reply: WorkerReply) =>
      reply.type === 'parsed' ? decodeLibraryCache(reply.encoded, file)!.parsed.entries.find((entry) => entry.key === 'uses-jn')?.container : reply.type;
    assert.strictEqual(container(first), 'Old Journal');

    const edited = text.replace('{Old Journal}', '{New Journal}');
    await fs.writeFile(file, edited);
    const second = await ask({ type: 'parse', path: file, sniff: false });
    assert.strictEqual(container(second), 'New Journal', 'the entry at the end of the file sees the new definition');
    const entries = fullParse(edited, file);
    assert.ok(second.type === 'parsed' && second.reread === entries.length && entries.length > 100, 'a full parse');
    assert.deepStrictEqual(decodeLibraryCache(second.encoded, file)!.parsed.entries, entries);
  });

  it('answers "unchanged" when the caller already shows the content (a warm start), and still writes the cache', async () => {
    const file = path.join(dir, 'warm.bib');
    const bytes = await fs.readFile(path.join(messy, 'biber-examples.bib'));
    await fs.writeFile(file, bytes);
    const cachePath = path.join(dir, 'warm.index');
    const reply = await ask({ type: 'parse', path: file, sniff: false, cachePath, known: signatureOf(bytes, 0).sha1 });
    assert.deepStrictEqual(reply, { id: reply.id, type: 'unchanged', sha1: signatureOf(bytes, 0).sha1 });
    const written = decodeLibraryCache(await cacheOnceWritten(cachePath, (data) => data.length > 0), file);
    assert.strictEqual(written?.parsed.entries.length, parseLibraryFile(bytes, file).entries.length);
    assert.ok(written?.search);
    const other = await ask({ type: 'parse', path: path.join(messy, 'biber-examples.bib'), sniff: false, known: 'another sha1' });
    assert.strictEqual(other.type, 'parsed');
  });

  it('reads a persisted cache for the editor only when it is whole, valid and of the file as it is', async () => {
    const file = path.join(dir, 'cached.bib');
    const bytes = await fs.readFile(path.join(messy, 'biber-examples.bib'));
    await fs.writeFile(file, bytes);
    const cachePath = path.join(dir, 'cached.index');
    assert.deepStrictEqual(await ask({ type: 'cached', path: file, cachePath }), { id: nextId - 1, type: 'cached' }, 'no cache yet');
    const parsed = await ask({ type: 'parse', path: file, sniff: false, cachePath });
    const written = await cacheOnceWritten(cachePath, (data) => decodeLibraryCache(data, file)?.search !== undefined);
    const reply = await ask({ type: 'cached', path: file, cachePath });
    assert.ok(reply.type === 'cached' && reply.encoded && parsed.type === 'parsed');
    assert.strictEqual(reply.sha1, parsed.sha1);
    assert.ok(Buffer.from(reply.encoded).equals(written), 'the bytes of the cache, handed over');
    const decoded = runToEnd(decodeLibraryCacheSteps(reply.encoded, file, true));
    assert.deepStrictEqual(decoded?.parsed, decodeLibraryCache(parsed.encoded, file)?.parsed);
    assert.ok(decoded?.search);
    // A restart (the worker has no read of the file) with the same content: "unchanged", and the cache
    // just read is not written again.
    await ask({ type: 'drop', path: file });
    const before = (await fs.stat(cachePath)).mtimeMs;
    const again = await ask({ type: 'parse', path: file, sniff: false, cachePath, known: parsed.sha1 });
    assert.strictEqual(again.type, 'unchanged');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.strictEqual((await fs.stat(cachePath)).mtimeMs, before, 'not written again');
    // A damaged search index (a field number no field has): no cache, so the editor parses afresh.
    const header = JSON.parse(written.subarray(0, written.indexOf(10)).toString());
    const damaged = Buffer.from(written);
    damaged[((written.indexOf(10) + 8) & ~7) + header.sections['search.segmentField'][1]] = 9;
    await fs.writeFile(cachePath, damaged);
    assert.deepStrictEqual(await ask({ type: 'cached', path: file, cachePath }), { id: nextId - 1, type: 'cached' }, 'a damaged cache');
    // A cache of another version of the file (its mtime moved on): none.
    await fs.writeFile(cachePath, written);
    await fs.utimes(file, new Date(), new Date(Date.now() + 5000));
    assert.deepStrictEqual(await ask({ type: 'cached', path: file, cachePath }), { id: nextId - 1, type: 'cached' }, 'a stale cache');
  });

  it('skips a JSON file that is no CSL library, and reports an unreadable one', async () => {
    const json = path.join(dir, 'package.json');
    await fs.writeFile(json, '{"name": "x"}');
    const skipped = await ask({ type: 'parse', path: json, sniff: true });
    assert.deepStrictEqual(skipped.type === 'skipped' && skipped.reason, 'not-a-library');
    const missing = await ask({ type: 'parse', path: path.join(dir, 'gone.bib'), sniff: false });
    assert.deepStrictEqual(missing.type === 'skipped' && missing.reason, 'unreadable');
  });

  it('goes through file faults and recovers on the next good state', async () => {
    const source = await fs.readFile(path.join(messy, 'biber-examples.bib'));
    const file = path.join(dir, 'faults.bib');
    const entries = (reply: WorkerReply) => (reply.type === 'parsed' ? decodeLibraryCache(reply.encoded, file)!.parsed.entries.length : reply.type);
    await fs.writeFile(file, source);
    const good = entries(await ask({ type: 'parse', path: file, sniff: false }));
    assert.ok(typeof good === 'number' && good > 100);

    await fs.writeFile(file, '');
    assert.strictEqual(entries(await ask({ type: 'parse', path: file, sniff: false })), 'skipped', 'truncated to 0 bytes: the previous parse stands');
    await fs.writeFile(file, source.subarray(0, Math.floor(source.length * 0.7)));
    assert.strictEqual(entries(await ask({ type: 'parse', path: file, sniff: false })), 'skipped', 'half-written: the previous parse stands');
    await fs.writeFile(file, source);
    const completed = await ask({ type: 'parse', path: file, sniff: false });
    assert.ok(completed.type === 'patched' && completed.reread === 0 && completed.patch.head === good, 'the save completed: the previous parse stands');

    const renamed = path.join(dir, 'renamed.bib');
    await fs.rename(file, renamed);
    const gone = await ask({ type: 'parse', path: file, sniff: false });
    assert.ok(gone.type === 'skipped' && gone.reason === 'unreadable', 'renamed away: the old path is unreadable');
    const link = path.join(dir, 'link.bib');
    await fs.symlink(renamed, link);
    const linked = await ask({ type: 'parse', path: link, sniff: false });
    assert.strictEqual(linked.type === 'parsed' && decodeLibraryCache(linked.encoded, link)!.parsed.entries.length, good, 'read through a symlink');

    const longLine = path.join(dir, 'long-line.bib');
    const abstract = 'word '.repeat(2400);
    await fs.writeFile(longLine, `@article{long, title={A long abstract}, abstract={${abstract}}, year={2020}}\n@book{after, title={After}, year={2021}}\n`);
    const long = await ask({ type: 'parse', path: longLine, sniff: false });
    const parsed = long.type === 'parsed' ? decodeLibraryCache(long.encoded, longLine)!.parsed : undefined;
    assert.deepStrictEqual(parsed?.entries.map((entry) => entry.key), ['long', 'after'], 'a 12,000-character line');
    assert.ok(abstract.length >= 12000);
  });
});
