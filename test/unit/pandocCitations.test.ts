import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { parsePandocCitations, type PandocCitation } from '../../src/core/citations/pandoc';
import { citationCases } from '../fixtures/pandoc/cases';
import { syntheticDraft } from '../fixtures/pandoc/draft';
import { normalise, pandocVersion, runPandoc, type PandocCite } from '../fixtures/pandoc/pandocJson';

const fixtures = path.resolve(__dirname, '../fixtures/pandoc');
const recorded = JSON.parse(readFileSync(path.join(fixtures, 'cases.pandoc.json'), 'utf8')) as {
  pandoc: string;
  cases: Record<string, PandocCite[]>;
};

/** Citemark's reading of a text in pandoc's terms. */
function asPandocCites(citations: PandocCitation[]): PandocCite[] {
  return citations.flatMap((citation) =>
    citation.items.map((item, index) => ({
      key: item.key,
      mode:
        citation.kind === 'narrative' && index === 0
          ? 'AuthorInText'
          : item.suppressAuthor
            ? 'SuppressAuthor'
            : 'NormalCitation',
      prefix: item.prefix,
      suffix: item.suffix,
    })),
  );
}

// Pandoc's plain text differs from the source where there is markup or smart punctuation.
const markup = /[*_`$<>"'~^\\]|--|\.\.\./;

/** Differences between Citemark's and pandoc's reading of each case (none expected). */
function differences(read: (text: string) => PandocCite[]): string[] {
  const found: string[] = [];
  for (const { name, text } of citationCases) {
    try {
      assertSameCites(asPandocCites(parsePandocCitations(text)), read(text), name);
    } catch (error) {
      found.push((error as Error).message.split('\n')[0] + `\n  text: ${JSON.stringify(text)}`);
    }
  }
  return found;
}

/** Compares keys and modes as multisets, and prefixes/suffixes where the source has no markup. */
function assertSameCites(actual: PandocCite[], expected: PandocCite[], label: string): void {
  const order = (a: PandocCite, b: PandocCite) => `${a.key}\0${a.mode}`.localeCompare(`${b.key}\0${b.mode}`);
  const sortedActual = [...actual].sort(order);
  const sortedExpected = [...expected].sort(order);
  const keysAndModes = (cites: PandocCite[]) => cites.map((cite) => `${cite.mode} ${cite.key}`);
  const [got, want] = [keysAndModes(sortedActual), keysAndModes(sortedExpected)];
  assert.deepStrictEqual(got, want, `${label}: got ${JSON.stringify(got)}, pandoc ${JSON.stringify(want)}`);
  sortedActual.forEach((cite, i) => {
    for (const part of ['prefix', 'suffix'] as const) {
      if (markup.test(cite[part])) continue;
      const [got, want] = [normalise(cite[part]), sortedExpected[i][part]];
      assert.strictEqual(got, want, `${label}: ${part} of ${cite.key} is "${got}", pandoc "${want}"`);
    }
  });
}

describe('parsePandocCitations', () => {
  it(`reads ${citationCases.length} cases as the recorded ${recorded.pandoc} does`, () => {
    assert.ok(citationCases.length >= 60);
    const byName = (text: string) => {
      const name = citationCases.find((c) => c.text === text)!.name;
      assert.ok(recorded.cases[name], `no recorded pandoc output for "${name}": run test/fixtures/pandoc/record.ts`);
      return recorded.cases[name];
    };
    assert.deepStrictEqual(differences(byName), []);
  });

  it('reads the cases as the pandoc on PATH does', function () {
    if (!pandocVersion()) this.skip(); // CI may have no pandoc: the recorded answers are checked above
    assert.deepStrictEqual(differences(runPandoc), []);
  });

  it('gives offsets that point at the keys and brackets in the text', () => {
    const texts = [...citationCases.map((c) => c.text), syntheticDraft(5_000, 200).text];
    for (const text of texts) {
      for (const citation of parsePandocCitations(text)) {
        const label = `${JSON.stringify(text.slice(citation.start, citation.end))} in ${JSON.stringify(text.slice(0, 60))}`;
        assert.strictEqual(text[citation.start], citation.kind === 'bracketed' ? '[' : '@', label);
        const last = citation.items[citation.items.length - 1];
        if (citation.kind === 'bracketed' || last.suffix) assert.strictEqual(text[citation.end - 1], ']', label);
        for (const item of citation.items) {
          assert.strictEqual(text.slice(item.keyStart, item.keyEnd), item.key, label);
          assert.ok(citation.start < item.keyStart && item.keyEnd <= citation.end, label);
        }
      }
    }
  });

  it('reads exact ranges, across CRLF line breaks and astral characters', () => {
    const text = '\u{1D400} [see @a,\r\np. 3] and @{b} [p. 4] and @c\u{1D401}d.';
    const citations = parsePandocCitations(text);
    const ranges = citations.map((c) => text.slice(c.start, c.end));
    assert.deepStrictEqual(ranges, ['[see @a,\r\np. 3]', '@{b} [p. 4]', '@c\u{1D401}d']);
    assert.deepStrictEqual(
      citations.map((c) => c.items.map((i) => [i.key, i.prefix, i.suffix, i.keyStart])),
      [[['a', 'see', ', p. 3', text.indexOf('@a') + 1]], [['b', '', 'p. 4', text.indexOf('{b') + 1]], [['c\u{1D401}d', '', '', text.indexOf('@c') + 1]]],
    );
  });

  it('reads citations in spans the caller does not ignore', () => {
    const text = 'Code `@a` and @b.';
    assert.deepStrictEqual(parsePandocCitations(text).map((c) => c.items[0].key), ['b']);
    assert.deepStrictEqual(parsePandocCitations(text, []).map((c) => c.items[0].key), ['a', 'b']);
  });

  it('reads a 40,000-word draft with 1,000 citations in a few milliseconds', () => {
    const draft = syntheticDraft(40_000, 1_000);
    const keys = parsePandocCitations(draft.text).flatMap((c) => c.items.map((item) => item.key));
    assert.deepStrictEqual(keys, draft.keys);
    for (let i = 0; i < 3; i++) parsePandocCitations(draft.text);
    const spent: number[] = [];
    for (let i = 0; i < 15; i++) {
      const start = performance.now();
      parsePandocCitations(draft.text);
      spent.push(performance.now() - start);
    }
    const median = spent.sort((a, b) => a - b)[7];
    // A complexity check, not a speed figure (that is `npm run bench -- diagnostics`): measured about
    // 4-7 ms idle; a quadratic scan would take seconds, and the ceiling leaves room for a loaded machine.
    assert.ok(median < 500, `parsePandocCitations took ${median.toFixed(1)} ms on ${draft.text.length} characters`);
  });

  it('stays linear on text full of unclosed brackets, locators and emphasis', () => {
    const n = 100_000;
    const hostile = {
      brackets: '['.repeat(n),
      bracketKeys: '[@a '.repeat(n / 4),
      bracketWords: '[see '.repeat(n / 5),
      nested: '[x [@a, p. '.repeat(n / 11),
      locators: '@a [p. 4 '.repeat(n / 9),
      emphasis: '*a @b [see '.repeat(n / 11),
      underscores: '_a @b [see '.repeat(n / 11),
      lists: '[@a; ; '.repeat(n / 7),
      links: '[@a; [@b ](u) '.repeat(n / 14),
    };
    for (const [name, text] of Object.entries(hostile)) {
      const start = performance.now();
      parsePandocCitations(text);
      const ms = performance.now() - start;
      // Quadratic work on these 100 KB texts takes many seconds.
      assert.ok(ms < 2000, `${name}: ${ms.toFixed(0)} ms`);
    }
  });
});
