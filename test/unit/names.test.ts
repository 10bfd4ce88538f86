import * as assert from 'assert';
import { parseNames } from '../../src/core/library/names';

describe('parseNames', () => {
  it('reads First Last, Last, First and von Last, Jr, First forms', () => {
    assert.deepStrictEqual(parseNames('Donald E. Knuth and Lamport, Leslie'), [
      { family: 'Knuth', given: 'Donald E.' },
      { family: 'Lamport', given: 'Leslie' },
    ]);
    assert.deepStrictEqual(parseNames('Ludwig van Beethoven'), [{ family: 'van Beethoven', given: 'Ludwig' }]);
    assert.deepStrictEqual(parseNames('van der Waals, Johannes Diderik'), [{ family: 'van der Waals', given: 'Johannes Diderik' }]);
    assert.deepStrictEqual(parseNames('King, Jr, Martin Luther'), [{ family: 'King', given: 'Martin Luther, Jr' }]);
  });

  it('keeps {Corporate Names} whole, ignores "and" inside braces, decodes accents, drops "others"', () => {
    assert.deepStrictEqual(parseNames('{Barnes and Noble, Inc.} and M{\\"u}ller, J{\\"o}rg and others'), [
      { literal: 'Barnes and Noble, Inc.' },
      { family: 'Müller', given: 'Jörg' },
    ]);
    assert.deepStrictEqual(parseNames('{\\relax Ch}ristopher {de la} Fontaine'), [{ family: 'Fontaine', given: 'Christopher de la' }]);
  });

  it('splits on AND in any case and across line breaks', () => {
    assert.deepStrictEqual(parseNames('A. One AND\n  B. Two').map((p) => p.family), ['One', 'Two']);
    assert.deepStrictEqual(parseNames('Aristotle'), [{ family: 'Aristotle' }]);
    assert.deepStrictEqual(parseNames(''), []);
  });
});
