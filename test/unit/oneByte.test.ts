import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { parseBibtex, reparseBibtexEdit } from '../../src/core/library/bibtex';
import { decodeLibraryBytes, OneByteUtf8 } from '../../src/core/library/decode';
import { loadLibraryFile, parseLibraryFile } from '../../src/core/library/load';
import { CitationSearch } from '../../src/core/search/search';
import type { ParsedLibrary } from '../../src/core/types';
import { corpusOrSkip } from '../corpora';

const MESSY = path.resolve(__dirname, '../fixtures/bib-messy');

/** The file read one byte a character, and its decoded text read as before. */
function bothWays(bytes: Uint8Array, name: string): { oneByte: ParsedLibrary; decoded: ParsedLibrary; text: string } {
  const reading = OneByteUtf8.of(bytes);
  assert.ok(reading, `${name} is read one byte a character`);
  const { text } = decodeLibraryBytes(bytes);
  return { oneByte: parseBibtex(reading, name), decoded: parseBibtex(text, name), text };
}

/** Every search document of a library, as fuse.js would see them. */
function searchDocs(parsed: ParsedLibrary): unknown[] {
  const search = new CitationSearch(parsed.entries);
  return parsed.entries.map((_, index) => search.doc(index));
}

/** Every entry, problem and search document the same, and each key found at its offset in the decoded text. */
function assertSameReading(bytes: Uint8Array, name: string): ParsedLibrary {
  const { oneByte, decoded, text } = bothWays(bytes, name);
  assert.deepStrictEqual(oneByte.entries, decoded.entries, name);
  assert.deepStrictEqual(oneByte.problems, decoded.problems, name);
  assert.deepStrictEqual(searchDocs(oneByte), searchDocs(decoded), name);
  for (const entry of oneByte.entries) assert.ok(text.startsWith(entry.key, entry.keyOffset), `${name}: ${entry.key} at ${entry.keyOffset}`);
  return oneByte;
}

describe('BibTeX read one byte a character (a UTF-8 file, decoded only where it is not ASCII)', () => {
  it('reads every UTF-8 messy fixture as its decoded text is read', () => {
    let read = 0;
    for (const name of fs.readdirSync(MESSY).filter((file) => file.endsWith('.bib'))) {
      const bytes = fs.readFileSync(path.join(MESSY, name));
      if (!OneByteUtf8.of(bytes)) continue; // Latin-1 and Latin-2 files: decoded whole, as before
      assertSameReading(bytes, name);
      read++;
    }
    assert.ok(read >= 20, `${read} fixtures read one byte a character`);
  });

  it('gives keys, field names, values, macros, messages and offsets after 2-, 3- and 4-byte characters as the decoded text does', () => {
    const text = [
      '\ufeff% Bibliographie — ünïcödé, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀 before any entry',
      '@string{Straße = {Müller 😀 \\"o}}',
      '@article{Müllerà2020,',
      '  author = {Müller, Jörg and 山田, 太郎 and {Ærø Group}},',
      '  title = {Über 😀 {Tëst} -- ✓} # straße,',
      '  jöurnal = {Zeitschrift},',
      '  note = "quoted 😀 {ü}",',
      '}',
      '@book{ключ😀, title = {Книга}, author = {Лев Толстой}}',
      '@misc{broken😀, title = {x} é = {y}}',
      '@misc{after, title = {z} ,, year = 2020, month = jän}',
      '@misc{wrongclose😀, title = {x})',
      '@misc{k, title = {v}, é}',
      '@Über{typed, title = {t}}',
      '@preamble{"x" é}',
      '',
    ].join('\r\n');
    const parsed = assertSameReading(Buffer.from(text, 'utf8'), 'unicode.bib');
    assert.deepStrictEqual(parsed.entries.map((entry) => entry.key), ['Müllerà2020', 'ключ😀', 'after', 'typed']);
    assert.strictEqual(parsed.entries[0].fields?.title, 'Über 😀 {Tëst} -- ✓Müller 😀 \\"o');
    assert.strictEqual(parsed.entries[0].fields?.['jöurnal'], 'Zeitschrift');
    assert.deepStrictEqual(parsed.entries[3].type, 'über');
    assert.deepStrictEqual(parsed.problems.map((p) => `${p.line} ${p.message}`), [
      "9 Missing ',' after field 'title'",
      "10 Unknown macro 'jän' in field 'month' of 'after'; kept as written",
      "11 Entry 'wrongclose😀' is closed with ')' instead of '}'",
      "12 Missing '=' after field 'é'",
      "14 Entry: unexpected 'é'",
    ]);
  });

  it('is not used where BibTeX would read a non-ASCII blank, nor for bytes that are not UTF-8', () => {
    assert.strictEqual(OneByteUtf8.of(Buffer.from('@misc{a,\u00a0title = {x}}', 'utf8')), undefined);
    assert.strictEqual(OneByteUtf8.of(Buffer.from('@misc{a, title = {x}}\ufeff', 'utf8')), undefined);
    assert.strictEqual(OneByteUtf8.of(Buffer.from('@misc{a, title = {caf\xe9}}', 'latin1')), undefined);
    assert.ok(OneByteUtf8.of(Buffer.from('\ufeff@misc{a, title = {à}}', 'utf8')), 'a BOM at the start is no blank inside');
  });

  it('leaves a state from which an edit of the decoded text is read again as a full parse reads it', () => {
    const text = '@misc{ä, title = {😀 one}}\n@misc{b, title = {Zwei ü}}\n\n@misc{c, title = {drei}}\n';
    const reading = OneByteUtf8.of(Buffer.from(text, 'utf8'))!;
    const first = parseBibtex(reading, 'edit.bib');
    const edited = text.replace('Zwei', 'Zwei 😀 und');
    const again = reparseBibtexEdit(first, text, edited);
    assert.deepStrictEqual(again, parseBibtex(edited, 'edit.bib'));
    assert.ok(edited.startsWith('c', again.entries[2].keyOffset));
  });

  it('loadLibraryFile gives what parseLibraryFile gives, for BibTeX in UTF-8 and Latin-1 and for CSL-JSON', async () => {
    const files = {
      'a.bib': Buffer.from('@misc{ü, title = {😀}}\n', 'utf8'),
      'b.bib': fs.readFileSync(path.join(MESSY, 'biber-encoding3-latin1.bib')),
      'c.json': Buffer.from(JSON.stringify([{ id: 'x', type: 'book', title: 'T' }])),
    };
    for (const [name, bytes] of Object.entries(files)) {
      assert.deepStrictEqual(await loadLibraryFile(async () => bytes, name), parseLibraryFile(bytes, name), name);
    }
  });

  it('reads the ACL Anthology as its decoded text is read', function () {
    this.timeout(120_000);
    const bytes = zlib.gunzipSync(fs.readFileSync(corpusOrSkip(this, 'acl-anthology-via-jgrey.bib.gz')));
    assert.strictEqual(assertSameReading(bytes, 'acl.bib').entries.length, 88133);
  });
});
