import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { decodeLibraryCache, encodeLibraryCache, signatureOf } from '../../src/core/library/cache';
import { readLibraryFile } from '../../src/core/library/load';
import { applyLibraryPatch, diffLibraries } from '../../src/core/library/patch';
import type { ParsedLibrary } from '../../src/core/types';

const messy = path.resolve(__dirname, '../fixtures/bib-messy');
const file = '/library/examples.bib';
const text = fs.readFileSync(path.join(messy, 'biber-examples.bib'), 'utf8');

/** What the main thread keeps of a parse: the library as it comes through the cache. */
function kept(parsed: ParsedLibrary, bytes: Buffer) {
  const decoded = decodeLibraryCache(encodeLibraryCache(parsed, signatureOf(bytes, 0)), file)!;
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
  const applied = applyLibraryPatch(before, patch)!;
  assert.deepStrictEqual(applied, kept(readLibraryFile(newBytes, file).parsed, newBytes), 'the same as a full parse');
  assert.ok(patch.head > 10 && patch.tail > 10, JSON.stringify({ head: patch.head, tail: patch.tail }));
  return { patch, before: before.entries, after: applied.parsed.entries, changed: decodeLibraryCache(patch.changed, file)!.parsed.entries };
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
