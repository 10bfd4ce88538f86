// The library index as the workspace changes: files created, edited and deleted while drafts are open.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { CitemarkApi } from '../../../src/extension/extension';
import { citemarkDiagnostics, closeEditorsAndNewDrafts, hoverText, openNewDraft, positionOf, waitFor, workspaceFolder } from './helpers';

after(closeEditorsAndNewDrafts);

describe('workspace libraries', () => {
  it('reads a library file created in the workspace, and forgets it when deleted', async () => {
    // No front matter and no setting: the draft sees every library of the workspace.
    const editor = await openNewDraft('scan.md', 'As shown by @created2024 and @hopper1952compiler.\n');
    const missing = () => citemarkDiagnostics(editor.document.uri).filter((diagnostic) => diagnostic.code === 'missing-key').map((diagnostic) => editor.document.getText(diagnostic.range));
    await waitFor('created2024 reported missing', () => (missing().includes('created2024') ? true : undefined));
    const extra = path.join(workspaceFolder().fsPath, 'created.bib');
    fs.writeFileSync(extra, '@book{created2024,\n  author = {New, Author},\n  title = {Written after start-up},\n  year = {2024}\n}\n');
    try {
      await waitFor('created2024 found once the file exists', () => (missing().includes('created2024') ? undefined : true));
      assert.deepStrictEqual(missing(), []);
    } finally {
      fs.rmSync(extra, { force: true });
    }
    await waitFor('created2024 missing again once the file is deleted', () => (missing().includes('created2024') ? true : undefined));
  });

  it('does not take a YAML file of the workspace that is no library (the codebook) for one when it changes', async () => {
    const codebook = path.join(workspaceFolder().fsPath, 'themes.yaml');
    const original = fs.readFileSync(codebook);
    const libraries = (await vscode.extensions.getExtension<CitemarkApi>('citemark.citemark')!.activate()).libraries;
    await libraries.scanned;
    assert.ok(!libraries.index.has(codebook), 'not a library at the first scan');
    fs.appendFileSync(codebook, '# a comment added, as an edit of the codebook\n');
    try {
      await new Promise((resolve) => setTimeout(resolve, 3000)); // a changed library is read within about a second
      assert.ok(!libraries.index.has(codebook), 'not a library once changed');
      assert.deepStrictEqual(citemarkDiagnostics(vscode.Uri.file(codebook)).map((diagnostic) => diagnostic.message), []);
    } finally {
      fs.writeFileSync(codebook, original);
    }
  });

  it('takes an edit of one entry (sent as a patch by the worker) with the entries after it moved', async () => {
    const entry = (key: string, extra = '') => `@article{${key},\n  author = {Edit, Ed},\n  title = {Title of ${key}},${extra}\n  year = {2020}\n}\n\n`;
    const file = path.join(workspaceFolder().fsPath, 'edited.bib');
    fs.writeFileSync(file, entry('editedA') + entry('editedB') + entry('editedC'));
    try {
      const editor = await openNewDraft('edit.md', 'See @editedA, @editedB and @editedC.\n');
      const missing = () => citemarkDiagnostics(editor.document.uri).filter((diagnostic) => diagnostic.code === 'missing-key').map((diagnostic) => editor.document.getText(diagnostic.range));
      const lineOfC = () => fs.readFileSync(file, 'utf8').split('\n').indexOf('@article{editedC,') + 1;
      // The line of editedC's entry as its hover tells it, once it is the line in the file.
      const hoverShowsLineOfC = () =>
        waitFor(`editedC's hover to give line ${lineOfC()}`, async () => {
          const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, positionOf(editor.document, '@editedC', 3));
          return Number(/edited\\?\.bib\\?:(\d+)/.exec(hoverText(hovers))?.[1]) === lineOfC() ? true : undefined;
        });
      await hoverShowsLineOfC();
      // The middle entry gets a new key and two more lines: the third one moves down by two lines.
      fs.writeFileSync(file, entry('editedA') + entry('editedB2', '\n  note = {one},\n  pages = {1--2},') + entry('editedC'));
      await waitFor('editedB reported missing after the edit', () => (missing().join() === 'editedB' ? true : undefined));
      await hoverShowsLineOfC();
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
