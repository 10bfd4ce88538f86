import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseBibtex } from '../../src/core/library/bibtex';
import { LibraryIndex } from '../../src/core/library/libraryIndex';
import { parseCodebook } from '../../src/core/themes/codebook';
import { buildMatrix, shortCitation, type SynthesisMatrix } from '../../src/core/themes/matrix';

const examples = path.resolve(__dirname, '../../examples');
const read = (file: string) => fs.readFileSync(path.join(examples, file), 'utf8');
const codebook = parseCodebook(read('themes.yaml'), 'themes.yaml');
const review = { path: 'review.md', text: read('review.md') };
const library = parseBibtex(read('library.bib'), 'library.bib');

function cell(matrix: SynthesisMatrix, key: string, themePath: string) {
  const row = matrix.rows.find((candidate) => candidate.key === key);
  const column = matrix.themes.findIndex((theme) => theme.path === themePath);
  assert.ok(row && column !== -1, `${key} × ${themePath}`);
  return { count: row.cells[column].passages.length, direct: row.cells[column].direct };
}

describe('synthesis matrix', () => {
  const matrix = buildMatrix(codebook, [review], library.entries);

  it('has one column per theme, sub-themes right after their parent', () => {
    assert.strictEqual(library.problems.length, 0);
    assert.deepStrictEqual(matrix.themes.map((theme) => `${theme.depth}:${theme.id}`), [
      '0:protection', '1:reintegration', '1:movement-against-violence', '1:human-rights', '1:monitoring',
      '0:culture-of-peace', '1:communication', '1:good-governance', '1:peace-media', '1:peace-education',
    ]);
  });

  it('counts, in every cell, the passages of the column whose text cites the source', () => {
    for (const row of matrix.rows) {
      matrix.themes.forEach((theme, index) => {
        const citing = theme.passages.filter((passage) => {
          const { start, end } = matrix.passages[passage];
          return new RegExp(`@${row.key}\\b`).test(review.text.slice(start, end));
        });
        assert.deepStrictEqual(row.cells[index].passages, citing, `${row.key} × ${theme.path}`);
      });
    }
  });

  it('counts the example review as tagged by hand', () => {
    // Okafor is cited in the Reintegration section (one passage, tagged in a comment under its heading).
    assert.deepStrictEqual(cell(matrix, 'okafor2018', 'protection/reintegration'), { count: 1, direct: false });
    // Kovač: two tagged paragraphs under "Movements against violence", one also tagged #communication.
    assert.deepStrictEqual(cell(matrix, 'kovac2014', 'protection/movement-against-violence'), { count: 2, direct: false });
    assert.deepStrictEqual(cell(matrix, 'kovac2014', 'culture-of-peace/communication'), { count: 1, direct: false });
    // The whole "# Protection" section is one passage of the protection column: sub-theme tags inside it add nothing.
    assert.deepStrictEqual(cell(matrix, 'kovac2014', 'protection'), { count: 1, direct: false });
    // Ndlovu: a list item tagged in a comment and the closing paragraph of "Peace education".
    assert.deepStrictEqual(cell(matrix, 'ndlovu2019', 'culture-of-peace/peace-education'), { count: 2, direct: false });
    // Haddad is cited under monitoring and given the theme in the codebook; the parent column inherits the mark.
    assert.deepStrictEqual(cell(matrix, 'haddad2020', 'protection/monitoring'), { count: 1, direct: true });
    assert.deepStrictEqual(cell(matrix, 'haddad2020', 'protection'), { count: 1, direct: true });
    // Tanaka is never cited, only tagged in the codebook.
    assert.deepStrictEqual(cell(matrix, 'tanaka2011', 'culture-of-peace/peace-education'), { count: 0, direct: true });
    assert.strictEqual(matrix.rows.find((row) => row.key === 'tanaka2011')?.total, 0);
    // Ortega's list item carries two tags from different branches.
    assert.deepStrictEqual(cell(matrix, 'ortega2016', 'protection/reintegration'), { count: 1, direct: false });
  });

  it('lists each tagged passage once, with its themes, citations and first words', () => {
    const scopes = matrix.passages.map((passage) => `${passage.start}:${passage.end}`);
    assert.strictEqual(new Set(scopes).size, scopes.length);
    const rumours = matrix.passages.find((passage) => passage.preview.startsWith('Rumours are also'));
    assert.deepStrictEqual(rumours && [rumours.kind, rumours.themes, rumours.keys], ['paragraph', ['communication', 'peace-media'], ['santos2020']]);
    const reintegration = matrix.passages.find((passage) => passage.themes.includes('reintegration') && passage.kind === 'section');
    assert.strictEqual(reintegration?.preview, 'Reintegration of former combatants');
    assert.strictEqual(review.text.split('\n')[reintegration.line], '## Reintegration of former combatants');
    assert.deepStrictEqual(reintegration.keys, ['okafor2018', 'baptiste2013', 'psn2018']);
  });

  it('labels rows with short citations, sorted, and counts sources per column', () => {
    const labels = matrix.rows.map((row) => row.label);
    assert.deepStrictEqual(labels, [...labels].sort((a, b) => a.localeCompare(b)));
    assert.ok(labels.includes('Okafor & Bergström (2018)'));
    assert.ok(labels.includes('Ortega et al. (2016)'));
    assert.ok(labels.includes('Peacebuilding Support Network (2018)'));
    const column = matrix.themes.findIndex((theme) => theme.id === 'peace-media');
    assert.strictEqual(matrix.themes[column].sources, matrix.rows.filter((row) => row.cells[column].passages.length > 0 || row.cells[column].direct).length);
    assert.strictEqual(shortCitation(undefined, 'ghost2024'), 'ghost2024 (not in the library)');
  });

  it('tells apart sources with the same short citation', () => {
    const haddad = library.entries.find((entry) => entry.key === 'haddad2020')!;
    const twin = { ...haddad, authors: haddad.authors, editors: haddad.editors, key: 'haddad2020b' };
    const draft = { path: 'd.md', text: 'Both counts [@haddad2020; @haddad2020b]. #monitoring\n' };
    const twins = buildMatrix(codebook, [draft], [...library.entries, twin]);
    assert.deepStrictEqual(
      twins.rows.filter((row) => row.key.startsWith('haddad')).map((row) => [row.key, row.label]),
      [['haddad2020', 'Haddad (2020a)'], ['haddad2020b', 'Haddad (2020b)']],
    );
  });

  it('reads keywords as direct themes only when asked', () => {
    assert.strictEqual(cell(matrix, 'okafor2018', 'protection/reintegration').direct, false);
    const withKeywords = buildMatrix(codebook, [review], library.entries, { keywordsAsTags: true });
    assert.strictEqual(cell(withKeywords, 'okafor2018', 'protection/reintegration').direct, true);
    assert.strictEqual(cell(withKeywords, 'sharma2015', 'culture-of-peace/good-governance').direct, true);
    assert.strictEqual(cell(withKeywords, 'okafor2018', 'culture-of-peace').direct, false);
  });

  it('labels rows from a library view by looking up the cited keys: every entry is read only for keywordsAsTags', () => {
    const index = new LibraryIndex();
    index.set(library);
    const view = index.view();
    let readAll = 0;
    // (a library decoded lazily makes every entry on `entries()`: 88,000 of them for the ACL library)
    const lookup = { get: (key: string) => view.get(key), entries: () => (readAll++, view.entries()) };
    assert.deepStrictEqual(buildMatrix(codebook, [review], lookup), matrix);
    assert.strictEqual(readAll, 0);
    assert.deepStrictEqual(buildMatrix(codebook, [review], lookup, { keywordsAsTags: true }), buildMatrix(codebook, [review], library.entries, { keywordsAsTags: true }));
    assert.strictEqual(readAll, 1);
  });

  it('ignores unknown tags and labels a source missing from the library by its key, saying so', () => {
    const draft = { path: 'd.md', text: '# A\n\nText [@okafor2018; @ghost2024]. #reintegration #not-a-theme\n' };
    const small = buildMatrix(codebook, [draft], []);
    assert.deepStrictEqual(small.passages.map((passage) => passage.themes), [['reintegration']]);
    assert.deepStrictEqual(small.rows.filter((row) => row.total > 0).map((row) => row.label), ['ghost2024 (not in the library)', 'okafor2018 (not in the library)']);
  });

  it('counts the tagged passages that cite no source in a last row of their own, not as a source', () => {
    // A study's own data: an interview quote tagged with a theme cites nothing (found in a user trial: such passages vanished from every export).
    const draft = { path: 'd.md', text: '# A\n\n| “We had no training.” #reintegration\n\nText [@okafor2018]. #reintegration #monitoring\n' };
    const small = buildMatrix(codebook, [draft], library.entries);
    const cited = small.rows.filter((row) => row.total > 0);
    assert.deepStrictEqual(cited.map((row) => [row.key, row.label, row.total]), [['okafor2018', 'Okafor & Bergström (2018)', 1], ['', 'No source cited', 1]]);
    assert.strictEqual(small.rows.at(-1)!.key, '');
    const reintegration = small.themes.findIndex((theme) => theme.id === 'reintegration');
    assert.deepStrictEqual(cited[1].cells[reintegration].passages, [0]);
    // (the sources given the theme in the codebook, and Okafor & Bergström: not the row of no source)
    assert.strictEqual(small.themes[reintegration].sources, buildMatrix(codebook, [{ path: 'd.md', text: draft.text.replace(/^\|.*\n/m, '') }], library.entries).themes[reintegration].sources);
  });

  it('counts a row\'s total as its cells do: a paragraph tagged inside a section of the same theme once', () => {
    const draft = { path: 'd.md', text: '## Section #reintegration\n\nFirst [@okafor2018].\n\nSecond [@okafor2018]. #reintegration\n' };
    const row = buildMatrix(codebook, [draft], library.entries).rows.find((candidate) => candidate.key === 'okafor2018')!;
    assert.deepStrictEqual([row.key, row.total, Math.max(...row.cells.map((cell) => cell.passages.length))], ['okafor2018', 1, 1]);
  });
});
