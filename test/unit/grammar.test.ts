import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { parsePandocCitations } from '../../src/core/citations/pandoc';

// VS Code reads the grammar with Oniguruma; these checks compile its expressions with JavaScript
// RegExp (the subset used is the same in both) and try them on citations and non-citations.

interface Rule {
  match?: string;
  begin?: string;
  end?: string;
  name?: string;
  patterns?: Array<{ include?: string; match?: string }>;
}

const grammarFile = path.resolve(__dirname, '../../syntaxes/citemark.citations.tmLanguage.json');
const grammar = JSON.parse(readFileSync(grammarFile, 'utf8')) as {
  scopeName: string;
  injectionSelector: string;
  patterns: Array<{ include: string }>;
  repository: Record<string, Rule>;
};

const regex = (rule: string, part: 'match' | 'begin' | 'end', flags = 'gu') => {
  const source = grammar.repository[rule][part];
  assert.ok(source, `${rule} has no ${part}`);
  return new RegExp(source, flags);
};

/** Keys the narrative rule finds in a line. */
const narrativeKeys = (line: string) => [...line.matchAll(regex('narrative', 'match'))].map((m) => m[3] ?? m[5]);

describe('citation grammar', () => {
  it('is an injection into Markdown outside code and comments, with rules that compile', () => {
    assert.strictEqual(grammar.scopeName, 'citemark.citations.injection');
    assert.strictEqual(grammar.injectionSelector, 'L:text.html.markdown -markup.fenced_code -markup.inline.raw -comment');
    for (const include of grammar.patterns.map((p) => p.include.slice(1))) assert.ok(grammar.repository[include], include);
    for (const [name, rule] of Object.entries(grammar.repository)) {
      for (const part of ['match', 'begin', 'end'] as const) if (rule[part]) regex(name, part);
      for (const include of rule.patterns ?? []) {
        if (include.include) assert.ok(grammar.repository[include.include.slice(1)], `${name} includes ${include.include}`);
        if (include.match) new RegExp(include.match, 'u');
      }
    }
  });

  it('finds narrative keys as pandoc reads them, not e-mail addresses or escaped @', () => {
    assert.deepStrictEqual(narrativeKeys('@doe99 says, as @{https://x.org/y} and @doe:2020.a. show'), [
      'doe99',
      'https://x.org/y',
      'doe:2020.a',
    ]);
    assert.deepStrictEqual(narrativeKeys('write to john@example.com or x.@b, \\@c, 1.@d, @ e'), []);
    assert.deepStrictEqual(narrativeKeys('see (@Müller_2020) and @日本'), ['Müller_2020', '日本']);
  });

  it('agrees with the parser on the keys of narrative citations', () => {
    const line = 'As @smith04 [p. 33] and @doe-99 show, (see @a:b.c) but not me@x.org or @a..b.';
    const parsed = parsePandocCitations(line).map((citation) => citation.items[0].key);
    assert.deepStrictEqual(narrativeKeys(line), parsed);
  });

  it('takes a narrative locator and scopes it as a locator', () => {
    const match = regex('narrative', 'match', 'u').exec('@smith04 [p. 33] says');
    assert.ok(match);
    assert.strictEqual(match[8], 'p. 33');
    assert.ok(regex('locator', 'match', 'u').test(match[8]));
    assert.strictEqual(regex('narrative', 'match', 'u').exec('@a [^1]')![0], '@a'); // a footnote
  });

  it('opens bracketed citations but not links, spans or plain brackets', () => {
    const opens = (line: string) => regex('bracketed', 'begin', 'u').exec(line)?.index;
    assert.strictEqual(opens('Blah [see @doe99, pp. 33-35; also @smith04, chap. 1].'), 5);
    assert.strictEqual(opens('[-@smith04]'), 0);
    assert.strictEqual(opens('[see @a,'), 0); // continued on the next line
    assert.strictEqual(opens('[@a](http://x.org)'), undefined);
    assert.strictEqual(opens('[@a]{.class}'), undefined);
    assert.strictEqual(opens('[mail john@example.com]'), undefined);
    assert.strictEqual(opens('[a link](http://x.org/@a)'), undefined);
    assert.ok(regex('bracketed', 'end', 'u').test(']'));
  });

  it('scopes -@ as suppressing the author, and the keys inside brackets', () => {
    const keys = [...'[see -@a, p. 3; @{b c}; @b]'.matchAll(regex('item-key', 'match'))];
    assert.deepStrictEqual(
      keys.map((m) => [m[1] ?? '', m[4] ?? m[6]]),
      [
        ['-', 'a'],
        ['', 'b'],
      ],
    );
  });

  it('scopes locators', () => {
    const locators = (text: string) => [...text.matchAll(regex('locator', 'match'))].map((m) => m[0]);
    assert.deepStrictEqual(locators(', p. 3'), ['p. 3']);
    assert.deepStrictEqual(locators(', pp. 33-35, 38'), ['pp. 33-35, 38']);
    assert.deepStrictEqual(locators('ch. 2 and sec. 4.1 and chap. 1'), ['ch. 2', 'sec. 4.1', 'chap. 1']);
    assert.deepStrictEqual(locators('perhaps 3 and up 4'), []);
  });
});
