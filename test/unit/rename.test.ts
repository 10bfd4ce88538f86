import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseBibtex } from '../../src/core/library/bibtex';
import { parseCslJson, parseCslYaml } from '../../src/core/library/csl';
import { decodeLibraryBytes } from '../../src/core/library/decode';
import { citedKeys } from '../../src/core/languageFeatures/references';
import { codebookRenameEdits, applyEdits, editLibraryBytes, renameKeyEdits, type TextEdit } from '../../src/core/languageFeatures/rename';
import type { LibraryEntry, ParsedLibrary } from '../../src/core/types';

const fixtures = path.resolve(__dirname, '../fixtures/features');
const read = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');

function entryOf(library: ParsedLibrary, key: string): LibraryEntry {
  const entry = library.entries.find((candidate) => candidate.key === key);
  assert.ok(entry, `no entry ${key}`);
  return entry;
}

function editsFor(edits: TextEdit[], file: string): TextEdit[] {
  return edits.filter((edit) => edit.path === file);
}

/** The bytes before and after the one renamed key are those of the original file. */
function assertOnlyKeyChanged(before: string, after: string, offset: number, oldKey: string, newKey: string) {
  const bytesBefore = Buffer.from(before);
  const bytesAfter = Buffer.from(after);
  const prefix = Buffer.byteLength(before.slice(0, offset));
  assert.ok(bytesAfter.subarray(0, prefix).equals(bytesBefore.subarray(0, prefix)), 'prefix changed');
  assert.ok(bytesAfter.subarray(prefix + Buffer.byteLength(newKey)).equals(bytesBefore.subarray(prefix + Buffer.byteLength(oldKey))), 'suffix changed');
  assert.strictEqual(bytesAfter.subarray(prefix, prefix + Buffer.byteLength(newKey)).toString(), newKey);
}

describe('renameKeyEdits on real libraries', () => {
  const bibPath = path.join(fixtures, 'biber-examples.bib');
  const bib = read('biber-examples.bib');
  const library = parseBibtex(bib, bibPath);
  const draft = { path: path.join(fixtures, 'draft.md'), text: read('draft.md') };
  const crlfDraft = { path: path.join(fixtures, 'draft-crlf.md'), text: read('draft-crlf.md') };

  it('changes only the key in the library and in every citation of the drafts', () => {
    const entry = entryOf(library, 'baez/article');
    const edits = renameKeyEdits('baez/article', 'baez:article2007', entry, bib, [draft, crlfDraft]);
    const renamedBib = applyEdits(bib, editsFor(edits, bibPath));
    assertOnlyKeyChanged(bib, renamedBib, entry.keyOffset, 'baez/article', 'baez:article2007');
    const reread = parseBibtex(renamedBib, bibPath);
    assert.strictEqual(reread.entries.length, library.entries.length);
    assert.strictEqual(entryOf(reread, 'baez:article2007').title, entry.title);

    const draftEdits = editsFor(edits, draft.path);
    assert.strictEqual(draftEdits.length, 5);
    assert.deepStrictEqual(editsFor(edits, crlfDraft.path), []);
    for (const edit of draftEdits) assert.strictEqual(draft.text.slice(edit.start, edit.end), 'baez/article');
    const renamed = applyEdits(draft.text, draftEdits);
    // Putting the old key back gives the original bytes: nothing else moved.
    assert.strictEqual(renamed.split('baez:article2007').join('baez/article'), draft.text);
    for (const untouched of ['`@baez/article`', '[@baez/article] inside a fenced', 'mail@baez/article', '\\@baez/article', '@baez/articles', '@baez/article2', '<!-- [@baez/article]']) {
      assert.ok(renamed.includes(untouched), untouched);
    }
    assert.deepStrictEqual(
      citedKeys(renamed).filter((cited) => cited.key.startsWith('baez')).map((cited) => cited.key),
      ['baez:article2007', 'baez:article2007', 'baez:article2007', 'baez/articles', 'baez/article2', 'baez:article2007', 'baez:article2007'],
    );
  });

  it('preserves CRLF line ends in a CRLF library and draft', () => {
    const crlfPath = path.join(fixtures, 'bbt-1730-5-jabref-groups-crlf.bib');
    const crlfBib = read('bbt-1730-5-jabref-groups-crlf.bib');
    const entry = entryOf(parseBibtex(crlfBib, crlfPath), 'Chau2020');
    const edits = renameKeyEdits('Chau2020', 'Chau-Tran:2020', entry, crlfBib, [draft, crlfDraft]);
    const renamedBib = applyEdits(crlfBib, editsFor(edits, crlfPath));
    assertOnlyKeyChanged(crlfBib, renamedBib, entry.keyOffset, 'Chau2020', 'Chau-Tran:2020');
    assert.strictEqual(renamedBib.match(/\r\n/g)?.length, crlfBib.match(/\r\n/g)?.length);
    assert.strictEqual(renamedBib.match(/\n/g)?.length, renamedBib.match(/\r\n/g)?.length, 'a bare LF appeared');

    const renamedDraft = applyEdits(crlfDraft.text, editsFor(edits, crlfDraft.path));
    assert.strictEqual(renamedDraft, 'Intro line citing [@Chau-Tran:2020; @Marvin2020].\r\n\r\n@Chau-Tran:2020 says so, unlike `@Chau2020`.\r\n');
  });

  it('adds braces in drafts for a new key with characters Pandoc needs them for, and keeps existing braces single', () => {
    const entry = entryOf(library, 'baez/article');
    const edits = renameKeyEdits('baez/article', 'Baez!2007.', entry, bib, [draft]);
    const renamedBib = applyEdits(bib, editsFor(edits, bibPath));
    assert.ok(renamedBib.includes('@Article{Baez!2007.,'));
    assert.strictEqual(entryOf(parseBibtex(renamedBib, bibPath), 'Baez!2007.').keyOffset, entry.keyOffset);
    const renamed = applyEdits(draft.text, editsFor(edits, draft.path));
    assert.strictEqual(renamed.split('@{Baez!2007.}').length - 1, 5);
    assert.ok(!renamed.includes('{{'));
    assert.strictEqual(citedKeys(renamed).filter((cited) => cited.key === 'Baez!2007.').length, 5);
    // The braces were added around the key only.
    assert.strictEqual(renamed.split('{Baez!2007.}').join('baez/article'), draft.text.replace(/@\{baez\/article\}/g, '@baez/article'));
  });

  it('renames in CSL-JSON and CSL-YAML libraries, refusing ids that YAML would read as something else', () => {
    const jsonPath = path.join(fixtures, 'library.json');
    const json = read('library.json');
    const jsonEntry = entryOf(parseCslJson(json, jsonPath), 'roe:2001');
    const renamedJson = applyEdits(json, renameKeyEdits('roe:2001', 'roe-2001b', jsonEntry, json, []));
    assertOnlyKeyChanged(json, renamedJson, jsonEntry.keyOffset, 'roe:2001', 'roe-2001b');
    assert.deepStrictEqual((JSON.parse(renamedJson) as Array<{ id: string }>).map((item) => item.id), ['doe99', 'roe-2001b']);

    const yamlPath = path.join(fixtures, 'library.yaml');
    const yaml = read('library.yaml');
    const yamlLibrary = parseCslYaml(yaml, yamlPath);
    const plain = entryOf(yamlLibrary, 'doe99');
    const renamedYaml = applyEdits(yaml, renameKeyEdits('doe99', 'doe:1999', plain, yaml, []));
    assert.deepStrictEqual(parseCslYaml(renamedYaml, yamlPath).entries.map((entry) => entry.key), ['doe:1999', 'quoted-id']);
    assert.throws(() => renameKeyEdits('doe99', '&anchor', plain, yaml, []), /unquoted YAML id/);
    const quoted = entryOf(yamlLibrary, 'quoted-id');
    const renamedQuoted = applyEdits(yaml, renameKeyEdits('quoted-id', '&fine-in-quotes', quoted, yaml, []));
    assert.deepStrictEqual(parseCslYaml(renamedQuoted, yamlPath).entries.map((entry) => entry.key), ['doe99', '&fine-in-quotes']);
  });

  it('refuses a taken, invalid or unlocatable key with a clear message, and does nothing for the same key', () => {
    const entry = entryOf(library, 'baez/article');
    assert.throws(() => renameKeyEdits('baez/article', 'bertram', entry, bib, [draft]), /'bertram' is already a key in the library/);
    assert.throws(() => renameKeyEdits('baez/article', 'elsewhere', entry, bib, [draft], new Set(['elsewhere'])), /'elsewhere' is already a key/);
    assert.throws(() => renameKeyEdits('baez/article', 'two words', entry, bib, [draft]), /'two words' is not a valid citation key: it contains a space/);
    for (const bad of ['a,b', 'a{b', 'a}b', 'a"b', 'a#b', 'a%b', "a'b", 'a(b', 'a=b', 'a\\b']) {
      assert.throws(() => renameKeyEdits('baez/article', bad, entry, bib, [draft]), /is not a valid citation key/, bad);
    }
    assert.throws(() => renameKeyEdits('baez/article', '', entry, bib, [draft]), /cannot be empty/);
    assert.throws(() => renameKeyEdits('baez/article', 'x', { ...entry, keyOffset: -1 }, bib, [draft]), /position in .* is unknown/);
    assert.throws(() => renameKeyEdits('baez/article', 'x', entry, `%\n${bib}`, [draft]), /the key is not where it was read/);
    assert.throws(() => renameKeyEdits('bertram', 'x', entry, bib, [draft]), /The entry given is 'baez\/article', not 'bertram'/);
    assert.deepStrictEqual(renameKeyEdits('baez/article', 'baez/article', entry, bib, [draft]), []);
  });
});

describe('renameKeyEdits: the links to the key', () => {
  const bib = '@book{parent, title = {Whole Book}}\n@incollection{child, crossref = {parent}, pages = {1--2}}\n' +
    '@inbook{other, crossref = "Parent", xdata = {shared, parent}}\n@misc{unrelated, note = {parent}}\n';
  const library = parseBibtex(bib, 'lib.bib');

  it('renames crossref and xdata references in child entries, which keep inheriting', () => {
    const edits = renameKeyEdits('parent', 'whole2020', entryOf(library, 'parent'), bib, []);
    const renamed = applyEdits(bib, edits);
    assert.strictEqual(renamed, bib.replace('{parent,', '{whole2020,').replace('crossref = {parent}', 'crossref = {whole2020}')
      .replace('"Parent"', '"whole2020"').replace('shared, parent}', 'shared, whole2020}'));
    const reread = parseBibtex(renamed, 'lib.bib');
    assert.strictEqual(entryOf(reread, 'child').fields!.booktitle, 'Whole Book');
    assert.deepStrictEqual(reread.problems.map((problem) => problem.message), ["Entry 'other' refers to 'shared' (crossref/xdata), which is not in this file"]);
    // on disk, as the library worker makes them
    const written = Buffer.concat(editLibraryBytes(Buffer.from(bib, 'latin1'), bib, 'latin-1', edits));
    assert.strictEqual(written.toString('latin1'), renamed);
  });

  it("renames the codebook's sources: key, quoting it when YAML needs that", () => {
    const codebook = { path: 'themes.yaml', text: 'themes:\n  - id: t\nsources:\n  parent: [t]\n  "child": [t]\n  parentx: [t]\n' };
    assert.strictEqual(applyEdits(codebook.text, codebookRenameEdits('parent', 'whole2020', codebook)), codebook.text.replace('  parent:', '  whole2020:'));
    assert.strictEqual(applyEdits(codebook.text, codebookRenameEdits('parent', 'true', codebook)), codebook.text.replace('  parent:', '  "true":'));
    assert.strictEqual(applyEdits(codebook.text, codebookRenameEdits('child', 'child2', codebook)), codebook.text.replace('"child"', '"child2"'));
    assert.deepStrictEqual(codebookRenameEdits('nobody', 'x', codebook), []);
  });
});

describe('renameKeyEdits on every entry of the messy BibTeX fixtures', () => {
  const messy = path.resolve(__dirname, '../fixtures/bib-messy');
  const files = fs.readdirSync(messy).filter((name) => name.endsWith('.bib'));

  it('finds the key of every entry where the parser read it, and changes nothing else', () => {
    let renamed = 0;
    for (const name of files) {
      const { text } = decodeLibraryBytes(fs.readFileSync(path.join(messy, name)));
      const library = parseBibtex(text, name);
      assert.ok(library.entries.every((entry) => !entry.key.endsWith('Z9')));
      // Every entry renamed at once (each rename computed on the original text), then read again.
      const edits = library.entries.flatMap((entry) => renameKeyEdits(entry.key, `${entry.key}Z9`, entry, text, []));
      const renamedText = applyEdits(text, edits);
      const reread = parseBibtex(renamedText, name);
      const renamedEntries = reread.entries.filter((entry) => entry.key.endsWith('Z9'));
      assert.deepStrictEqual(renamedEntries.map((entry) => entry.key), library.entries.map((entry) => `${entry.key}Z9`), name);
      // The parser finds each new key where the `Z9` was added; taking every `Z9` out again (keys, and
      // crossref/xdata references to them) gives back the original text.
      for (const entry of renamedEntries) {
        const suffixStart = entry.keyOffset + entry.key.length - 2;
        assert.strictEqual(renamedText.slice(suffixStart, suffixStart + 2), 'Z9');
      }
      assert.ok(!text.includes('Z9') && renamedText.split('Z9').join('') === text, `${name}: text outside the keys changed`);
      // children still find their parents
      const unresolved = (problems: typeof library.problems) => problems.filter((problem) => /which is not in this file/.test(problem.message)).length;
      assert.strictEqual(unresolved(reread.problems), unresolved(library.problems), `${name}: a crossref lost its parent`);
      renamed += renamedEntries.length;
    }
    assert.ok(renamed > 1900, `${renamed} entries renamed`);
  });
});

describe('applyEdits', () => {
  it('applies edits given in any order and refuses overlapping ones', () => {
    const edits = [
      { start: 6, end: 11, newText: 'there' },
      { start: 0, end: 5, newText: 'Hi' },
    ];
    assert.strictEqual(applyEdits('hello world!', edits), 'Hi there!');
    assert.throws(() => applyEdits('hello', [{ start: 0, end: 3, newText: '' }, { start: 2, end: 4, newText: '' }]), /overlap/);
    assert.throws(() => applyEdits('hello', [{ start: 3, end: 9, newText: '' }]), /outside the text/);
  });
});

describe('editLibraryBytes: the rename made in the file on disk', () => {
  /** Renames `key` in the file's bytes as the editor does when the library is not open. */
  function renameOnDisk(bytes: Buffer, key: string, newKey: string): Buffer {
    const { text, encoding } = decodeLibraryBytes(bytes);
    const entry = entryOf(parseBibtex(text, 'library.bib'), key);
    return Buffer.concat(editLibraryBytes(bytes, text, encoding, renameKeyEdits(key, newKey, entry, text, [])));
  }

  it('changes only the key bytes of a UTF-8 file with a byte-order mark, CRLF and non-ASCII text before the key', () => {
    const crlf = fs.readFileSync(path.resolve(__dirname, '../fixtures/bib-messy/bbt-1730-5-jabref-groups-crlf.bib'));
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('@misc{ünïcode-first,\r\n  title = {Ça va — 東京},\r\n}\r\n\r\n'), crlf]);
    const key = parseBibtex(decodeLibraryBytes(crlf).text, 'library.bib').entries[0].key;
    const renamed = renameOnDisk(bytes, key, `${key}-renamed`);
    const at = bytes.indexOf(`{${key},`) + 1;
    assert.ok(renamed.equals(Buffer.concat([bytes.subarray(0, at), Buffer.from(`${key}-renamed`), bytes.subarray(at + key.length)])));
  });

  it('edits a Latin-1 file byte for byte, and refuses a non-ASCII key there', () => {
    const bytes = fs.readFileSync(path.resolve(__dirname, '../fixtures/bib-messy/biber-encoding3-latin1.bib'));
    const { text, encoding } = decodeLibraryBytes(bytes);
    assert.notStrictEqual(encoding, 'utf-8');
    const key = parseBibtex(text, 'library.bib').entries[0].key;
    const renamed = renameOnDisk(bytes, key, 'plain-key');
    const at = bytes.indexOf(Buffer.from(`{${key},`, 'latin1')) + 1;
    assert.ok(renamed.equals(Buffer.concat([bytes.subarray(0, at), Buffer.from('plain-key'), bytes.subarray(at + key.length)])));
    assert.throws(() => renameOnDisk(bytes, key, 'clé'), /not plain ASCII/);
  });

  it('makes several edits at once, measured from the start or from the end, as pieces of the old bytes', () => {
    const middle = fs.readFileSync(path.resolve(__dirname, '../fixtures/bib-messy/bbt-1730-5-jabref-groups-crlf.bib'));
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('@misc{début,\r\n  title = {Ça va — 東京 😀},\r\n}\r\n'), middle,
      Buffer.from('\r\n@misc{fin-ñ, title = {😀 東京}}\r\n@misc{last, crossref = {début}}\r\n')]);
    const { text, encoding } = decodeLibraryBytes(bytes);
    const edits = ['début', 'fin-ñ', 'last'].map((key) => {
      const start = text.indexOf(`{${key}`) + 1;
      return { start, end: start + key.length, newText: `${key}→2` };
    });
    const pieces = editLibraryBytes(bytes, text, encoding, edits);
    const expected = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(applyEdits(text, edits))]);
    assert.ok(Buffer.concat(pieces).equals(expected));
    assert.ok(pieces.some((piece) => piece.buffer === bytes.buffer && piece.length >= middle.length), 'the old bytes are not copied');
    assert.throws(() => editLibraryBytes(bytes, text, encoding, [edits[0], { ...edits[0], start: edits[0].start + 1 }]), /overlap/);
  });

  it('refuses when the bytes at the key are no longer the key (the file changed since it was read)', () => {
    const text = '@book{one,\n  title = {One}\n}\n';
    const entry = entryOf(parseBibtex(text, 'library.bib'), 'one');
    const [edit] = renameKeyEdits('one', 'two', entry, text, []);
    assert.throws(() => editLibraryBytes(Buffer.from(`%\n${text}`), text, 'utf-8', [edit]), /changed on disk/);
  });
});
