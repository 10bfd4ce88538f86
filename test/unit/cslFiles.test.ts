import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseCslJson, parseCslYaml } from '../../src/core/library/csl';

const FIXTURES = path.resolve(__dirname, '../fixtures/library');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

describe('parseCslJson', () => {
  it('reads items with their lines and key offsets, reports an item without id', () => {
    const text = read('items.json');
    const parsed = parseCslJson(text, 'items.json');
    assert.deepStrictEqual(parsed.entries.map((e) => [e.key, e.startLine, e.endLine]), [['doe2020', 1, 10], ['vanbeethoven', 15, 21]]);
    assert.deepStrictEqual(parsed.problems, [
      { source: 'items.json', line: 11, severity: 'error', message: "Item 2 has no 'id'; it is ignored" },
    ]);
    for (const e of parsed.entries) assert.strictEqual(text.slice(e.keyOffset, e.keyOffset + e.key.length), e.key);
    const doe = parsed.entries[0];
    assert.deepStrictEqual(doe.authors, [{ family: 'Doe', given: 'Jane' }, { literal: 'The Consortium' }]);
    assert.deepStrictEqual([doe.year, doe.container, doe.doi, doe.keywords], ['2020', 'Journal of Examples', '10.1000/xyz', ['reading', 'parsing', 'examples']]);
    assert.strictEqual(doe.csl?.title, 'Reading <i>everything</i>');
    const lvb = parsed.entries[1];
    assert.deepStrictEqual(lvb.authors, [{ family: 'van Beethoven', given: 'Ludwig' }]);
    assert.deepStrictEqual([lvb.year, lvb.url], ['1801', 'https://example.org/lvb']);
  });

  it('gives one problem with the line for invalid JSON, and throws nothing', () => {
    const parsed = parseCslJson(read('broken.json'), 'broken.json');
    assert.strictEqual(parsed.entries.length, 0);
    assert.strictEqual(parsed.problems.length, 1);
    assert.strictEqual(parsed.problems[0].line, 2);
    assert.match(parsed.problems[0].message, /^Invalid JSON: /);
  });

  it('reads an object with an items array; rejects other shapes with a problem', () => {
    const parsed = parseCslJson('{"items": [{"id": 7, "type": "book"}]}', 'x.json');
    assert.deepStrictEqual(parsed.entries.map((e) => [e.key, e.type]), [['7', 'book']]);
    const wrong = parseCslJson('{"name": "citemark"}', 'package.json');
    assert.deepStrictEqual(wrong.problems.map((p) => [p.line, p.severity]), [[0, 'error']]);
  });

  it('reports duplicate ids and keeps the first', () => {
    const parsed = parseCslJson('[\n{"id": "a", "type": "book", "title": "First"},\n{"id": "a", "type": "book"}\n]', 'd.json');
    assert.deepStrictEqual(parsed.entries.map((e) => e.title), ['First']);
    assert.deepStrictEqual(parsed.problems.map((p) => [p.line, p.message]), [[2, "Duplicate key 'a' (first defined on line 2); this one is ignored"]]);
  });
});

describe('parseCslYaml', () => {
  it('reads a references: list with lines, quoted ids and dates', () => {
    const text = read('items.yaml');
    const parsed = parseCslYaml(text, 'items.yaml');
    assert.deepStrictEqual(parsed.entries.map((e) => [e.key, e.startLine, e.year]), [['smith2004', 2, '2004'], ['quoted-id', 13, '1999']]);
    assert.deepStrictEqual(parsed.problems.map((p) => [p.line, p.message]), [[12, "Item 2 has no 'id'; it is ignored"]]);
    for (const e of parsed.entries) assert.strictEqual(text.slice(e.keyOffset, e.keyOffset + e.key.length), e.key);
    assert.deepStrictEqual(parsed.entries[0].authors, [{ family: 'Smith', given: 'Anna' }]);
    assert.strictEqual(parsed.entries[1].container, 'A Collection');
  });

  it('reads a bare list, and gives one problem for invalid YAML', () => {
    assert.deepStrictEqual(parseCslYaml('- id: x\n  type: book\n', 'l.yaml').entries.map((e) => e.key), ['x']);
    const broken = parseCslYaml(read('broken.yaml'), 'broken.yaml');
    assert.strictEqual(broken.entries.length, 0);
    assert.strictEqual(broken.problems.length, 1);
    assert.match(broken.problems[0].message, /^Invalid YAML: /);
    assert.ok(broken.problems[0].line >= 1 && broken.problems[0].line <= 2);
  });
});
