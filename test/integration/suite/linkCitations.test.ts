// Linking author-date citations in the real workbench: the "Convert to [@key]" code action and the
// "Convert All Author-Date Citations" command (one undo step).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { closeEditorsAndNewDrafts, openNewDraft, positionOf, waitFor, workspaceFolder } from './helpers';

after(closeEditorsAndNewDrafts);

const MANUSCRIPT = [
  '# Notes',
  '',
  'Programs were first published as notes (Lovelace, 1843, p. 722; see Turing, 1936), and Hopper (1952)',
  'described a compiler. Some cite the wrong year (Turing, 1937).',
  '',
  '## References',
  '',
  'Hopper, G. M. (1952). The education of a computer. In *Proceedings of the ACM Conference* (pp. 243–249). ACM.',
  '',
  'Lovelace, A. A. (1843). Notes on the Analytical Engine. *Scientific Memoirs*, 3, 666–731.',
  '',
  'Turing, A. M. (1936). On computable numbers. *Proceedings of the London Mathematical Society*, 42(2), 230–265.',
  '',
].join('\n');

describe('author-date linking', () => {
  it('Convert All writes the reference list as a library, converts the matched citations, and one undo restores the text', async () => {
    const editor = await openNewDraft('link-all.md', MANUSCRIPT);
    const library = path.join(workspaceFolder().fsPath, 'link-all-references.json');
    try {
      await vscode.commands.executeCommand('citemark.convertAllAuthorDate');
      const text = await waitFor('the converted text', () => (editor.document.getText() !== MANUSCRIPT ? editor.document.getText() : undefined));
      assert.strictEqual(text, [
        '---',
        'bibliography: link-all-references.json',
        '---',
        '',
        '# Notes',
        '',
        'Programs were first published as notes [@lovelace1843notes, p. 722; see @turing1936computable], and @hopper1952education',
        'described a compiler. Some cite the wrong year (Turing, 1937).',
        MANUSCRIPT.slice(MANUSCRIPT.indexOf('\n## References')),
      ].join('\n'));
      const keys = JSON.parse(fs.readFileSync(library, 'utf8')).map((item: { id: string }) => item.id);
      assert.deepStrictEqual(keys, ['hopper1952education', 'lovelace1843notes', 'turing1936computable']);

      await vscode.commands.executeCommand('undo');
      await waitFor('the original text', () => (editor.document.getText() === MANUSCRIPT ? true : undefined));
    } finally {
      fs.rmSync(library, { force: true });
    }
  });

  it('Convert All after Extract links to the library Extract wrote, with the corrections made to it, and writes no second one', async () => {
    const editor = await openNewDraft('link-extracted.md', MANUSCRIPT);
    const library = vscode.Uri.joinPath(workspaceFolder(), 'link-extracted-references.json');
    const second = path.join(workspaceFolder().fsPath, 'link-extracted-references-2.json');
    try {
      await vscode.commands.executeCommand('citemark.extractReferences', library);
      const written = await waitFor('the extracted library', () => (fs.existsSync(library.fsPath) ? fs.readFileSync(library.fsPath, 'utf8') : undefined));
      // The user gives one work a key of their own.
      const corrected = written.replace('"lovelace1843notes"', '"ada-notes"');
      assert.notStrictEqual(corrected, written);
      fs.writeFileSync(library.fsPath, corrected);

      await vscode.commands.executeCommand('citemark.convertAllAuthorDate');
      const text = await waitFor('the converted text', () => (editor.document.getText() !== MANUSCRIPT ? editor.document.getText() : undefined));
      assert.ok(text.startsWith('---\nbibliography: link-extracted-references.json\n---\n'), text);
      assert.ok(text.includes('[@ada-notes, p. 722; see @turing1936computable], and @hopper1952education'), text);
      assert.strictEqual(fs.readFileSync(library.fsPath, 'utf8'), corrected);
      assert.ok(!fs.existsSync(second), 'no second library written');
    } finally {
      fs.rmSync(library.fsPath, { force: true });
      fs.rmSync(second, { force: true });
    }
  });

  it('Extract works on the draft shown while a page beside it (a report) has the focus', async () => {
    await openNewDraft('link-focus.md', MANUSCRIPT);
    const library = vscode.Uri.joinPath(workspaceFolder(), 'link-focus-references.json');
    const page = vscode.window.createWebviewPanel('citemark.test', 'A page', vscode.ViewColumn.Beside, {});
    try {
      await waitFor('the page to have the focus', () => (page.active && !vscode.window.activeTextEditor ? true : undefined));
      await vscode.commands.executeCommand('citemark.extractReferences', library);
      const written = await waitFor('the extracted library', () => (fs.existsSync(library.fsPath) ? fs.readFileSync(library.fsPath, 'utf8') : undefined));
      assert.ok(written.includes('"lovelace1843notes"'), written);
    } finally {
      page.dispose();
      fs.rmSync(library.fsPath, { force: true });
    }
  });

  it('offers one “Convert to [@key]” per entry on an ambiguous citation, each saying its title; applying one changes that citation only', async () => {
    const bib = path.join(workspaceFolder().fsPath, 'link-ambiguous.bib');
    fs.writeFileSync(bib, '@article{galtung1969violence, author = {Galtung, Johan}, title = {Violence, Peace, and Peace Research}, year = {1969}}\n' +
      '@article{galtung1969conflict, author = {Galtung, Johan}, title = {Conflict as a Way of Life}, year = {1969}}\n');
    try {
      const text = '---\nbibliography: link-ambiguous.bib\n---\n\nPeace is more than the absence of war, as Galtung (1969) argued.\n';
      const editor = await openNewDraft('link-ambiguous.md', text);
      const at = positionOf(editor.document, 'Galtung (', 2);
      const actions = await waitFor('the convert actions', async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, new vscode.Range(at, at));
        const convert = found.filter((action) => action.title.startsWith('Convert to'));
        return convert.length > 1 ? convert : undefined;
      });
      assert.deepStrictEqual(actions.map((action) => action.title), [
        'Convert to @galtung1969conflict (“Conflict as a Way of Life”)',
        'Convert to @galtung1969violence (“Violence, Peace, and Peace Research”)',
      ]);
      assert.ok(await vscode.workspace.applyEdit(actions[1].edit!));
      assert.strictEqual(editor.document.getText(), text.replace('Galtung (1969)', '@galtung1969violence'));
    } finally {
      fs.rmSync(bib, { force: true });
    }
  });

  it('offers “Convert to [@key]” on a matched citation; applying it changes that citation only', async () => {
    const text = '---\nbibliography: library.bib\n---\n\nAs Hopper (1952) showed, and as others did (Lovelace, 1843; Turing, 1936).\n';
    const editor = await openNewDraft('link-one.md', text);
    const at = positionOf(editor.document, 'Hopper (', 2);
    const actions = await waitFor('a convert action', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, new vscode.Range(at, at));
      const convert = found.filter((action) => action.title.startsWith('Convert to'));
      return convert.length > 0 ? convert : undefined;
    });
    assert.deepStrictEqual(actions.map((action) => action.title), ['Convert to @hopper1952compiler']);
    assert.ok(await vscode.workspace.applyEdit(actions[0].edit!));
    assert.strictEqual(editor.document.getText(), text.replace('Hopper (1952)', '@hopper1952compiler'));

    // A cursor in prose that is no citation gets no such action.
    const prose = positionOf(editor.document, 'showed', 2);
    const none = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, new vscode.Range(prose, prose));
    assert.deepStrictEqual(none.filter((action) => action.title.startsWith('Convert to')), []);
  });
});
