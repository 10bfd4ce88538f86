import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { decodeLibraryCache, decodeSearchIndex, decodeSearchIndexSteps, encodeLibraryCache, encodeSearchIndex, isStale, checkLibraryCache, signatureOf } from '../../src/core/library/cache';
import { parseBibtex } from '../../src/core/library/bibtex';
import { keyedEntries } from '../../src/core/library/libraryIndex';
import { parseLibraryFile } from '../../src/core/library/load';
import { CitationSearch } from '../../src/core/search/search';
import { cacheCrafter, type Header } from '../craftedCache';

const messy = path.resolve(__dirname, '../fixtures/bib-messy');

describe('library cache', () => {
  for (const name of ['biber-examples.bib', 'bbt-2660-plus-in-field-name.bib']) {
    it(`gives back every searchable field of every entry of a real library, from text or bytes (${name})`, async () => {
      const file = path.join(messy, name);
      const bytes = await fs.readFile(file);
      const parsed = parseLibraryFile(bytes, file);
      const people = parsed.entries.flatMap((entry) => [...entry.authors, ...entry.editors]);
      // What the fixtures hold, so that the round trip covers it.
      if (name.startsWith('bbt')) assert.ok(people.some((person) => person.literal !== undefined), 'literal names');
      assert.ok(parsed.entries.some((entry) => /[^\u0000-\u00ff]/.test(`${entry.title}${JSON.stringify(entry.authors)}`)), 'characters beyond Latin-1');
      assert.ok(parsed.entries.some((entry) => entry.doi === undefined && entry.keywords.length === 0 && entry.editors.length === 0), 'empty fields');
      const signature = signatureOf(bytes, 1234);
      const encoded = encodeLibraryCache(parsed, signature);
      for (const data of [encoded, Buffer.from(encoded)]) {
        const restored = decodeLibraryCache(data, file);
        assert.ok(restored);
        assert.deepStrictEqual(restored.signature, signature);
        assert.deepStrictEqual(restored.parsed.problems, parsed.problems);
        assert.strictEqual(restored.parsed.entries.length, parsed.entries.length);
        // The cache leaves out `fields`, `abstract` and `csl`: every other field must come back as it was.
        const searchable = (entry: (typeof parsed.entries)[number]) => {
          const copy: Partial<typeof entry> = { ...entry, authors: entry.authors, editors: entry.editors };
          delete copy.fields;
          delete copy.abstract;
          delete copy.csl;
          return copy;
        };
        for (const [i, entry] of parsed.entries.entries()) {
          assert.deepStrictEqual(JSON.parse(JSON.stringify(searchable(restored.parsed.entries[i]))), JSON.parse(JSON.stringify(searchable(entry))), entry.key);
        }
      }
    });
  }

  it('keeps the search index: the same results as an index built afresh, over the entries it gives back', async () => {
    const file = path.join(messy, 'biber-examples.bib');
    const bytes = await fs.readFile(file);
    const parsed = parseLibraryFile(bytes, file);
    const { unique } = keyedEntries(parsed.entries);
    const built = new CitationSearch(unique);
    const restored = decodeLibraryCache(encodeLibraryCache(parsed, signatureOf(bytes, 0), built), file)!;
    assert.ok(restored.search);
    assert.strictEqual(restored.search.entryList, restored.unique, 'over the decoded entries, first of each key');
    assert.deepStrictEqual(restored.unique.all().map((entry) => entry.key), unique.map((entry) => entry.key));
    const queries = ['knuth', 'the art of computer', 'glashow 1961', 'partial symmetries weak interactions', 'aristotle', 'x', 'ja', 'zzzz qqqq'];
    for (const query of queries) {
      assert.deepStrictEqual(restored.search.search(query, 10).map((entry) => entry.key), built.search(query, 10).map((entry) => entry.key), query);
    }
    assert.ok(queries.some((query) => built.search(query, 10).length > 3), 'the queries find something');
    assert.strictEqual(decodeLibraryCache(encodeLibraryCache(parsed, signatureOf(bytes, 0)), file)?.search, undefined, 'no index kept, none given back');
  });

  it('decodes the search index the worker sends in steps (the extension host runs them in slices): the same index as at once', async () => {
    const file = path.join(messy, 'biber-examples.bib');
    const bytes = await fs.readFile(file);
    const parsed = parseLibraryFile(bytes, file);
    const signature = signatureOf(bytes, 0);
    const built = new CitationSearch(keyedEntries(parsed.entries).unique);
    const { unique } = decodeLibraryCache(encodeLibraryCache(parsed, signature), file)!;
    const encoded = encodeSearchIndex(built, file, signature);
    const steps = decodeSearchIndexSteps(encoded, file, unique);
    let yields = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yields++;
    // one step per text it decodes (keys, containers, years), not all in one
    assert.ok(yields >= 3, `${yields} steps`);
    const atOnce = decodeSearchIndex(encoded, file, unique)!;
    for (const query of ['knuth', 'glashow 1961', 'aristotle']) {
      assert.deepStrictEqual(step.value?.search(query, 10).map((entry) => entry.key), atOnce.search(query, 10).map((entry) => entry.key), query);
    }
  });

  it('makes each entry on first use, one object however it is reached (by key, in order, by search, all at once)', () => {
    // Two entries of one key (a CSL-JSON library may have them; the BibTeX reader reports the second).
    const doe = { family: 'Doe', given: 'Jane' };
    const entry = (key: string, title: string, line: number, authors = [doe]) =>
      ({ key, type: 'book', source: '/l.bib', startLine: line, endLine: line, keyOffset: -1, authors, editors: [], title, keywords: [] });
    const parsed = { source: '/l.bib', entries: [entry('dup', 'First', 0), entry('other', 'Other', 1), entry('dup', 'Second', 2, []), entry('last', 'Last', 3, [])], problems: [] };
    const { unique } = keyedEntries(parsed.entries);
    const restored = decodeLibraryCache(encodeLibraryCache(parsed, signatureOf(new Uint8Array(), 0), new CitationSearch(unique)), '/l.bib')!;
    assert.strictEqual(restored.count, 4);
    assert.strictEqual(restored.unique.length, 3, 'the second dup is not among the first of each key');
    const last = restored.byKey.get('last')!;
    assert.strictEqual(last.title, 'Last');
    assert.strictEqual(restored.unique.at(2), last, 'by position, the same object as by key');
    assert.strictEqual(restored.search!.search('last', 1)[0], last, 'and as the search gives it');
    assert.strictEqual(restored.byKey.get('dup')!.title, 'First', 'a key\'s first entry');
    assert.strictEqual(restored.byKey.get('none'), undefined);
    const all = restored.parsed.entries;
    assert.deepStrictEqual(all.map((entry) => entry.title), ['First', 'Other', 'Second', 'Last'], 'every entry, duplicates included');
    assert.strictEqual(all[3], last, 'all at once keeps the ones already made');
    assert.strictEqual(restored.parsed.entries, all, 'and is made once');
    assert.strictEqual(all[0].authors[0], all[1].authors[0], 'a shared name is one object');
  });

  it('keeps every shape of name: family only, given only, both, institutional with odd characters', () => {
    const people = [{ family: 'Doe' }, { given: 'Plato' }, { family: 'van der Berg', given: 'Anna' }, { literal: '=World Bank & Co {UN}' }];
    const entry = { key: 'k', type: 'book', source: '/l.bib', startLine: 0, endLine: 1, keyOffset: 6, authors: people, editors: [people[3]], keywords: [] };
    const restored = decodeLibraryCache(encodeLibraryCache({ source: '/l.bib', entries: [entry], problems: [] }, signatureOf(new Uint8Array(), 0)), '/l.bib');
    assert.deepStrictEqual(restored?.parsed.entries[0].authors, people);
    assert.deepStrictEqual(restored?.parsed.entries[0].editors, [people[3]]);
  });

  it('keeps strings that hold the separator, line breaks or other control characters, without shifting the other entries', () => {
    const base = { type: 'article', source: '/l.bib', startLine: 0, endLine: 1, keyOffset: -1, editors: [], keywords: [] };
    const entries = [
      // \u0001 is the separator the cache uses when no string holds it.
      { ...base, key: 'a', title: 'One\u0001Two\nThree\u001fFour', authors: [{ family: 'X\u0001', given: '\u0002Y' }], keywords: ['k\u0001', '\u0003'] },
      { ...base, key: 'b', startLine: 2, endLine: 9, keyOffset: 40, title: 'Plain', container: 'C\u0001', authors: [{ family: 'Z' }], year: '2001' },
      { ...base, key: 'c', title: 'Ça 𝔘 😀 中文', authors: [{ family: 'Ørsted', given: 'Hans Christian' }] },
    ];
    const restored = decodeLibraryCache(encodeLibraryCache({ source: '/l.bib', entries, problems: [] }, signatureOf(new Uint8Array(), 0)), '/l.bib');
    // (JSON drops the fields left undefined, which the restored entries hold as such.)
    assert.deepStrictEqual(JSON.parse(JSON.stringify(restored?.parsed.entries)), entries);
  });

  it('reads a lone surrogate back as U+FFFD without shifting the strings after it', () => {
    const base = { type: 'article', source: '/l.bib', startLine: 0, endLine: 1, keyOffset: -1, authors: [], editors: [], keywords: [] };
    const entries = [{ ...base, key: 'a', title: 'broken \ud83d here' }, { ...base, key: 'b', title: 'after 😀' }];
    const restored = decodeLibraryCache(encodeLibraryCache({ source: '/l.bib', entries, problems: [] }, signatureOf(new Uint8Array(), 0)), '/l.bib');
    assert.deepStrictEqual(restored?.parsed.entries.map((entry) => entry.title), ['broken \ufffd here', 'after 😀']);
  });

  it('gives back a library without entries', () => {
    const restored = decodeLibraryCache(encodeLibraryCache({ source: '/l.bib', entries: [], problems: [] }, signatureOf(new Uint8Array(), 0)), '/l.bib');
    assert.deepStrictEqual(restored?.parsed.entries, []);
  });

  it('refuses data of another file, another version, cut short or of no format at all', async () => {
    const file = path.join(messy, 'tidy-persian-key.bib');
    const bytes = await fs.readFile(file);
    const data = encodeLibraryCache(parseLibraryFile(bytes, file), signatureOf(bytes, 1));
    assert.ok(decodeLibraryCache(data, file));
    assert.strictEqual(decodeLibraryCache(data, '/elsewhere.bib'), undefined);
    const newline = data.indexOf('\n');
    const header = JSON.parse(data.subarray(0, newline).toString());
    const olderVersion = Buffer.concat([Buffer.from(JSON.stringify({ ...header, version: header.version - 1 })), data.subarray(newline)]);
    assert.strictEqual(decodeLibraryCache(olderVersion, file), undefined);
    assert.strictEqual(decodeLibraryCache(data.subarray(0, 40), file), undefined);
    assert.strictEqual(decodeLibraryCache(data.subarray(0, -1), file), undefined);
    assert.strictEqual(decodeLibraryCache(Buffer.from(JSON.stringify({ version: header.version, source: file })), file), undefined);
    // A section longer than its header says (the total length kept right) is refused, not read past.
    const sections = { ...header.sections, key: [header.sections.key[0], header.sections.key[1], header.sections.key[2] + 1] };
    const lying = Buffer.concat([Buffer.from(JSON.stringify({ ...header, sections })), data.subarray(newline)]);
    assert.strictEqual(decodeLibraryCache(lying, file), undefined);
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

describe('library cache: a damaged search index', () => {
  const library = parseBibtex('@misc{smith2001, author = {Smith, Ann and Jones, Bo}, title = {Neural Machine Translation}, journal = {J}, year = 2001}\n' +
    '@misc{jones2002, editor = {Smith, Ann}, title = {Parsing}, year = 2002}\n', 'lib.bib');
  const encoded = encodeLibraryCache(library, { size: 10, mtimeMs: 1, sha1: 'f'.repeat(40) }, new CitationSearch(keyedEntries(library.entries).unique));
  const crafted = cacheCrafter(encoded);
  const at = (header: Header, section: string) => header.sections[section][1];

  it('decodes and searches the untouched cache, laid out again', () => {
    const data = crafted(() => undefined);
    assert.deepStrictEqual(checkLibraryCache(data, 'lib.bib'), { size: 10, mtimeMs: 1, sha1: 'f'.repeat(40) });
    assert.deepStrictEqual(decodeLibraryCache(data, 'lib.bib')?.search?.search('neural', 5).map((entry) => entry.key), ['smith2001']);
  });

  for (const [what, change] of [
    ['a field number no field has', (h: Header, b: Buffer) => b.writeUInt8(9, at(h, 'search.segmentField'))],
    ['a year id out of range', (h: Header, b: Buffer) => b.writeInt32LE(7, at(h, 'search.years.idOf'))],
    ['a container id below zero', (h: Header, b: Buffer) => b.writeInt32LE(-1, at(h, 'search.containers.idOf') + 4)],
    ['segment ranges that go back', (h: Header, b: Buffer) => b.writeInt32LE(99, at(h, 'search.entrySegments') + 4)],
    ['a segment that ends before it starts', (h: Header, b: Buffer) => b.writeInt32LE(-5, at(h, 'search.segmentEnd'))],
    ['a length norm over 1 (1000 thousandths)', (h: Header, b: Buffer) => b.writeUInt16LE(1001, at(h, 'search.segmentNorm'))],
    ['key starts that go back', (h: Header, b: Buffer) => b.writeInt32LE(1e6, at(h, 'search.keyStarts'))],
    ['a chunk count that does not fit the entries', (h: Header) => (h.search.chunks = 5)],
    ['more entries searched than the library has', (h: Header) => (h.search.count = 3)],
    ['a line number below zero', (h: Header, b: Buffer) => b.writeInt32LE(-3, at(h, 'startLine'))],
  ] as const) {
    it(`is refused, so the library is parsed afresh, on ${what}; nothing throws later`, () => {
      const data = crafted(change);
      assert.strictEqual(checkLibraryCache(data, 'lib.bib'), undefined);
      const decoded = decodeLibraryCache(data, 'lib.bib');
      // (a cache that still decoded must search without throwing; none of these should decode)
      for (const query of ['neural', 'smith 2001', 'parsing j', 'x']) decoded?.search?.search(query, 5);
      assert.strictEqual(decoded, undefined);
    });
  }
});
