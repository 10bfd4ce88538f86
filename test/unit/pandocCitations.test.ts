import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { parsePandocCitations, type PandocCitation } from '../../src/core/citations/pandoc';
import { citationCases } from '../fixtures/pandoc/cases';
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
});
