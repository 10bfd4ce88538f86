import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { decodeLibraryCache, encodeLibraryCache, isStale, signatureOf } from '../../src/core/library/cache';
import { parseLibraryFile } from '../../src/core/library/load';

const messy = path.resolve(__dirname, '../../../shared/fixtures/bib-messy');

describe('library cache', () => {
  it('gives back every searchable field of every entry of a real library', async () => {
    const file = path.join(messy, 'biber-examples.bib');
    const bytes = await fs.readFile(file);
    const parsed = parseLibraryFile(bytes, file);
    const signature = signatureOf(bytes, 1234);
    const restored = decodeLibraryCache(encodeLibraryCache(parsed, signature), file);
    assert.ok(restored);
    assert.deepStrictEqual(restored.signature, signature);
    assert.deepStrictEqual(restored.parsed.problems, parsed.problems);
    assert.strictEqual(restored.parsed.entries.length, parsed.entries.length);
    // The cache leaves out `fields`, `abstract` and `csl`: every other field must come back as it was.
    const searchable = (entry: (typeof parsed.entries)[number]) => {
      const copy: Partial<typeof entry> = { ...entry };
      delete copy.fields;
      delete copy.abstract;
      delete copy.csl;
      return copy;
    };
    for (const [i, entry] of parsed.entries.entries()) {
      assert.deepStrictEqual(JSON.parse(JSON.stringify(searchable(restored.parsed.entries[i]))), JSON.parse(JSON.stringify(searchable(entry))), entry.key);
    }
  });

  it('keeps every shape of name: family only, given only, both, institutional with odd characters', () => {
    const people = [{ family: 'Doe' }, { given: 'Plato' }, { family: 'van der Berg', given: 'Anna' }, { literal: '=World Bank & Co {UN}' }];
    const entry = { key: 'k', type: 'book', source: '/l.bib', startLine: 0, endLine: 1, keyOffset: 6, authors: people, editors: [people[3]], keywords: [] };
    const restored = decodeLibraryCache(encodeLibraryCache({ source: '/l.bib', entries: [entry], problems: [] }, signatureOf(new Uint8Array(), 0)), '/l.bib');
    assert.deepStrictEqual(restored?.parsed.entries[0].authors, people);
    assert.deepStrictEqual(restored?.parsed.entries[0].editors, [people[3]]);
  });

  it('refuses data of another file, another version or no JSON at all', async () => {
    const file = path.join(messy, 'tidy-persian-key.bib');
    const bytes = await fs.readFile(file);
    const data = encodeLibraryCache(parseLibraryFile(bytes, file), signatureOf(bytes, 1));
    assert.strictEqual(decodeLibraryCache(data, '/elsewhere.bib'), undefined);
    const olderVersion = { ...JSON.parse(data), version: JSON.parse(data).version - 1 };
    assert.strictEqual(decodeLibraryCache(JSON.stringify(olderVersion), file), undefined);
    assert.strictEqual(decodeLibraryCache(data.slice(0, 40), file), undefined);
  });

  it('is stale when size, mtime or content changes', () => {
    const bytes = new TextEncoder().encode('@book{a, title={A}}');
    const cached = signatureOf(bytes, 10);
    assert.strictEqual(isStale(cached, { size: bytes.length, mtimeMs: 10 }), false);
    assert.strictEqual(isStale(cached, { size: bytes.length + 1, mtimeMs: 10 }), true);
    assert.strictEqual(isStale(cached, { size: bytes.length, mtimeMs: 11 }), true);
    const edited = new TextEncoder().encode('@book{b, title={A}}');
    assert.strictEqual(isStale(cached, { ...signatureOf(edited, 10) }), true);
  });
});
