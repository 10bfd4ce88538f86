import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { parseLibraryFile } from '../../src/core/library/load';
import { endsInsideEntry, looksHalfWritten } from '../../src/core/library/reload';

const file = path.resolve(__dirname, '../fixtures/bib-messy/biber-examples.bib');

describe('reloading a library that is being written', () => {
  it('holds on to the previous index for an empty, cut-off or shorter file, not for an edit that keeps every entry', async () => {
    const bytes = await fs.readFile(file);
    const previous = parseLibraryFile(bytes, file);
    const read = (data: Buffer) => [parseLibraryFile(data, file), data.length] as const;

    const [empty, emptySize] = read(Buffer.alloc(0));
    assert.strictEqual(looksHalfWritten(previous, empty, emptySize), true);

    // Cut in the middle of an entry, as a save in progress leaves it.
    const text = bytes.toString('latin1');
    const cut = text.indexOf('title', Math.floor(text.length / 2));
    const [half, halfSize] = read(bytes.subarray(0, cut));
    assert.ok(half.entries.length < previous.entries.length);
    assert.strictEqual(looksHalfWritten(previous, half, halfSize), true);

    // Cut between two entries: it parses cleanly, but it may still be a save in progress.
    const lastEntry = text.lastIndexOf('\n@');
    const [shorter, shorterSize] = read(bytes.subarray(0, lastEntry + 1));
    assert.strictEqual(looksHalfWritten(previous, shorter, shorterSize), true);

    // One title longer: every entry is there.
    const edited = Buffer.from(text.replace(/title\s*=\s*\{/, '$&Edited '), 'latin1');
    const [same, sameSize] = read(edited);
    assert.strictEqual(looksHalfWritten(previous, same, sameSize), false);
    assert.strictEqual(looksHalfWritten(undefined, empty, 0), false);
    assert.strictEqual(looksHalfWritten(undefined, half, halfSize), false, 'nothing to compare with');
  });

  it('tells a file cut inside an entry from one that ends between entries', async () => {
    const bytes = await fs.readFile(file);
    const text = bytes.toString('latin1');
    assert.strictEqual(endsInsideEntry(bytes), false, 'the whole file');
    assert.strictEqual(endsInsideEntry(bytes.subarray(0, text.indexOf('title', Math.floor(text.length / 2)))), true, 'cut before a field');
    assert.strictEqual(endsInsideEntry(bytes.subarray(0, text.lastIndexOf('\n@') + 1)), false, 'cut between two entries');
    assert.strictEqual(endsInsideEntry(bytes.subarray(0, text.lastIndexOf('\n@') + 12)), true, 'cut in the last entry\'s first line');
    const of = (value: string) => endsInsideEntry(Buffer.from(value));
    assert.strictEqual(of('@misc{a, title = {Half \\} written'), true, 'an escaped brace does not close');
    assert.strictEqual(of('@misc{a, title = {Done}}\n\n% a comment {\n'), false, 'a brace in a comment after the last entry');
    assert.strictEqual(of('  @misc{a, title = {Indented'), true, 'an entry indented on its line');
    assert.strictEqual(of('@misc(a, title = {Parenthesised}'), false, 'an entry in parentheses is not told');
    assert.strictEqual(of(''), false);
  });
});
