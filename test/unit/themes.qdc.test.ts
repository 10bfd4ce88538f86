import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { validateXML } from 'xmllint-wasm';
import { parseCodebook } from '../../src/core/themes/codebook';
import { guidFromId } from '../../src/core/themes/codebook';
import { codebookToQdc, mergeThemesEdits, qdcToThemes, readQdc, themeIdFromName, themesYaml, type QdcCode } from '../../src/core/themes/qdc';

const fixtures = path.resolve(__dirname, '../fixtures/themes');
const read = (file: string) => fs.readFileSync(path.join(fixtures, file), 'utf8');
const schema = { fileName: 'Codebook.xsd', contents: read('Codebook.xsd') };

/** Validates against the published REFI-QDA Codebook.xsd with libxml2 (xmllint compiled to WebAssembly). */
async function schemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: { fileName: 'export.qdc', contents: xml }, schema });
  return result.errors.map((error) => error.rawMessage);
}

/** The code tree as plain data: what a round trip must keep. */
const tree = (codes: QdcCode[]): unknown[] =>
  codes.map((code) => ({ guid: code.guid, name: code.name, color: code.color, description: code.description, children: tree(code.children) }));

/** .qdc → themes.yaml text → codebook → .qdc */
function roundTrip(qdcText: string): { yaml: string; qdc: string } {
  const yaml = themesYaml(qdcToThemes(readQdc(qdcText)).themes);
  const codebook = parseCodebook(yaml, 'themes.yaml');
  assert.deepStrictEqual(codebook.diagnostics, [], yaml);
  return { yaml, qdc: codebookToQdc(codebook) };
}

describe('theme codebook exchange (REFI-QDA .qdc)', () => {
  it('the vendored schema accepts a real ATLAS.ti export and rejects what breaks it', async () => {
    assert.deepStrictEqual(await schemaErrors(read('atlasti-23.4.qdc')), []);
    // Taguette writes an empty <Sets/>, which the schema does not allow: the validator is not a rubber stamp.
    assert.match((await schemaErrors(read('taguette.qdc'))).join('\n'), /Sets': Missing child element/);
  });

  it('imports an ATLAS.ti codebook: name, colour, description and GUID kept, the code set reported', () => {
    const imported = qdcToThemes(readQdc(read('atlasti-23.4.qdc')));
    assert.deepStrictEqual(imported.themes, [{ id: 'code1', label: 'code1', description: 'description', color: '#46AA00', guid: '1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294' }]);
    assert.deepStrictEqual(imported.lost, ['Code sets (groups) are not part of themes.yaml and were left out: “code group 1”.']);
  });

  it('imports a nested codebook: hierarchy, entities, ids from names, and a report of what is lost', () => {
    const qdc = readQdc(read('nested.qdc'));
    const { themes, lost } = qdcToThemes(qdc);
    assert.deepStrictEqual(
      themes.map((theme) => [theme.id, theme.parent, theme.label, theme.color]),
      [
        ['code-04-barrières', undefined, '04 Barrières', '#E06C75'],
        ['access-barriers', 'code-04-barrières', 'Access barriers', '#abc'],
        ['kovač-cost', 'access-barriers', 'Kovač: cost', undefined],
        ['bad-code', 'code-04-barrières', 'Bad', undefined],
        ['access-barriers-2', undefined, 'access barriers', undefined],
      ],
    );
    assert.strictEqual(themes[0].description, 'Obstacles to research & <access>,\non two lines "quoted"');
    assert.strictEqual(themes[0].guid, '{6B6F6C62-1111-4A2B-8C3D-000000000001}');
    assert.deepStrictEqual(lost, [
      'Colour “red” of “Bad” is not #rgb or #rrggbb: left out.',
      '1 code is marked not codable (“04 Barrières”): imported as ordinary themes; exported again as codable.',
      'Code sets (groups) are not part of themes.yaml and were left out: “Wave 1”.',
    ]);
    assert.deepStrictEqual(qdcToThemes(readQdc(read('nested.qdc'))).themes, themes, 'the same file gives the same ids');
  });

  it('derives theme ids a tag can write: a letter first, no colour codes, unique', () => {
    assert.strictEqual(themeIdFromName('Land rights (2019)'), 'land-rights-2019');
    assert.strictEqual(themeIdFromName('Bad'), 'bad-code', '#bad would read as a colour');
    assert.strictEqual(themeIdFromName('2nd wave'), 'code-2nd-wave');
    assert.strictEqual(themeIdFromName('?!'), 'code');
    assert.strictEqual(themeIdFromName('Ｆｕｌｌｗｉｄｔｈ'), 'fullwidth');
    const yaml = themesYaml(qdcToThemes(readQdc(read('nested.qdc'))).themes);
    assert.deepStrictEqual(parseCodebook(yaml, 'themes.yaml').diagnostics, []);
  });

  it('round trip .qdc → themes.yaml → .qdc keeps every code, parent, colour, description and GUID, and validates', async () => {
    for (const file of ['atlasti-23.4.qdc', 'nested.qdc', 'taguette.qdc']) {
      const original = readQdc(read(file));
      const { qdc } = roundTrip(read(file));
      assert.deepStrictEqual(await schemaErrors(qdc), [], `${file}:\n${qdc}`);
      const back = readQdc(qdc);
      const expected = tree(original.codes) as { color?: string }[];
      // The one thing that cannot survive: a colour that was not RGB (reported on import).
      const dropInvalid = (codes: unknown[]): unknown[] =>
        (codes as { color?: string; children: unknown[] }[]).map((code) => ({ ...code, color: code.color && /^#/.test(code.color) ? code.color : undefined, children: dropInvalid(code.children) }));
      assert.deepStrictEqual(tree(back.codes), dropInvalid(expected), file);
      assert.strictEqual(roundTrip(qdc).qdc, qdc, `${file}: a second round trip changes nothing`);
    }
  });

  it('exports the example codebook as a schema-valid .qdc with stable GUIDs derived from the ids', async () => {
    const examplePath = path.resolve(__dirname, '../../examples/themes.yaml');
    const codebook = parseCodebook(fs.readFileSync(examplePath, 'utf8'), examplePath);
    const qdc = codebookToQdc(codebook);
    assert.deepStrictEqual(await schemaErrors(qdc), []);
    assert.strictEqual(codebookToQdc(parseCodebook(fs.readFileSync(examplePath, 'utf8'), examplePath)), qdc, 'deterministic');
    const codes = readQdc(qdc).codes;
    assert.deepStrictEqual(codes.map((code) => code.name), ['Protection', 'Culture of peace']);
    assert.strictEqual(codes[0].guid, guidFromId('protection'));
    assert.match(guidFromId('protection'), /^[0-9A-F]{8}-[0-9A-F]{4}-5[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    assert.notStrictEqual(guidFromId('protection'), guidFromId('reintegration'));
    // Back from another tool, the GUIDs give the themes their ids again (tags in the drafts still
    // name them), even where the label does not slug to the id (`Monitoring and peace constituency`).
    const pairs = (themes: { id: string; parent?: string }[]) => themes.map((theme) => `${theme.parent ?? ''}/${theme.id}`).sort();
    assert.deepStrictEqual(pairs(qdcToThemes(readQdc(qdc), codebook).themes), pairs(codebook.themes));
    assert.ok(qdcToThemes(readQdc(qdc)).themes.some((theme) => theme.id === 'monitoring-and-peace-constituency'), 'without the codebook: ids from names');
    // A new code (unknown GUID) whose name slugs to an id that comes back by GUID later in the file
    // does not take it: the returning theme keeps its id, the new one gets `-2`.
    const withNewCode = qdc.replace('<Codes>', '<Codes>\n    <Code guid="00000000-0000-5000-8000-000000000000" name="Monitoring" isCodable="true"/>');
    const ids = qdcToThemes(readQdc(withNewCode), codebook).themes.map((theme) => `${theme.id}=${theme.label}`);
    assert.deepStrictEqual(ids.filter((id) => id.startsWith('monitoring')), ['monitoring-2=Monitoring', 'monitoring=Monitoring and peace constituency']);
  });

  it('escapes hostile names and descriptions so the export stays one valid codebook', async () => {
    const yaml = 'themes:\n  - id: x\n    label: "</Code><Code guid=\\"1\\" name=\\"injected\\" isCodable=\\"true\\"/>& \\"q\\""\n    description: "]]> <!-- & \\u0007"\n';
    const codebook = parseCodebook(yaml, 't.yaml');
    const qdc = codebookToQdc(codebook);
    assert.deepStrictEqual(await schemaErrors(qdc), []);
    const codes = readQdc(qdc).codes;
    assert.strictEqual(codes.length, 1);
    assert.strictEqual(codes[0].name, codebook.themes[0].label);
    assert.strictEqual(codes[0].description, ']]> <!-- & ');
  });

  it('rejects what is not a codebook with a clear error', () => {
    assert.throws(() => readQdc(read('atlasti-23.4-truncated.qdc')), /the file ends before <CodeBook> > <Codes> > <Code> is closed \(is it cut short\?\)/);
    assert.throws(() => readQdc('not xml'), /Not well-formed XML \(line 1, column 1\)/);
    assert.throws(() => readQdc('<Project xmlns="urn:QDA-XML:project:1.0"><Sources/></Project>'), /root element is not <CodeBook>/);
    assert.throws(() => readQdc('<CodeBook xmlns="urn:other"><Codes/></CodeBook>'), /unknown namespace urn:other/);
    assert.throws(() => readQdc('<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>'), /no codes/);
    assert.throws(() => codebookToQdc({ themes: [] }), /no themes/);
  });

  it('merges into an existing codebook by appending only the new themes, leaving the rest byte for byte', () => {
    const existing = '# my codebook\nthemes:\n  - id: code1   # mine\n    label: Mine\n\nsources:\n  smith2020: [code1]\n';
    const imported = [...qdcToThemes(readQdc(read('atlasti-23.4.qdc'))).themes, { id: 'new-one', label: 'New: one', parent: 'code1', color: '#abc', guid: guidFromId('x') }];
    const { edits, skipped } = mergeThemesEdits(existing, 'themes.yaml', imported, parseCodebook(existing, 'themes.yaml'));
    assert.deepStrictEqual(skipped, ['code1']);
    assert.strictEqual(edits.length, 1);
    assert.strictEqual(edits[0].length, 0, 'an insertion, nothing replaced');
    const merged = existing.slice(0, edits[0].offset) + edits[0].newText + existing.slice(edits[0].offset);
    const codebook = parseCodebook(merged, 'themes.yaml');
    assert.deepStrictEqual(codebook.diagnostics, []);
    assert.deepStrictEqual(codebook.themes.map((theme) => [theme.id, theme.label, theme.parent, theme.color, theme.guid]), [
      ['code1', 'Mine', undefined, undefined, undefined],
      ['new-one', 'New: one', 'code1', '#abc', guidFromId('x')],
    ]);
    assert.ok(merged.startsWith('# my codebook\nthemes:\n  - id: code1   # mine\n    label: Mine\n'));
    assert.ok(merged.endsWith('\nsources:\n  smith2020: [code1]\n'));
  });
});
