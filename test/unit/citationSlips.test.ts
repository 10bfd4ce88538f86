import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { citationSlips } from '../../src/core/citations/citationSlips';
import { checkDocument } from '../../src/core/check';
import { Draft } from '../../src/core/draft';
import { LibraryIndex } from '../../src/core/library/libraryIndex';
import { parseLibraryFile } from '../../src/core/library/load';

// What pandoc 2.17 makes of the slips, with smith2010 and doe2011 in the bibliography (`pandoc --citeproc -t plain`):
//   `See [smith2010] and (@smith2010) and (@smith2010, p. 4) and (@smith2010; @doe2011).`
//   → `See [smith2010] and (Smith (2010)) and (Smith (2010), p. 4) and (Smith (2010); Doe (2011)).`
//   and the fixes `[@smith2010] and [@smith2010, p. 4] and [@smith2010; @doe2011]`
//   → `(Smith 2010) and (Smith 2010, 4) and (Smith 2010; Doe 2011)`.
describe('citation slips', () => {
  const KEYS = new Set(['smith2010', 'doe2011', 'good', 'fig-map', 'doe.']);
  const slips = (text: string) => citationSlips(new Draft(text, '/d.md'), (key) => KEYS.has(key)).map((slip) => [text.slice(slip.start, slip.end), slip.fix]);

  it('finds library keys in brackets without `@`, and in-text citations filling a parenthesis', () => {
    assert.deepStrictEqual(slips('See [smith2010] and (@smith2010) and (@smith2010, p. 4) and (@smith2010; @doe2011).'), [
      ['[smith2010]', '[@smith2010]'],
      ['(@smith2010)', '[@smith2010]'],
      ['(@smith2010, p. 4)', '[@smith2010, p. 4]'],
      ['(@smith2010; @doe2011)', '[@smith2010; @doe2011]'],
    ]);
    assert.deepStrictEqual(slips('[smith2010, doe2011] and [doe.] and (@{doe.}).'), [
      ['[smith2010, doe2011]', '[@smith2010; @doe2011]'],
      ['[doe.]', '[@{doe.}]'],
      ['(@{doe.})', '[@{doe.}]'],
    ]);
  });

  it('leaves Markdown and what is no slip alone', () => {
    const markdown = [
      '[smith2010](https://x.org) [text][smith2010] ![smith2010](a.png) [smith2010]{.smallcaps} [[smith2010]] \\[smith2010]',
      '`[smith2010]` `(@smith2010)` [x] [nokey] [see smith2010] [@smith2010] [^smith2010]',
      '(@fig-map) (@smith2010 [p. 4]) (see @smith2010) (@smith2010 argues) (@nokey)',
      '',
      '(@good) An example.',
      '',
      'As (@good) shows, [doe2011] is a link.',
      '',
      '[doe2011]: https://example.org',
      '',
      '```',
      '[smith2010]',
      '```',
    ].join('\n');
    assert.deepStrictEqual(slips(markdown), []);
  });

  it('is a warning with its fix in checkDocument, at the level the settings give', () => {
    const text = '---\nbibliography: library.bib\n---\n\nSee (@smith2010).\n';
    const index = new LibraryIndex();
    index.set(parseLibraryFile(Buffer.from('@article{smith2010, author={Smith, John}, title={T}, year={2010}}\n'), '/library.bib'));
    const view = index.view(['/library.bib']);
    const [slip] = checkDocument(new Draft(text, '/d.md'), view).diagnostics;
    assert.deepStrictEqual([slip.code, slip.severity, slip.range.start, slip.range.end, slip.suggestions], ['citation-form', 'warning', { line: 4, character: 4 }, { line: 4, character: 16 }, ['[@smith2010]']]);
    assert.match(slip.message, /“\(Author \(Year\)\)”/);
    assert.deepStrictEqual(checkDocument(new Draft(text, '/d.md'), view, { severities: { 'citation-form': 'ignore' } }).diagnostics, []);
  });

  it('flags nothing in the real documents of the corpora, against their own libraries', () => {
    const fixtures = path.resolve(__dirname, '../fixtures');
    let documents = 0;
    for (const corpus of fs.readdirSync(fixtures).filter((name) => name.startsWith('author-date'))) {
      for (const name of fs.readdirSync(path.join(fixtures, corpus)).filter((file) => file.endsWith('.md') && file !== 'SOURCES.md')) {
        const bib = path.join(fixtures, corpus, name.replace(/\.md$/, '.bib'));
        if (!fs.existsSync(bib)) continue;
        const keys = new Set(parseLibraryFile(fs.readFileSync(bib), bib).entries.map((entry) => entry.key));
        const found = citationSlips(new Draft(fs.readFileSync(path.join(fixtures, corpus, name), 'utf8'), name), (key) => keys.has(key));
        assert.deepStrictEqual(found, [], `${corpus}/${name}`);
        documents++;
      }
    }
    assert.ok(documents > 50, `${documents} documents`);
  });

  it('reads 100,000 hostile brackets and parentheses in linear time', () => {
    const hostile = '[smith2010 (@smith2010 ['.repeat(100_000);
    const started = Date.now();
    citationSlips(new Draft(hostile, '/d.md'), (key) => KEYS.has(key));
    assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`);
  });
});
