import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseBibtex } from '../../src/core/library/bibtex';
import { decodeLibraryBytes } from '../../src/core/library/decode';
import { parseLibraryFile, readLibraryFile } from '../../src/core/library/load';

const messy = path.resolve(__dirname, '../fixtures/bib-messy');

describe('readLibraryFile', () => {
  it('reads again only the entry an edit touches, with the result of a full read', () => {
    const bytes = fs.readFileSync(path.join(messy, 'biber-examples.bib'));
    const first = readLibraryFile(bytes, 'examples.bib');
    assert.strictEqual(first.reread, first.parsed.entries.length);
    const text = bytes.toString('utf8');
    const edited = Buffer.from(text.replace('{Les rites de passage}', '{Les rites de passage, revised}'));
    const second = readLibraryFile(edited, 'examples.bib', first);
    assert.strictEqual(second.reread, 1);
    assert.deepStrictEqual(second.parsed, parseLibraryFile(edited, 'examples.bib'));
    assert.strictEqual(second.parsed.entries.find((entry) => entry.key === 'vangennep')?.title, 'Les rites de passage, revised');
    assert.strictEqual(readLibraryFile(edited, 'examples.bib', second).reread, 0, 'the same bytes again');
  });

  it('reads a UTF-8 file one byte a character, its text decoded when asked, and an edit after it as a full read', () => {
    const text = '@misc{Ünal2020, author = {Ünal, Zoë}, title = {Ça 中文}}\n@misc{emoji😀, title = {Smile}}\n@misc{last, title = {Last}}\n';
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    const first = readLibraryFile(bytes, 'unicode.bib');
    assert.deepStrictEqual(first.parsed, parseBibtex(text, 'unicode.bib'));
    assert.strictEqual(first.text, decodeLibraryBytes(bytes).text);
    assert.deepStrictEqual(first.parsed.entries.map((entry) => text.slice(entry.keyOffset, entry.keyOffset + entry.key.length)), ['Ünal2020', 'emoji😀', 'last']);
    const edited = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace('{Smile}', '{Smile, wider}'))]);
    const second = readLibraryFile(edited, 'unicode.bib', first);
    assert.strictEqual(second.reread, 1);
    assert.deepStrictEqual(second.parsed, readLibraryFile(edited, 'unicode.bib').parsed);
    assert.deepStrictEqual(second.parsed, parseBibtex(decodeLibraryBytes(edited).text, 'unicode.bib'));
  });

  it('keeps one "Not UTF-8" warning across reads of a Latin-1 file', () => {
    const bytes = fs.readFileSync(path.join(messy, 'biber-encoding3-latin1.bib'));
    const first = readLibraryFile(bytes, 'latin1.bib');
    const edited = Buffer.from(bytes.toString('latin1').replace('A press', 'Another press'), 'latin1');
    const second = readLibraryFile(edited, 'latin1.bib', first);
    assert.strictEqual(second.reread, 1);
    assert.deepStrictEqual(second.parsed, parseLibraryFile(edited, 'latin1.bib'));
    assert.strictEqual(second.parsed.entries[0].fields?.publisher, 'Another press');
    const warnings = (read: typeof first) => read.parsed.problems.filter((problem) => problem.message.startsWith('Not UTF-8')).length;
    assert.deepStrictEqual([warnings(first), warnings(second), warnings(readLibraryFile(edited, 'latin1.bib', second))], [1, 1, 1]);
  });

  it('reads a CSL-JSON file whole, whatever was read before', () => {
    const items = (title: string) => Buffer.from(JSON.stringify([{ id: 'a', type: 'book', title: 'A' }, { id: 'b', type: 'book', title }]));
    const first = readLibraryFile(items('B'), 'refs.json');
    const second = readLibraryFile(items('B, revised'), 'refs.json', first);
    assert.strictEqual(second.reread, 2);
    assert.deepStrictEqual(second.parsed.entries.map((entry) => entry.title), ['A', 'B, revised']);
  });
});

describe('decodeLibraryBytes', () => {
  it('reads the encoding a file declares (JabRef, Emacs), and UTF-8 whatever the declaration says', () => {
    // "Łódź" in ISO-8859-2: Ł 0xA3, ó 0xF3, d, ź 0xBC
    const lodz = [0xa3, 0xf3, 0x64, 0xbc];
    const withHeader = (header: string) => Buffer.concat([Buffer.from(`${header}\n@book{a, title = {`), Buffer.from(lodz), Buffer.from('}}\n')]);
    assert.deepStrictEqual(decodeLibraryBytes(withHeader('% Encoding: ISO8859_2')), { text: '% Encoding: ISO8859_2\n@book{a, title = {Łódź}}\n', encoding: 'iso-8859-2' });
    assert.strictEqual(decodeLibraryBytes(withHeader('% -*- coding: latin-2-dos -*-')).encoding, 'iso-8859-2');
    // no declaration, or one this runtime does not know: windows-1252, where 0xA3 is £ and 0xBC ¼
    assert.deepStrictEqual(decodeLibraryBytes(withHeader('% nothing said')), { text: '% nothing said\n@book{a, title = {£ód¼}}\n', encoding: 'latin-1' });
    assert.strictEqual(decodeLibraryBytes(withHeader('% Encoding: no-such-charset')).encoding, 'latin-1');
    const utf8 = Buffer.from('% Encoding: ISO8859_2\n@book{a, title = {Łódź}}\n');
    assert.deepStrictEqual(decodeLibraryBytes(utf8), { text: utf8.toString('utf8'), encoding: 'utf-8' });
  });
});
