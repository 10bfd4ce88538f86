import * as assert from 'assert';
import { isInsideCitation } from '../../src/core/languageFeatures/linkCheck';

describe('citations that VS Code takes for reference links', () => {
  const text = 'As [@doe99; @roe2001, p. 4] and [see @poe88] show, [a real link] and [text][ref] are links; `[@code]` is code.';
  const range = (inner: string): [number, number] => [text.indexOf(inner), text.indexOf(inner) + inner.length];

  it('knows a citation from a link', () => {
    assert.ok(isInsideCitation(text, ...range('@doe99; @roe2001, p. 4')));
    assert.ok(isInsideCitation(text, ...range('see @poe88')));
    assert.ok(!isInsideCitation(text, ...range('a real link')));
    assert.ok(!isInsideCitation(text, ...range('ref')));
  });

  it('does not count citation-like text in code', () => {
    assert.ok(!isInsideCitation(text, ...range('@code')));
  });
});
