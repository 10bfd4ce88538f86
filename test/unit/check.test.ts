import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { bibliographyEdit, applyEdits } from '../../src/core/citations/linkCitations';
import { checkDocument, libraryPathsFor, noBibliographyDiagnostic, uncitedEntries } from '../../src/core/check';
import { Draft } from '../../src/core/draft';
import { readTextIfExists } from '../../src/core/files';
import { LibraryIndex } from '../../src/core/library/libraryIndex';
import { parseLibraryFile } from '../../src/core/library/load';
import { readFrontMatter } from '../../src/core/markdown/frontMatter';

const fixtures = path.resolve(__dirname, '../fixtures/check');

async function loadDraft() {
  const draftPath = path.join(fixtures, 'draft.md');
  const text = await fs.readFile(draftPath, 'utf8');
  const frontMatter = readFrontMatter(text, draftPath);
  const index = new LibraryIndex();
  const paths = (await libraryPathsFor(draftPath, frontMatter))!;
  for (const file of paths) index.set(parseLibraryFile(await fs.readFile(file), file));
  return { draftPath, text, frontMatter, view: index.view(paths, frontMatter.references) };
}

describe('document check', () => {
  it('resolves front matter libraries relative to the draft', async () => {
    const { draftPath, frontMatter } = await loadDraft();
    assert.deepStrictEqual(await libraryPathsFor(draftPath, frontMatter), [path.join(fixtures, 'library.bib')]);
    assert.deepStrictEqual(await libraryPathsFor('/x/a.md', readFrontMatter('no front matter', '/x/a.md'), ['/lib.bib']), ['/lib.bib']);
    assert.strictEqual(await libraryPathsFor('/x/a.md', readFrontMatter('', '/x/a.md')), undefined);
  });

  it("uses the Quarto project's bibliography when the draft names none, and the draft's own when it does", async () => {
    const chapter = path.join(fixtures, 'quarto/chapters/ch1.qmd');
    const read = (file: string) => readTextIfExists(file);
    assert.deepStrictEqual(await libraryPathsFor(chapter, readFrontMatter('---\ntitle: x\n---\n', chapter), ['/other.bib'], read), [path.join(fixtures, 'library.bib')]);
    assert.deepStrictEqual(await libraryPathsFor(chapter, readFrontMatter('---\nbibliography: own.bib\n---\n', chapter), [], read), [path.join(fixtures, 'quarto/chapters/own.bib')]);
    assert.deepStrictEqual(await libraryPathsFor('/nowhere/a.md', readFrontMatter('', '/nowhere/a.md'), ['/other.bib'], read), ['/other.bib']);
  });

  it('reports exactly the keys the library lacks, on the key itself, with close keys suggested', async () => {
    const { draftPath, text, view } = await loadDraft();
    const result = checkDocument(new Draft(text, draftPath), view);
    const missing = result.diagnostics.filter((d) => d.code === 'missing-key');
    const keysAt = missing.map((d) => {
      const line = text.split('\n')[d.range.start.line];
      return line.slice(d.range.start.character, d.range.end.character);
    });
    assert.deepStrictEqual(keysAt, ['smtih2010', 'nobody1999']);
    assert.strictEqual(missing[0].suggestions?.[0], 'smith2010');
    assert.match(missing[0].message, /No entry 'smtih2010' in library\.bib\. Did you mean 'smith2010'/);
    assert.strictEqual(missing[0].severity, 'error');
    assert.deepStrictEqual([...result.citedKeys].sort(), ['doe:2020.a', 'nobody1999', 'smith2010', 'smtih2010', 'worldbank2011']);
    const statuses = result.citations.map((c) => `${c.kind}:${c.keys.join('+')}:${c.status}`);
    assert.deepStrictEqual(statuses, [
      'bracketed:smith2010:matched',
      'narrative:doe:2020.a:matched',
      'bracketed:smtih2010+doe:2020.a:unmatched',
      'bracketed:nobody1999:unmatched',
      'nocite:worldbank2011:matched',
    ]);
  });

  it('reports a missing nocite key on the key in the front matter, braced or not', async () => {
    const { view } = await loadDraft();
    const text = '---\nnocite: |\n  @worldbank2011, @gone2001, @{odd:gone}\n---\nBody.\n';
    const missing = checkDocument(new Draft(text, '/d/x.md'), view, { suggest: false }).diagnostics.filter((d) => d.code === 'missing-key');
    const lines = text.split('\n');
    assert.deepStrictEqual(missing.map((d) => lines[d.range.start.line].slice(d.range.start.character, d.range.end.character)), ['gone2001', 'odd:gone']);
  });

  it('can leave suggestions out, for the typing path', async () => {
    const { draftPath, text, view } = await loadDraft();
    const [first] = checkDocument(new Draft(text, draftPath), view, { suggest: false }).diagnostics;
    assert.strictEqual(first.message, "No entry 'smtih2010' in library.bib.");
    assert.deepStrictEqual(first.suggestions, []);
  });

  it('honours a severity setting and "ignore"', async () => {
    const { draftPath, text, view } = await loadDraft();
    assert.ok(checkDocument(new Draft(text, draftPath), view, { severities: { 'missing-key': 'hint' } }).diagnostics.every((d) => d.severity === 'hint'));
    assert.strictEqual(checkDocument(new Draft(text, draftPath), view, { severities: { 'missing-key': 'ignore' } }).diagnostics.length, 0);
  });

  it('keeps the good entries of a library with a broken one', async () => {
    const { view } = await loadDraft();
    assert.ok(view.get('smith2010') && view.get('doe:2020.a') && view.get('worldbank2011'));
    assert.ok(view.problems().some((p) => p.severity === 'error' && p.line >= 14 && p.line <= 17), JSON.stringify(view.problems()));
  });

  it('says that a cited key is in the library but its entry could not be read, rather than "No entry"', () => {
    const index = new LibraryIndex();
    const bib = '@article{good1, title = {Good}, year = 2001}\n\n@article{bad1,\n  title = {Never closed,\n  year = 2002,\n\n@misc{bad2 title={x}}\n';
    index.set(parseLibraryFile(Buffer.from(bib), '/lib/broken.bib'));
    const text = 'See [@good1; @bad1; @bad2; @none].';
    const messages = checkDocument(new Draft(text, '/d.md'), index.view(['/lib/broken.bib'])).diagnostics.map((d) => `${text.slice(d.range.start.character, d.range.end.character)}: ${d.message}`);
    assert.deepStrictEqual(messages, [
      "bad1: Entry 'bad1' in broken.bib could not be read: line 3, not closed: missing '}'.",
      "bad2: Entry 'bad2' in broken.bib could not be read: line 7, missing ',' after key 'bad2'.",
      "none: No entry 'none' in broken.bib.",
    ]);
  });

  it("notes a draft that names no bibliography while the workspace's library holds its keys, with the library to name (the student trial)", () => {
    const index = new LibraryIndex();
    index.set(parseLibraryFile(Buffer.from('@misc{knuth1984, title={Literate}}\n'), '/w/refs/library.bib'));
    const view = (draft: Draft) => index.view(['/w/refs/library.bib'], draft.frontMatter.references);
    const draft = new Draft('# Paper\n\nSee [@nobody; @knuth1984, p. 3].\n', '/w/paper/paper.md');
    const note = noBibliographyDiagnostic(draft, view(draft))!;
    assert.strictEqual(note.message, "This draft names no bibliography: Citemark finds 'knuth1984' in library.bib, but Pandoc will not " +
      "(it prints 'knuth1984?' and no reference list). Add 'bibliography: ../refs/library.bib' to the front matter.");
    assert.deepStrictEqual([note.code, note.severity, note.range.start, note.range.end], ['no-bibliography', 'information', { line: 2, character: 15 }, { line: 2, character: 24 }]);
    // the quick fix's edit: a new front matter naming it, and then the note is gone
    const fixed = new Draft(applyEdits(draft.text, [bibliographyEdit(draft, note.suggestions![0])!]), draft.path);
    assert.strictEqual(fixed.text, '---\nbibliography: ../refs/library.bib\n---\n\n# Paper\n\nSee [@nobody; @knuth1984, p. 3].\n');
    assert.deepStrictEqual(fixed.frontMatter.bibliography, ['../refs/library.bib']);
    // the check gives it when told the draft names no library, at the level set (or not at all)
    assert.deepStrictEqual(checkDocument(draft, view(draft), { namesNoLibrary: true }).diagnostics.map((d) => [d.code, d.severity]), [['no-bibliography', 'information'], ['missing-key', 'error']]);
    assert.deepStrictEqual(checkDocument(draft, view(draft), { namesNoLibrary: true, severities: { 'no-bibliography': 'ignore' } }).diagnostics.map((d) => d.code), ['missing-key']);
    assert.deepStrictEqual(checkDocument(draft, view(draft)).diagnostics.map((d) => d.code), ['missing-key']);
    // none when only the draft's own `references:` or no library holds what it cites
    const inline = new Draft('---\nreferences:\n- id: own\n  title: Own\n---\n\nSee [@own] and [@nobody].\n', '/w/paper/own.md');
    assert.strictEqual(noBibliographyDiagnostic(inline, view(inline)), undefined);
  });

  it('finds the library entries no draft cites, none when one cites `@*`', () => {
    const index = new LibraryIndex();
    index.set(parseLibraryFile(Buffer.from('@misc{a, title={A}}\n@misc{b, title={B}}\n@misc{c, title={C}}\n'), '/lib/x.bib'));
    const inline = [{ key: 'own', type: 'book', source: '/d.md', startLine: 0, endLine: 0, keyOffset: -1, authors: [], editors: [], keywords: [] }];
    const view = index.view(['/lib/x.bib'], inline);
    assert.deepStrictEqual(uncitedEntries(view, new Set(['b'])).map((entry) => entry.key), ['a', 'c']);
    assert.deepStrictEqual(uncitedEntries(view, new Set(['b', '*'])), []);
  });

  it('gives a binary file opened as a draft one not-text diagnostic, and reads no citation out of it', () => {
    // A PNG header, then bytes that read as citations, as an editor decodes them (NUL kept).
    const text = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]).toString('latin1') + ' [@png2000] @ab12 (Smith, 2010)\n';
    const result = checkDocument(new Draft(text, '/x/figure.md'), new LibraryIndex().view(['/lib/x.bib']), { authorDate: 'on' });
    assert.deepStrictEqual(result.diagnostics, [
      { code: 'not-text', severity: 'error', message: 'figure.md: it is not a text file (it holds NUL bytes): not checked', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
    ]);
    assert.deepStrictEqual(result.citations, []);
    assert.strictEqual(checkDocument(new Draft('No NUL here [@png2000]\n', '/x/a.md'), new LibraryIndex().view(['/lib/x.bib'])).diagnostics[0].code, 'missing-key');
  });
});
