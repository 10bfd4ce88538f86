import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { decodeLibraryCache, encodeLibraryCache, signatureOf } from '../../src/core/library/cache';
import { applyEdits, editLibraryBytes, renameKeyEdits } from '../../src/core/languageFeatures/rename';
import { checkAuthorDate } from '../../src/core/citations/authorDateCheck';
import { LibraryIndex } from '../../src/core/library/libraryIndex';
import { readEditedLibrary, readLibraryFile } from '../../src/core/library/load';
import { applyLibraryPatch, diffLibraries, renamePatch } from '../../src/core/library/patch';
import type { LibraryEntry, ParsedLibrary } from '../../src/core/types';

const messy = path.resolve(__dirname, '../fixtures/bib-messy');
const file = '/library/examples.bib';
const text = fs.readFileSync(path.join(messy, 'biber-examples.bib'), 'utf8');

/** What the main thread keeps of a parse: the library as it comes through the cache. */
function kept(parsed: ParsedLibrary, bytes: Buffer) {
  const decoded = decodeLibraryCache(encodeLibraryCache(parsed, signatureOf(bytes, 0)), parsed.source)!;
  return { parsed: decoded.parsed, signature: decoded.signature };
}

/**
 * Reads `text`, then `edited` reusing that read (as the worker does), and checks that the patch
 * applied to what the main thread holds gives what a full parse of `edited` gives.
 */
function check(edited: string) {
  const [oldBytes, newBytes] = [Buffer.from(text), Buffer.from(edited)];
  const first = readLibraryFile(oldBytes, file);
  const second = readLibraryFile(newBytes, file, first);
  assert.ok(second.reread < 3, `read again: ${second.reread}`);
  const patch = diffLibraries(first.parsed, second.parsed, signatureOf(newBytes, 0))!;
  const before = kept(first.parsed, oldBytes).parsed;
  // (applying the patch moves the entries after the change in place)
  const entriesBefore = before.entries.map((entry) => ({ ...entry }));
  const applied = applyLibraryPatch(before, patch)!;
  assert.deepStrictEqual(applied, kept(readLibraryFile(newBytes, file).parsed, newBytes), 'the same as a full parse');
  assert.ok(patch.head > 10 && patch.tail > 10, JSON.stringify({ head: patch.head, tail: patch.tail }));
  return { patch, before: entriesBefore, after: applied.parsed.entries, changed: decodeLibraryCache(patch.changed, file)!.parsed.entries };
}

/** `text` with `insert` put right after the first occurrence of `after`. */
function insertAfter(after: string, insert: string): string {
  const at = text.indexOf(after) + after.length;
  assert.ok(at >= after.length, after);
  return text.slice(0, at) + insert + text.slice(at);
}

describe('library patches', () => {
  it('an edited title: one entry sent, the entries after it keep their lines and move by the added characters', () => {
    const { patch, before, after, changed } = check(text.replace('{Les rites de passage}', '{Les rites de passage, revised}'));
    assert.deepStrictEqual(changed.map((entry) => [entry.key, entry.title]), [['vangennep', 'Les rites de passage, revised']]);
    assert.deepStrictEqual([patch.lineShift, patch.offsetShift], [0, ', revised'.length]);
    const next = before.findIndex((entry) => entry.key === 'vangennep') + 1;
    assert.strictEqual(after[next].keyOffset, before[next].keyOffset + 9);
    assert.strictEqual(after[next].startLine, before[next].startLine);
  });

  it('a line added inside an entry moves the entries after it down', () => {
    const { patch, before, after, changed } = check(insertAfter('{vangennep,\n', '  note\t  = {A new note},\n'));
    assert.deepStrictEqual(changed.map((entry) => entry.key), ['vangennep']);
    assert.strictEqual(patch.lineShift, 1);
    const next = before.findIndex((entry) => entry.key === 'vangennep') + 1;
    assert.deepStrictEqual([after[next].startLine, after[next].endLine], [before[next].startLine + 1, before[next].endLine + 1]);
  });

  it('an added entry', () => {
    const entry = '@Book{added2024,\n  author = {Doe, Jane and Roe, Richard},\n  title = {An Added Book},\n  year = {2024}\n}\n\n';
    const { patch, before, after, changed } = check(text.replace('@Book{vangennep,', `${entry}@Book{vangennep,`));
    assert.ok(changed.some((e) => e.key === 'added2024' && e.title === 'An Added Book' && e.authors.length === 2));
    assert.strictEqual(after.length, before.length + 1);
    assert.strictEqual(patch.lineShift, 6);
  });

  it('a deleted entry', () => {
    const start = text.indexOf('@Book{vangennep,');
    const end = text.indexOf('\n@', start) + 1;
    const { before, after, changed } = check(text.slice(0, start) + text.slice(end));
    assert.ok(changed.every((entry) => entry.key !== 'vangennep'));
    assert.strictEqual(after.length, before.length - 1);
    assert.ok(!after.some((entry) => entry.key === 'vangennep'));
  });

  it('a changed key', () => {
    const { changed, after } = check(text.replace('@Book{vangennep,', '@Book{gennep1909,'));
    assert.deepStrictEqual(changed.map((entry) => entry.key), ['gennep1909']);
    assert.ok(after.some((entry) => entry.key === 'gennep1909') && !after.some((entry) => entry.key === 'vangennep'));
  });

  it('compares content, so two full parses give the same small patch; a large change gives none', () => {
    const edited = Buffer.from(text.replace('{Les rites de passage}', '{Les rites}'));
    const [first, second] = [readLibraryFile(Buffer.from(text), file).parsed, readLibraryFile(edited, file).parsed];
    const patch = diffLibraries(first, second, signatureOf(edited, 0))!;
    assert.strictEqual(decodeLibraryCache(patch.changed, file)!.parsed.entries.length, 1);
    assert.strictEqual(patch.head + patch.tail + 1, second.entries.length);
    const everyTitle = Buffer.from(text.replace(/\btitle(\s*)= \{/g, 'title$1= {X '));
    assert.strictEqual(diffLibraries(first, readLibraryFile(everyTitle, file).parsed, signatureOf(everyTitle, 0), 20), undefined);
  });

  it('refuses a patch made against a library with fewer entries', () => {
    const edited = Buffer.from(text.replace('{Les rites de passage}', '{Les rites}'));
    const first = readLibraryFile(Buffer.from(text), file).parsed;
    const patch = diffLibraries(first, readLibraryFile(edited, file).parsed, signatureOf(edited, 0))!;
    assert.strictEqual(applyLibraryPatch({ ...first, entries: first.entries.slice(0, 10) }, patch), undefined);
  });
});

describe('the patch of a renamed key (renamePatch), as the library worker sends it before reading the file again', () => {
  const renamedFile = '/library/plus.bib';
  const bytes = fs.readFileSync(path.join(messy, 'bbt-2660-plus-in-field-name.bib'));

  it('is what reading the renamed file gives, for a key at the start, in the middle and at the end; the entries after it are moved in place', () => {
    const first = readLibraryFile(bytes, renamedFile);
    const count = first.parsed.entries.length;
    assert.ok(count > 200 && /[^\x00-\x7f]/.test(first.text));
    for (const at of [0, Math.floor(count / 2), count - 1]) {
      const entry = first.parsed.entries[at];
      const newKey = `${entry.key}-ré`; // more bytes than characters
      const edits = renameKeyEdits(entry.key, newKey, entry, first.text, [], undefined, first.parsed);
      assert.strictEqual(edits.length, 1);
      const pieces = editLibraryBytes(bytes, first.text, first.encoding, edits);
      const renamedBytes = Buffer.concat(pieces);
      const keyAt = bytes.indexOf(`{${entry.key},`) + 1;
      assert.ok(renamedBytes.equals(Buffer.concat([bytes.subarray(0, keyAt), Buffer.from(newKey), bytes.subarray(keyAt + Buffer.byteLength(entry.key))])), entry.key);
      const patch = renamePatch(first.parsed, entry, newKey, edits[0], signatureOf(pieces, 0))!;
      assert.deepStrictEqual([patch.head, patch.tail], [at, count - at - 1]);
      // the worker's read of the renamed text, from the edit it made, is a full read's
      const reread = readEditedLibrary(first, renamedFile, applyEdits(first.text, edits), [edits[0].start, first.text.length - edits[0].end]);
      assert.deepStrictEqual(reread.parsed, readLibraryFile(renamedBytes, renamedFile).parsed);
      assert.strictEqual(reread.reread, 1);
      // and the extension's library patched is the same
      const before = kept(first.parsed, bytes).parsed;
      const next = before.entries[at + 1];
      const applied = applyLibraryPatch(before, patch)!;
      assert.deepStrictEqual(applied, kept(reread.parsed, renamedBytes));
      if (next) assert.strictEqual(applied.parsed.entries[at + 1], next, 'moved in place, not copied');
    }
  });

  it('is not made when the rename may change more than the entry: links, duplicate keys, a key not where it was read', () => {
    const linked = readLibraryFile(Buffer.from(text), file);
    const parent = linked.parsed.entries.find((entry) => /crossref/i.test(text) && entry.key === 'vangennep')!;
    const edit = { start: parent.keyOffset, end: parent.keyOffset + parent.key.length };
    assert.strictEqual(renamePatch(linked.parsed, parent, 'other', edit, signatureOf(Buffer.from(text), 0)), undefined, 'a library with crossref links');
    const duplicated = '@misc{dup, title = {A}}\n@misc{dup, title = {B}}\n@misc{single, title = {C}}\n';
    const read = readLibraryFile(Buffer.from(duplicated), '/library/dup.bib');
    const [dup, single] = read.parsed.entries;
    const signature = signatureOf(Buffer.from(duplicated), 0);
    assert.strictEqual(renamePatch(read.parsed, dup, 'dup2', { start: dup.keyOffset, end: dup.keyOffset + 3 }, signature), undefined, 'a duplicated key');
    assert.strictEqual(renamePatch(read.parsed, single, 'dup', { start: single.keyOffset, end: single.keyOffset + 6 }, signature), undefined, 'to a duplicated key');
    assert.strictEqual(renamePatch(read.parsed, single, 'single2', { start: single.keyOffset + 1, end: single.keyOffset + 6 }, signature), undefined, 'not the key');
    assert.ok(renamePatch(read.parsed, single, 'single2', { start: single.keyOffset, end: single.keyOffset + 6 }, signature));
  });
});

describe('LibraryIndex.patch', () => {
  const source = '/library/keys.bib';
  const entry = (key: string, keyOffset: number): LibraryEntry => ({ key, type: 'misc', source, startLine: keyOffset, endLine: keyOffset, keyOffset, authors: [], editors: [], keywords: [] });

  it("updates a renamed key's look-ups in place, and makes them again over every entry when keys repeat", () => {
    const index = new LibraryIndex();
    const [a, b, c] = [entry('a', 0), entry('b', 1), entry('c', 2)];
    index.set({ source, entries: [a, b, c], problems: [] });
    const earlier = index.view([source]);
    const renamed = { ...b, key: 'b2' };
    index.patch({ source, entries: [a, renamed, c], problems: [] }, [b], [renamed]);
    const view = index.view([source]);
    assert.deepStrictEqual([view.get('b2'), view.get('b'), view.entries()], [renamed, undefined, [a, renamed, c]]);
    assert.strictEqual(earlier.get('b2'), renamed, 'the same look-ups, updated');

    // what is derived from a view's entries (the author-date index) sees the renamed key
    const tomita = { ...entry('tomita-1988', 3), authors: [{ family: 'Tomita', given: 'Masaru' }], year: '1988' };
    index.set({ source, entries: [a, tomita], problems: [] });
    const cited = () => checkAuthorDate('Graph parsing (Tomita, 1988).\n', index.view([source]).entries()).citations[0].items[0].keys;
    assert.deepStrictEqual(cited(), ['tomita-1988']);
    const tomitaRenamed = { ...tomita, key: 'tomita-1988-renamed' };
    index.patch({ source, entries: [a, tomitaRenamed], problems: [] }, [tomita], [tomitaRenamed]);
    assert.deepStrictEqual(cited(), ['tomita-1988-renamed']);

    // a key that repeats: the first entry of each key, as set() gives it
    const [d1, d2] = [entry('d', 0), entry('d', 1)];
    index.set({ source, entries: [d1, d2, c], problems: [] });
    const e = entry('e', 0);
    index.patch({ source, entries: [e, d2, c], problems: [] }, [d1], [e]);
    const again = index.view([source]);
    assert.deepStrictEqual([again.get('d'), again.get('e'), again.entries()], [d2, e, [e, d2, c]]);
  });
});
