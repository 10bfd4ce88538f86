import * as assert from 'assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readFrontMatter } from '../../src/core/markdown/frontMatter';

// Every front-matter form Pandoc, Quarto and R Markdown users write, read through readFrontMatter.
const fixtures = path.resolve(__dirname, '../fixtures/frontmatter');
const read = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');

describe('front matter forms (Pandoc, Quarto, R Markdown)', () => {
  it('bibliography as one path', () => {
    const front = readFrontMatter('---\nbibliography: "library/My Refs.bib"\n---\n', '/d/a.md');
    assert.deepStrictEqual(front.bibliography, ['library/My Refs.bib']);
    assert.deepStrictEqual(front.problems, []);
  });

  it('bibliography as a block list and as a flow list', () => {
    const block = readFrontMatter('---\nbibliography:\n  - refs.bib\n  - more/refs.json\n  - inline.yaml\n---\n', '/d/a.md');
    assert.deepStrictEqual(block.bibliography, ['refs.bib', 'more/refs.json', 'inline.yaml']);
    const flow = readFrontMatter('---\nbibliography: [refs.bib, "other refs.bib"]\n---\n', '/d/a.md');
    assert.deepStrictEqual(flow.bibliography, ['refs.bib', 'other refs.bib']);
  });

  it('references: several inline CSL-YAML items with their own lines, ended by `...`', () => {
    const text = read('references.md');
    const front = readFrontMatter(text, '/d/references.md');
    assert.deepStrictEqual(front.problems, []);
    assert.deepStrictEqual(
      front.references.map((entry) => [entry.key, entry.type, entry.year, entry.startLine]),
      [
        ['doe2020', 'book', '2020', 3],
        ['roe-2019', 'article-journal', '2019', 13],
        ['smith_thesis', 'thesis', '2018', 25],
      ],
    );
    const [doe, roe] = front.references;
    assert.deepStrictEqual(doe.authors, [{ family: 'Doe', given: 'Jane' }]);
    assert.strictEqual(doe.source, '/d/references.md');
    assert.deepStrictEqual(roe.authors, [{ family: 'Roe', given: 'Richard' }, { literal: 'The Study Group' }]);
    assert.strictEqual(roe.title, 'An article: with a colon');
    assert.strictEqual(roe.container, 'Journal of Examples');
    assert.strictEqual(roe.doi, '10.1000/xyz123');
    assert.strictEqual(roe.endLine, 24);
    const lines = text.split('\n');
    assert.strictEqual(lines[front.endLine], '...');
    assert.deepStrictEqual(front.nocite, ['doe2020', 'roe-2019']);
  });

  it('csl as a file and as a style URL', () => {
    assert.strictEqual(readFrontMatter('---\ncsl: styles/apa-7th.csl\n---\n', 'a.md').csl, 'styles/apa-7th.csl');
    assert.strictEqual(
      readFrontMatter('---\ncsl: https://www.zotero.org/styles/apa\n---\n', 'a.md').csl,
      'https://www.zotero.org/styles/apa',
    );
  });

  it('nocite with @* and with keys, as a block scalar and as a quoted string', () => {
    assert.deepStrictEqual(readFrontMatter('---\nnocite: |\n  @*\n---\n', 'a.md').nocite, ['*']);
    assert.deepStrictEqual(readFrontMatter("---\nnocite: '@*'\n---\n", 'a.md').nocite, ['*']);
    // pandoc 2.17 reads `@{weird key}` as text, not a citation (no spaces in braced keys); `@{odd:key}` is one.
    assert.deepStrictEqual(
      readFrontMatter('---\nnocite: |\n  @smith2010, @doe:2020\n  @{weird key} @{odd:key}\n---\n', 'a.md').nocite,
      ['smith2010', 'doe:2020', 'odd:key'],
    );
    assert.deepStrictEqual(readFrontMatter('---\nnocite: "@a; @b."\n---\n', 'a.md').nocite, ['a', 'b']);
  });

  it('link-citations and suppress-bibliography are read without any complaint', () => {
    const text = [
      '---',
      'title: Quiet',
      'bibliography: refs.bib',
      'link-citations: true',
      'link-bibliography: false',
      'suppress-bibliography: true',
      'reference-section-title: Works cited',
      'citation-abbreviations: abbreviations.json',
      'lang: en-GB',
      '---',
      'Text [@a].',
    ].join('\n');
    const front = readFrontMatter(text, 'a.md');
    assert.deepStrictEqual(front.problems, []);
    assert.deepStrictEqual(front.bibliography, ['refs.bib']);
    assert.strictEqual(front.endLine, 9);
  });

  it('an R Markdown front matter with `output: html_document`, inline R and R chunk options after it', () => {
    const front = readFrontMatter(read('analysis.Rmd'), '/d/analysis.Rmd');
    assert.deepStrictEqual(front.problems, []);
    assert.deepStrictEqual(front.bibliography, ['references.bib', 'extra.json']);
    assert.strictEqual(front.csl, 'apa.csl');
    assert.strictEqual(front.endLine, 10);
    const nested = readFrontMatter(
      '---\ntitle: "x"\noutput:\n  bookdown::html_document2:\n    toc: true\n    number_sections: false\nbibliography: refs.bib\n---\n\n```{r, echo=FALSE}\n1 + 1\n```\n',
      '/d/b.Rmd',
    );
    assert.deepStrictEqual(nested.problems, []);
    assert.deepStrictEqual(nested.bibliography, ['refs.bib']);
  });

  it('a YAML block ended by `...` instead of `---`', () => {
    const front = readFrontMatter('---\nbibliography: refs.bib\ncsl: apa.csl\n...\n\nText with --- a rule later\n---\n', 'a.md');
    assert.deepStrictEqual(front.bibliography, ['refs.bib']);
    assert.strictEqual(front.csl, 'apa.csl');
    assert.strictEqual(front.endLine, 3);
  });

  it('CRLF line endings: same values, no stray \\r, same lines', () => {
    const lf = read('references.md');
    const crlf = lf.replace(/\n/g, '\r\n');
    const fromLf = readFrontMatter(lf, '/d/references.md');
    const fromCrlf = readFrontMatter(crlf, '/d/references.md');
    assert.deepStrictEqual(fromCrlf.problems, []);
    assert.strictEqual(fromCrlf.endLine, fromLf.endLine);
    assert.deepStrictEqual(fromCrlf.nocite, fromLf.nocite);
    assert.deepStrictEqual(
      fromCrlf.references.map((entry) => [entry.key, entry.title, entry.startLine, entry.endLine]),
      fromLf.references.map((entry) => [entry.key, entry.title, entry.startLine, entry.endLine]),
    );
    const simple = readFrontMatter('---\r\nbibliography:\r\n  - a.bib\r\n  - b.bib\r\ncsl: apa.csl\r\n---\r\nText\r\n', 'a.md');
    assert.deepStrictEqual(simple.bibliography, ['a.bib', 'b.bib']);
    assert.strictEqual(simple.csl, 'apa.csl');
    assert.strictEqual(simple.endLine, 5);
  });
});
