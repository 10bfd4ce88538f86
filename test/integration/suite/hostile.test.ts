// Hostile files in a cloned repository (issue 15): a committed `_quarto.yml` symlink to /dev/zero and
// a FIFO named as a library must neither freeze the extension host nor stop drafts from being checked.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { citemarkDiagnostics, closeEditorsAndNewDrafts, openNewDraft, waitFor, workspaceFolder } from './helpers';

describe('hostile files in the workspace', () => {
  const folder = () => path.join(workspaceFolder().fsPath, 'hostile');
  after(async () => {
    await closeEditorsAndNewDrafts();
    fs.rmSync(folder(), { recursive: true, force: true });
  });

  it('checks drafts beside a _quarto.yml linked to /dev/zero and a FIFO named in front matter', async function () {
    if (process.platform === 'win32') this.skip();
    fs.mkdirSync(folder(), { recursive: true });
    fs.symlinkSync('/dev/zero', path.join(folder(), '_quarto.yml'));
    execFileSync('mkfifo', [path.join(folder(), 'pipe.bib')]);
    // No bibliography in its front matter: the project file is looked for, and refused.
    const project = await openNewDraft('hostile/project.md', 'See @hopper1952compiler and @nosuchkey2000.\n');
    const named = await openNewDraft('hostile/named.md', '---\nbibliography: [pipe.bib, /dev/zero, ../library.bib]\n---\n\nSee @hopper1952compiler and @otherkey1999.\n');
    const flagged = (editor: typeof project, code: string) =>
      citemarkDiagnostics(editor.document.uri).filter((diagnostic) => diagnostic.code === code).map((diagnostic) => editor.document.getText(diagnostic.range));
    const missing = (editor: typeof project) => flagged(editor, 'missing-key');
    await waitFor('the draft beside _quarto.yml checked', () => (missing(project).includes('nosuchkey2000') ? true : undefined));
    assert.deepStrictEqual(missing(project), ['nosuchkey2000']);
    await waitFor('the draft naming a FIFO and /dev/zero checked', () => (missing(named).includes('otherkey1999') ? true : undefined));
    assert.deepStrictEqual(missing(named), ['otherkey1999']);
    // the two libraries not read are errors on their names in the front matter, as `citemark check` says
    assert.deepStrictEqual(flagged(named, 'missing-library'), ['pipe.bib', '/dev/zero']);
  });

  it('says a binary file opened as a Markdown draft is not text, and invents no missing key or unknown theme', async () => {
    fs.mkdirSync(folder(), { recursive: true });
    // A PDF: VS Code opens it as text because its first 512 bytes hold no NUL (a file with an earlier
    // NUL is refused, unless the user picks "Open Anyway"); NUL bytes and citation-like text follow.
    const file = path.join(folder(), 'paper.pdf');
    const header = `%PDF-1.4\n${'1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n'.repeat(12)}`;
    fs.writeFileSync(file, Buffer.concat([Buffer.from(header), Buffer.from([0, 0, 0, 0x0d, 0x89, 0x50]), Buffer.from(' [@png2000] @ab12 (Smith, 2010) #programz\n')]));
    const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(file), 'markdown');
    await vscode.window.showTextDocument(document);
    const diagnostics = await waitFor('the binary draft checked', () => {
      const found = citemarkDiagnostics(document.uri);
      return found.some((diagnostic) => diagnostic.code === 'not-text') ? found : undefined;
    });
    assert.deepStrictEqual(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.message]), [['not-text', 'paper.pdf: it is not a text file (it holds NUL bytes): not checked']]);
  });
});
