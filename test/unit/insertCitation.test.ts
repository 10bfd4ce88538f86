import * as assert from 'assert';
import { citationText, citeKey, needsBraces } from '../../src/core/languageFeatures/insertCitation';
import { citedKeys } from '../../src/core/languageFeatures/references';

describe('citationText', () => {
  it('writes Pandoc, narrative and LaTeX citations', () => {
    assert.strictEqual(citationText(['doe99'], 'pandoc'), '[@doe99]');
    assert.strictEqual(citationText(['doe99', 'smith:2004'], 'pandoc'), '[@doe99; @smith:2004]');
    assert.strictEqual(citationText(['doe99', 'smith:2004'], 'narrative'), '@doe99; @smith:2004');
    assert.strictEqual(citationText(['doe99', 'smith:2004'], 'latex'), '\\cite{doe99,smith:2004}');
  });

  it('braces keys that Pandoc would not read bare, and the Pandoc parser reads them back whole', () => {
    const keys = ['doe99', 'baez/article', 'http://x.org/a', 'smith!', 'doe.', '-dash', 'é_2020', 'a..b'];
    assert.deepStrictEqual(keys.map(needsBraces), [false, false, false, true, true, true, false, true]);
    assert.strictEqual(citeKey('doe.'), '@{doe.}');
    const text = `${citationText(keys, 'pandoc')} and ${citationText(keys, 'narrative')}.`;
    assert.deepStrictEqual(citedKeys(text).map((cited) => cited.key), [...keys, ...keys]);
  });

  it('refuses an empty list and an unknown format', () => {
    assert.throws(() => citationText([], 'pandoc'), /No citation key/);
    assert.throws(() => citationText(['a'], 'html' as never), /Unknown citation format 'html'/);
  });
});
