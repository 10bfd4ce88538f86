import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { closestThemes, parseCodebook, resolveTheme, STARTER_CODEBOOK, themeDescendants } from '../../src/core/themes/codebook';

const fixtures = path.resolve(__dirname, '../fixtures/themes');
const read = (file: string) => fs.readFileSync(file, 'utf8');
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length - 1;

describe('theme codebook', () => {
  const examplePath = path.resolve(__dirname, '../../examples/themes.yaml');
  const example = parseCodebook(read(examplePath), examplePath);

  it('reads the example codebook: hierarchy, labels, colours and source themes', () => {
    assert.deepStrictEqual(example.diagnostics, []);
    assert.deepStrictEqual(
      example.themes.filter((theme) => !theme.parent).map((theme) => theme.label),
      ['Protection', 'Culture of peace'],
    );
    assert.deepStrictEqual(
      themeDescendants(example, 'protection').map((theme) => theme.path),
      ['protection', 'protection/reintegration', 'protection/movement-against-violence', 'protection/human-rights', 'protection/monitoring'],
    );
    const peaceEducation = resolveTheme(example, 'peace-education');
    assert.strictEqual(peaceEducation?.path, 'culture-of-peace/peace-education');
    assert.strictEqual(peaceEducation?.color, '#6aa3c8');
    assert.strictEqual(resolveTheme(example, 'culture-of-peace/peace-education'), peaceEducation);
    assert.strictEqual(resolveTheme(example, 'protection/peace-education'), undefined, 'a wrong parent names no theme');
    const text = read(examplePath);
    assert.strictEqual(text.slice(peaceEducation!.idOffset, peaceEducation!.idOffset + 15), 'peace-education');
    assert.deepStrictEqual(
      example.sources.map((source) => [source.key, source.themeId]),
      [['varga2010', 'protection'], ['varga2010', 'culture-of-peace'], ['mwangi2017', 'peace-media'], ['haddad2020', 'monitoring'], ['tanaka2011', 'peace-education']],
    );
    for (const source of example.sources) assert.strictEqual(text.slice(source.offset, source.offset + source.ref.length), source.ref);
  });

  it('starts a new codebook (Tag Source with Theme without one) as a valid codebook of one theme', () => {
    const codebook = parseCodebook(STARTER_CODEBOOK, '/w/themes.yaml');
    assert.deepStrictEqual(codebook.diagnostics, []);
    assert.deepStrictEqual(codebook.themes.map((theme) => [theme.path, theme.label]), [['first-theme', 'First theme']]);
  });

  it('turns invalid YAML into a diagnostic on the right line, and does not throw', () => {
    const text = read(path.join(fixtures, 'invalid-yaml.yaml'));
    const codebook = parseCodebook(text, 'invalid-yaml.yaml');
    assert.ok(codebook.diagnostics.length > 0);
    const [first] = codebook.diagnostics;
    assert.strictEqual(first.code, 'codebook');
    assert.strictEqual(first.severity, 'error');
    assert.match(first.message, /^Invalid YAML/);
    assert.ok(first.range.start.line >= lineOf(text, 'label: "Reintegration'), `line ${first.range.start.line}`);
    assert.deepStrictEqual(parseCodebook('- just\n- a list\n', 'x').diagnostics.map((d) => d.message), [
      'The codebook must be a mapping with `themes:` and `sources:`',
    ]);
    assert.deepStrictEqual(parseCodebook('', 'empty.yaml'), { path: 'empty.yaml', themes: [], sources: [], diagnostics: [] });
  });

  it('says how to indent a new theme typed under the one before it, once (the researcher trial met three parser messages)', () => {
    const typed = 'themes:\n  - id: exit\n    description: How violence ends.\n    - id: negotiation\n      label: Negotiation\n';
    assert.deepStrictEqual(parseCodebook(typed, 'themes.yaml').diagnostics.map((diagnostic) => [diagnostic.range.start.line, diagnostic.message]), [
      [3, 'Invalid YAML: A block sequence may not be used as an implicit map key. Indent “- id:” as the themes above (2 spaces), not 4.'],
    ]);
    assert.deepStrictEqual(parseCodebook(typed.replace('    - id: negotiation\n      label', '  - id: negotiation\n    label'), 'themes.yaml').diagnostics, []);
  });

  it('reports an unknown parent, a duplicate id, a bad colour and unknown source themes, keeping the rest', () => {
    const text = read(path.join(fixtures, 'unknown-parent.yaml'));
    const codebook = parseCodebook(text, 'unknown-parent.yaml');
    const found = codebook.diagnostics.map((d) => [d.range.start.line, d.severity, d.message]);
    assert.deepStrictEqual(found, [
      [lineOf(text, 'parent: protecton'), 'error', 'Unknown parent theme “protecton” of “monitoring”. Did you mean “protection”?'],
      [lineOf(text, '  - id: protection\n    label: Protection again'), 'error', 'Duplicate theme id “protection”'],
      [lineOf(text, 'color: red'), 'warning', 'Colour “red” of “human-rights” is not #rgb or #rrggbb'],
      [lineOf(text, 'okafor2018'), 'error', 'Unknown theme “monitorin” for source “okafor2018”. Did you mean “monitoring”?'],
    ]);
    assert.deepStrictEqual(codebook.diagnostics[3].suggestions, ['monitoring']);
    assert.deepStrictEqual(codebook.themes.map((theme) => theme.path), ['protection', 'protection/reintegration', 'monitoring', 'protection/human-rights']);
    assert.strictEqual(codebook.themes[0].label, 'Protection', 'the first of two duplicates wins');
    assert.deepStrictEqual(codebook.sources.map((source) => [source.key, source.ref, source.themeId]), [
      ['okafor2018', 'protection/reintegration', 'reintegration'],
      ['okafor2018', 'monitorin', undefined],
      ['lindqvist2021', 'human-rights', 'human-rights'],
    ]);
  });

  it('breaks parent cycles and rejects ids that cannot be tags', () => {
    const codebook = parseCodebook('themes:\n  - id: a\n    parent: b\n  - id: b\n    parent: a\n  - id: 12\n  - id: face\n', 'c.yaml');
    assert.deepStrictEqual(codebook.diagnostics.map((d) => d.message), [
      'Theme “a” is its own ancestor',
      'Invalid theme id “12”: use letters, digits, “-” and “_”, starting with a letter',
      'Theme id “face” looks like a colour code: “#face” will not be read as a tag',
    ]);
    assert.deepStrictEqual(codebook.themes.map((theme) => theme.path), ['a', 'a/b', 'face']);
  });

  it('ranks the closest themes for a misspelt or misplaced tag', () => {
    assert.deepStrictEqual(closestThemes(example, 'peace-educaton'), ['culture-of-peace/peace-education']);
    assert.strictEqual(closestThemes(example, 'culture-of-peace/reintegration')[0], 'protection/reintegration');
    assert.deepStrictEqual(closestThemes(example, 'zzzzzzzzzzzz'), []);
  });
});
