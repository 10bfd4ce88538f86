import * as assert from 'assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findQuartoProjectFile, readQuartoProject } from '../../src/core/markdown/quartoProject';

const book = path.resolve(__dirname, '../fixtures/quarto/book');

describe('Quarto project (_quarto.yml)', () => {
  it('reads the top-level bibliography, then each format’s, resolved against the project folder', () => {
    const project = readQuartoProject(fs.readFileSync(path.join(book, '_quarto.yml'), 'utf8'), book);
    assert.deepStrictEqual(project.bibliography, [path.join(book, 'references.bib'), path.join(book, 'refs/print-only.bib')]);
    assert.strictEqual(project.csl, path.join(book, 'refs/apa.csl'));
    assert.deepStrictEqual(project.problems, []);
  });

  it('prefers a top-level csl to a format’s, and keeps URLs and absolute paths as written', () => {
    const yaml = [
      'csl: https://www.zotero.org/styles/apa',
      'bibliography:',
      '  - /data/shared.bib',
      '  - https://example.org/lab.json',
      'format:',
      '  pdf:',
      '    csl: ieee.csl',
    ].join('\n');
    const project = readQuartoProject(yaml, '/work/thesis');
    assert.strictEqual(project.csl, 'https://www.zotero.org/styles/apa');
    assert.deepStrictEqual(project.bibliography, [path.resolve('/data/shared.bib'), 'https://example.org/lab.json']);
  });

  it('reads a project without citations settings as empty, without complaint', () => {
    const project = readQuartoProject('project:\n  type: website\nformat: html\n', '/p');
    assert.deepStrictEqual(project, { bibliography: [], problems: [] });
    assert.deepStrictEqual(readQuartoProject('', '/p'), { bibliography: [], problems: [] });
  });

  it('reports values that are not paths on their own line and keeps the good ones', () => {
    const yaml = 'title: x\nbibliography:\n  - good.bib\n  - {file: bad.bib}\n  -\ncsl: [a.csl, b.csl]\n';
    const project = readQuartoProject(yaml, '/p');
    assert.deepStrictEqual(project.bibliography, [path.resolve('/p/good.bib')]);
    assert.strictEqual(project.csl, undefined);
    assert.deepStrictEqual(
      project.problems.map((problem) => [problem.line, problem.severity]),
      [[3, 'warning'], [4, 'warning'], [5, 'warning']],
    );
    assert.match(project.problems[0].message, /bibliography.*nested block/);
    assert.match(project.problems[2].message, /csl/);
    assert.strictEqual(project.problems[0].source, path.join('/p', '_quarto.yml'));
  });

  it('reports invalid YAML with its line and the file it is in', () => {
    const project = readQuartoProject('project:\n  type: book\nbibliography: [a.bib\n', '/p', '_quarto.yaml');
    assert.ok(project.problems.length > 0);
    assert.match(project.problems[0].message, /Invalid YAML in _quarto\.yaml/);
    assert.strictEqual(project.problems[0].source, path.join('/p', '_quarto.yaml'));
    assert.ok(project.problems[0].line >= 2, `line ${project.problems[0].line}`);
  });

  it('finds the nearest project file above a draft', async () => {
    const draft = path.join(book, 'chapters/part1/intro.qmd');
    assert.strictEqual(await findQuartoProjectFile(draft, async (p) => fs.existsSync(p)), path.join(book, '_quarto.yml'));
    const asked: string[] = [];
    const nested = await findQuartoProjectFile('/home/ana/thesis/ch1/draft.qmd', async (p) => {
      asked.push(p);
      return p === path.resolve('/home/ana/thesis/_quarto.yaml') || p === path.resolve('/home/ana/_quarto.yml');
    });
    assert.strictEqual(nested, path.resolve('/home/ana/thesis/_quarto.yaml'));
    assert.strictEqual(asked[0], path.resolve('/home/ana/thesis/ch1/_quarto.yml'));
  });

  it('returns undefined when no folder up to the root holds one', async () => {
    const asked: string[] = [];
    assert.strictEqual(await findQuartoProjectFile('/a/b/c.md', async (p) => (asked.push(p), false)), undefined);
    assert.strictEqual(asked.length, 6);
  });
});
