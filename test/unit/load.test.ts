import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseLibraryFile, readLibraryFile } from '../../src/core/library/load';

const messy = path.resolve(__dirname, '../../../shared/fixtures/bib-messy');

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
