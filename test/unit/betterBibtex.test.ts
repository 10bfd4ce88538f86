import * as assert from 'assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { refuseBetterBibtexExport, LooksLikeBetterBibtex } from '../../src/core/languageFeatures/rename';
import { betterBibtexEvidence } from '../../src/core/zotero/betterBibtex';
import { corpusOrSkip } from '../corpora';

/** Taken for a Better BibTeX export, by its marker comments or its layout (what a rename refuses or asks about). */
const isBetterBibtexExport = (text: string, file: string) => betterBibtexEvidence(text, file) !== undefined;

const fixtures = path.resolve(__dirname, '../fixtures/zotero');
const read = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');
const gunzip = (context: Mocha.Context, file: string) => zlib.gunzipSync(fs.readFileSync(corpusOrSkip(context, file))).toString('utf8');

describe('Better BibTeX export detection', () => {
  it('recognises a real Better BibTeX export by its layout alone', function () {
    const text = gunzip(this, 'bbt-unabbreviate-1436-3.bib.gz');
    assert.ok(!/quality report|DeclarePrefChars/.test(text), 'this sample has no BBT marker comment');
    assert.strictEqual(isBetterBibtexExport(text, '/lib/My Library.bib'), true);
    assert.strictEqual(isBetterBibtexExport(text.replace(/\n/g, '\r\n'), '/lib/My Library.bib'), true);
  });

  it('tells BBT’s own comments (certain) from its layout alone (a guess a hand-written file may match), and a rename refuses only the first for good', () => {
    // the user trial's hand-written library: two spaces, braces, no comma after the last field
    const handWritten = '@book{huizinga1938homo,\n  title = {Homo Ludens},\n  author = {Huizinga, Johan},\n  year = {1938}\n}\n';
    assert.strictEqual(betterBibtexEvidence(handWritten, 'plain.bib'), 'layout');
    assert.throws(() => refuseBetterBibtexExport(handWritten, '/lib/plain.bib'), (error: Error) => error instanceof LooksLikeBetterBibtex && /plain\.bib is laid out as Better BibTeX/.test(error.message));
    assert.doesNotThrow(() => refuseBetterBibtexExport(handWritten, '/lib/plain.bib', true));
    const marked = read('better-biblatex.bib');
    assert.strictEqual(betterBibtexEvidence(marked, 'refs.bib'), 'marker');
    assert.throws(() => refuseBetterBibtexExport(marked, 'refs.bib', true), (error: Error) => !(error instanceof LooksLikeBetterBibtex) && /is a Better BibTeX auto-export/.test(error.message));
    assert.strictEqual(betterBibtexEvidence(read('zotero-native.bib'), 'refs.bib'), undefined);
  });

  it('recognises BBT’s marker comments even where the layout was edited', () => {
    const text = read('better-biblatex.bib');
    assert.strictEqual(isBetterBibtexExport(text, 'refs.bib'), true);
    const edited = text.replace('langid = {english}\n}', 'langid = {english},\n}');
    assert.strictEqual(isBetterBibtexExport(edited, 'refs.bib'), true, 'the \\DeclarePrefChars preamble still marks it');
    const withoutPreamble = edited.replace(/@preamble.*\n/, '');
    assert.strictEqual(isBetterBibtexExport(withoutPreamble, 'refs.bib'), false, 'a trailing comma is not BBT’s layout');
    const report = `${withoutPreamble}% == BibLateX quality report for roe2019:\n% ? unused Library catalog ("Open WorldCat")\n`;
    assert.strictEqual(isBetterBibtexExport(report, 'refs.biblatex'), true);
  });

  it('does not take Zotero’s own export, other tools’ files or a hand-written file for BBT', () => {
    assert.strictEqual(isBetterBibtexExport(read('zotero-native.bib'), 'refs.bib'), false);
    const messy = path.resolve(__dirname, '../fixtures/bib-messy');
    const found = fs
      .readdirSync(messy)
      .filter((name) => name.endsWith('.bib'))
      .filter((name) => isBetterBibtexExport(fs.readFileSync(path.join(messy, name), 'latin1'), name));
    assert.deepStrictEqual(found, []);
  });

  it('does not take the large real libraries of other tools for BBT', function () {
    for (const file of ['jgrey-main-concat.bib.gz', 'biber-tugboat.bib.gz', 'ir-anthology-minimal-sample.bib.gz']) {
      assert.strictEqual(isBetterBibtexExport(gunzip(this, file), file.replace(/\.gz$/, '')), false, file);
    }
  });

  it('decides on a 50 MB library from its head and tail only', function () {
    const text = gunzip(this, 'acl-anthology-via-jgrey.bib.gz');
    const started = performance.now();
    assert.strictEqual(isBetterBibtexExport(text, 'anthology.bib'), false);
    const elapsed = performance.now() - started;
    // Reading the whole 50 MB text would take far longer than this generous ceiling.
    assert.ok(elapsed < 500, `took ${elapsed.toFixed(0)} ms`);
  });

  it('recognises Better CSL JSON and not Zotero’s or pandoc’s CSL JSON', () => {
    const better = read('better-csl.json');
    assert.strictEqual(isBetterBibtexExport(better, 'refs.json'), true);
    assert.strictEqual(isBetterBibtexExport(better.replace(/\n/g, '\r\n'), 'refs.json'), true);
    assert.strictEqual(isBetterBibtexExport(read('zotero-native.json'), 'refs.json'), false);
    assert.strictEqual(isBetterBibtexExport(read('pandoc-csljson.json'), 'refs.json'), false);
    assert.strictEqual(isBetterBibtexExport(better.replace('"type":"book"', '"kind":"book"'), 'refs.json'), false);
  });

  it('recognises Better CSL YAML by its frame and not pandoc’s CSL YAML', () => {
    const better = read('better-csl.yaml');
    assert.strictEqual(isBetterBibtexExport(better, 'refs.yaml'), true);
    assert.strictEqual(isBetterBibtexExport(better.replace(/\n/g, '\r\n'), 'refs.yml'), true);
    assert.strictEqual(isBetterBibtexExport(better.replace(/\.\.\.\n$/, '---\n'), 'refs.yaml'), false);
    const pandoc = '---\nreferences:\n- author:\n  - family: Doe\n    given: Jane\n  id: doe2020\n  type: book\n---\n';
    assert.strictEqual(isBetterBibtexExport(pandoc, 'refs.yaml'), false);
  });

  it('goes by the file type and says no to empty or unknown files', () => {
    assert.strictEqual(isBetterBibtexExport(read('better-biblatex.bib'), 'notes.txt'), false);
    assert.strictEqual(isBetterBibtexExport(read('better-csl.json'), 'refs.bib'), false);
    assert.strictEqual(isBetterBibtexExport('', 'refs.bib'), false);
    assert.strictEqual(isBetterBibtexExport('[\n\n]\n', 'refs.json'), false);
  });
});
