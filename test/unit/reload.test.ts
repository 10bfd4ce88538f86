import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { parseLibraryFile } from '../../src/core/library/load';
import { looksHalfWritten } from '../../src/core/library/reload';

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
});
