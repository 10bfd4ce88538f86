// The reviewer's side: "Check References" on a draft with an author-date reference list and a library
// holding a broken entry (test/fixtures/report), and the opt-in diagnostic on uncited library entries.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { checkCommand } from '../../../src/cli/check';
import { citemarkDiagnostics, closeEditorsAndNewDrafts, waitFor, workspaceFolder } from './helpers';

const FIXTURE = path.join(process.env.CITEMARK_FIXTURES ?? path.resolve(__dirname, '../../../fixtures'), 'report');

after(closeEditorsAndNewDrafts);

/** The fixture's draft and library, copied into a folder of the workspace; removed after the suite. */
function copyFixture(folder: string): { draft: vscode.Uri; library: vscode.Uri } {
  const target = path.join(workspaceFolder().fsPath, folder);
  fs.mkdirSync(target, { recursive: true });
  for (const name of ['paper.md', 'library.bib']) fs.copyFileSync(path.join(FIXTURE, name), path.join(target, name));
  return { draft: vscode.Uri.file(path.join(target, 'paper.md')), library: vscode.Uri.file(path.join(target, 'library.bib')) };
}

/** `citemark check <draft> --format json`'s `uncited`, run in the workspace. */
async function cliUncited(draft: string, ...options: string[]): Promise<string[]> {
  let json = '';
  await checkCommand([draft, '--format', 'json', ...options], (text) => (json += text));
  return (JSON.parse(json) as { uncited: string[] }).uncited;
}

function allCitemarkProblems(): number {
  return vscode.languages.getDiagnostics().reduce((sum, [, diagnostics]) => sum + diagnostics.filter((d) => d.source === 'citemark').length, 0);
}

describe('reviewing references', function () {
  this.timeout(90_000);
  let draft: vscode.Uri;
  let library: vscode.Uri;
  before(() => ({ draft, library } = copyFixture('reviewing')));
  after(() => fs.rmSync(path.dirname(draft.fsPath), { recursive: true, force: true }));

  it("says that a cited key's entry is in the library but could not be read, not that there is no entry", async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(draft));
    // The first library read of the session starts the worker: on a loaded machine that takes a while.
    const message = await waitFor('the diagnostic on @bad1', () => citemarkDiagnostics(draft).find((d) => d.message.includes("'bad1'"))?.message, 60_000);
    assert.strictEqual(message, "Entry 'bad1' in library.bib could not be read: line 15, not closed: missing '}'.");
  });

  it('shows the reference-list item an author-date citation matched when it is hovered', async () => {
    const document = await vscode.workspace.openTextDocument(draft);
    await vscode.window.showTextDocument(document);
    const offset = document.getText().indexOf('Lederach, 1997') + 2;
    const hover = await waitFor('a hover on (Lederach, 1997)', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(offset));
      return hovers.map((found) => found.contents.map((part) => (typeof part === 'string' ? part : part.value)).join('\n')).find((text) => text.includes('Reference list'));
    });
    const line = document.getText().split('\n').findIndex((text) => text.startsWith('Lederach, J. P. (1997)')) + 1;
    assert.strictEqual(hover, `Lederach\\, J\\. P\\. \\(1997\\)\\. Building peace\\. United States Institute of Peace Press\\.\n\n*Reference list, line ${line}*`);
  });

  it('goes from an author-date citation to the reference-list item it matched', async () => {
    const document = await vscode.workspace.openTextDocument(draft);
    const position = document.positionAt(document.getText().indexOf('Paffenholz (2006, 2010)') + 14);
    const locations = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', document.uri, position);
    const line = document.getText().split('\n').findIndex((text) => text.startsWith('Paffenholz, T. (2006)'));
    assert.deepStrictEqual(locations.map((location) => [location.uri.fsPath, location.range.start.line]), [[draft.fsPath, line]]);
  });

  it('opens the report in a webview: no new document, so no problem is added', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(draft));
    await waitFor('the draft checked', () => (citemarkDiagnostics(draft).length > 0 ? true : undefined));
    // (the suites before may leave a library being read again, whose drafts are then checked again: the count settles first)
    let before = -1;
    await waitFor('the problems to settle', async () => {
      const now = allCitemarkProblems();
      if (now === before) return true;
      before = now;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return undefined;
    });
    const documents = vscode.workspace.textDocuments.length;
    await vscode.commands.executeCommand('citemark.checkReferences');
    const tab = await waitFor('the report tab', () =>
      vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((candidate) => candidate.label === 'References: paper.md'));
    assert.ok(tab.input instanceof vscode.TabInputWebview, `the report is a ${tab.input?.constructor.name}`);
    assert.match(tab.input.viewType, /citemark\.referenceReport$/);
    // A report opened as a document would be checked as a draft within a second.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepStrictEqual(vscode.workspace.textDocuments.filter((document) => document.isUntitled).map((document) => document.uri.toString()), []);
    assert.strictEqual(vscode.workspace.textDocuments.length, documents);
    assert.strictEqual(allCitemarkProblems(), before);
  });

  it("marks uncited library entries only when asked to, the same entries as the CLI's `uncited`", async () => {
    const config = vscode.workspace.getConfiguration('citemark');
    const uncitedOn = () => citemarkDiagnostics(library).filter((d) => d.code === 'uncited-entry');
    await waitFor('the library read', () => (citemarkDiagnostics(library).length > 0 ? true : undefined));
    assert.deepStrictEqual(uncitedOn(), [], 'off by default');
    await config.update('diagnostics.uncitedEntries', 'information', vscode.ConfigurationTarget.Workspace);
    try {
      const expected = await cliUncited(path.relative(process.cwd(), draft.fsPath));
      assert.deepStrictEqual(expected, ['smithjones2001', 'galtung1969', 'macginty2011']);
      const text = fs.readFileSync(library.fsPath, 'utf8').split('\n');
      const keys = await waitFor('the uncited entries marked', () => {
        const found = uncitedOn().map((d) => /^@\w+\{([^,]+),/.exec(text[d.range.start.line])?.[1]);
        return found.length === expected.length ? found : undefined;
      });
      assert.deepStrictEqual(keys, expected);
      assert.ok(uncitedOn().every((d) => d.severity === vscode.DiagnosticSeverity.Information && d.message.includes('cites')));
    } finally {
      await config.update('diagnostics.uncitedEntries', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('the marks gone once the setting is off', () => (uncitedOn().length === 0 ? true : undefined));
  });
});
