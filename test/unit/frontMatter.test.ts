import * as assert from 'assert';
import { readFrontMatter } from '../../src/core/markdown/frontMatter';

describe('front matter', () => {
  it('reads bibliography as a string or a list, csl and nocite', () => {
    const one = readFrontMatter('---\ntitle: x\nbibliography: refs.bib\ncsl: apa.csl\n---\nText', '/d/draft.md');
    assert.deepStrictEqual(one.bibliography, ['refs.bib']);
    assert.strictEqual(one.csl, 'apa.csl');
    assert.strictEqual(one.endLine, 4);
    const many = readFrontMatter('---\nbibliography:\n  - a.bib\n  - b.json\nnocite: |\n  @extra, @{odd:key}\n---\n', '/d/draft.md');
    assert.deepStrictEqual(many.bibliography, ['a.bib', 'b.json']);
    assert.deepStrictEqual(many.nocite, ['extra', 'odd:key']);
    assert.deepStrictEqual(readFrontMatter('---\nnocite: "@*"\n---\n', 'x.md').nocite, ['*']);
  });

  it('turns inline references into entries with their lines in the draft', () => {
    const text = '---\ntitle: Inline\nreferences:\n- id: doe2020\n  type: book\n  title: A Book\n  author:\n  - family: Doe\n    given: Jane\n  issued:\n    date-parts: [[2020]]\n- type: book\n---\n';
    const front = readFrontMatter(text, '/d/draft.md');
    assert.strictEqual(front.references.length, 1);
    const [entry] = front.references;
    assert.strictEqual(entry.key, 'doe2020');
    assert.strictEqual(entry.source, '/d/draft.md');
    assert.strictEqual(entry.startLine, 3);
    assert.strictEqual(entry.year, '2020');
    assert.strictEqual(entry.authors[0].family, 'Doe');
    assert.strictEqual(front.problems.length, 1);
    assert.match(front.problems[0].message, /without an `id`/);
    assert.strictEqual(front.problems[0].line, 11);
  });

  it('reports invalid YAML with its line and keeps going', () => {
    const front = readFrontMatter('---\ntitle: ok\nbibliography: [a.bib\n---\nBody @key', 'x.md');
    assert.ok(front.problems.length > 0);
    assert.match(front.problems[0].message, /Invalid YAML/);
    assert.ok(front.problems[0].line >= 2 && front.problems[0].line <= 3, `line ${front.problems[0].line}`);
  });

  it('reads front matter with a key given twice, as pandoc does (the last value counts), and warns of it on its line', () => {
    // (a real JOSS paper, DLR-AMR/t8code_JOSS: an author's `orcid:` twice; pandoc renders it without a word)
    const text = '---\ntitle: A paper\nauthors:\n  - name: Florian Becker\n    orcid: 0000-0001\n    orcid: 0000-0002\nbibliography: paper.bib\n---\nBody';
    const front = readFrontMatter(text, 'paper.md');
    assert.deepStrictEqual(front.bibliography, ['paper.bib']);
    assert.deepStrictEqual(front.problems, [{ source: 'paper.md', line: 5, message: 'Front matter: `orcid` is given twice in one map; the last value counts.', severity: 'warning' }]);
    const broken = readFrontMatter('---\ntitle: ok\nbibliography: [a.bib\n---\n', 'x.md').problems[0].message;
    assert.match(broken, /^Invalid YAML in front matter: [^:]+\.$/, 'no position of its own and no excerpt: the problem has the line');
  });

  it('ignores a document without front matter and a rule that is not at the start', () => {
    assert.strictEqual(readFrontMatter('Text\n---\nbibliography: a.bib\n---\n', 'x.md').bibliography.length, 0);
    assert.strictEqual(readFrontMatter('', 'x.md').endLine, -1);
  });
});

describe('front matter edge cases Pandoc has a view on', () => {
  it('reads front matter after a byte order mark, not a rule followed by a blank line', () => {
    assert.deepStrictEqual(readFrontMatter('\uFEFF---\nbibliography: a.bib\n---\n', 'x.md').bibliography, ['a.bib']);
    assert.strictEqual(readFrontMatter('---\n\nbibliography: a.bib\n---\n', 'x.md').endLine, -1);
  });

  it('takes nocite as a list and reports a bibliography that is no path', () => {
    assert.deepStrictEqual(readFrontMatter('---\nnocite:\n  - "@a"\n  - "@b"\n---\n', 'x.md').nocite, ['a', 'b']);
    const front = readFrontMatter('---\nbibliography: 2020\n---\n', 'x.md');
    assert.deepStrictEqual(front.bibliography, []);
    assert.match(front.problems[0].message, /bibliography/);
  });
});
