import * as assert from 'assert';
import { LineIndex, plural } from '../../src/core/text';

describe('LineIndex', () => {
  it('maps offsets to positions and back, across LF and CRLF lines', () => {
    const index = new LineIndex('ab\r\ncd\nef');
    assert.deepStrictEqual(index.positionAt(0), { line: 0, character: 0 });
    assert.deepStrictEqual(index.positionAt(4), { line: 1, character: 0 });
    assert.deepStrictEqual(index.positionAt(8), { line: 2, character: 1 });
    assert.strictEqual(index.offsetAt({ line: 1, character: 1 }), 5);
    assert.strictEqual(index.lineText(0), 'ab');
    assert.strictEqual(index.lineCount, 3);
  });
});

describe('plural', () => {
  it('says one noun, or the plural (an s, or the one given) for any other count', () => {
    assert.deepStrictEqual([0, 1, 2].map((count) => plural(count, 'source')), ['0 sources', '1 source', '2 sources']);
    assert.deepStrictEqual([1, 47816].map((count) => plural(count, 'entry', 'entries')), ['1 entry', '47816 entries']);
  });
});
