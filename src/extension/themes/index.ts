import * as vscode from 'vscode';
import { citationKeyAt } from '../../core/languageFeatures/hover';
import { tagSourceEdits } from '../../core/themes/edits';
import { STARTER_CODEBOOK } from '../../core/themes/codebook';
import { DRAFT_SELECTOR, draftOf } from '../drafts';
import type { WorkspaceLibraries } from '../libraries';
import { TagDecorations, ThemeCodeActionProvider, ThemeCompletionProvider, ThemeDiagnostics, ThemeHoverProvider, ThemeRenameProvider } from './editor';
import { exportCodebook, importCodebook } from './codebookExchange';
import { MatrixPanel } from './matrixPanel';
import { ThemeModel } from './model';
import { ThemesTreeProvider, type ThemeNode } from './tree';

/**
 * Theme tagging in the editor: codebook, tag features, the Themes view and the synthesis matrix. The
 * codebook and drafts are read on the returned model's `load()` (or a theme command's).
 */
export function registerThemes(context: vscode.ExtensionContext, libraries: WorkspaceLibraries): ThemeModel {
  const model = new ThemeModel(libraries);
  const tree = new ThemesTreeProvider(model);
  const matrix = new MatrixPanel(model, context.extensionUri);
  const diagnostics = new ThemeDiagnostics(model);
  const rename = new ThemeRenameProvider(model);
  context.subscriptions.push(
    model,
    tree,
    matrix,
    diagnostics,
    new TagDecorations(model),
    vscode.window.createTreeView('citemark.themes', { treeDataProvider: tree, showCollapseAll: true }),
    vscode.languages.registerCompletionItemProvider(DRAFT_SELECTOR, new ThemeCompletionProvider(model), '#', '/'),
    vscode.languages.registerHoverProvider(DRAFT_SELECTOR, new ThemeHoverProvider(model)),
    vscode.languages.registerRenameProvider(DRAFT_SELECTOR, rename),
    // The codebook is YAML wherever the setting puts it: the provider checks the document is the codebook.
    vscode.languages.registerRenameProvider({ language: 'yaml' }, rename),
    vscode.languages.registerCodeActionsProvider(DRAFT_SELECTOR, new ThemeCodeActionProvider(model), {
      providedCodeActionKinds: ThemeCodeActionProvider.kinds,
    }),
    vscode.commands.registerCommand('citemark.showMatrix', async () => {
      await model.load();
      matrix.show();
    }),
    // From the editor (the citation under the cursor) or from a source node of the Themes view.
    vscode.commands.registerCommand('citemark.tagSourceWithTheme', (node?: ThemeNode) => tagSourceWithTheme(model, node?.kind === 'source' ? node.key : undefined)),
    vscode.commands.registerCommand('citemark.refreshThemes', () => model.load()),
    vscode.commands.registerCommand('citemark.openCodebook', () => {
      const codebook = model.codebookUri();
      if (codebook) return openOrStartCodebook(codebook);
      void vscode.window.showWarningMessage('Citemark: open a workspace folder to keep a codebook in it.');
    }),
    // Arguments are for tests and scripts: the .qdc to import (and 'add' | 'beside'), or the .qdc to write.
    // (from the Themes view's `…` menu the first argument is the view's selected node, not a file: the trial's
    // "could not write undefined"; the dialogs open then, as from the Command Palette)
    vscode.commands.registerCommand('citemark.importCodebook', (source?: unknown, choice?: unknown) =>
      importCodebook(model, source instanceof vscode.Uri ? source : undefined, choice === 'add' || choice === 'beside' ? choice : undefined)),
    vscode.commands.registerCommand('citemark.exportCodebook', (target?: unknown) => exportCodebook(model, target instanceof vscode.Uri ? target : undefined)),
  );
  return model;
}

/** Opens the codebook; one that does not exist yet is made from STARTER_CODEBOOK, as an edit Undo takes back. */
async function openOrStartCodebook(codebook: vscode.Uri): Promise<void> {
  const exists = await vscode.workspace.fs.stat(codebook).then(() => true, () => false);
  if (!exists) {
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(codebook, { contents: Buffer.from(STARTER_CODEBOOK, 'utf8'), ignoreIfExists: true });
    await vscode.workspace.applyEdit(edit);
  }
  await vscode.window.showTextDocument(codebook);
}

/** Gives the source cited under the cursor (or `key`) a theme in the codebook's `sources:`. */
async function tagSourceWithTheme(model: ThemeModel, key?: string): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  key ??= editor && citationKeyAt(draftOf(editor.document), editor.document.offsetAt(editor.selection.active))?.key;
  if (!key) {
    void vscode.window.showWarningMessage('Citemark: put the cursor on a citation such as @smith2020 to tag its source with a theme.');
    return;
  }
  await model.load();
  const codebook = model.codebookUri();
  if (!codebook || model.codebook.themes.length === 0) {
    const open = codebook ? 'Open the Codebook' : undefined;
    const choice = await vscode.window.showWarningMessage(
      `Citemark: the codebook has no themes yet: list them in ${codebook ? model.pathOf(codebook) : 'themes.yaml (open a folder first)'} first.`, ...(open ? [open] : []));
    if (codebook && choice === open) await openOrStartCodebook(codebook);
    return;
  }
  const picks = model.codebook.themes.map((theme) => ({ label: theme.path, description: theme.label, detail: theme.description }));
  const pick = await vscode.window.showQuickPick(picks, { placeHolder: `Theme of the whole source ${key}`, matchOnDescription: true });
  if (!pick) return;
  try {
    const current = await model.currentCodebook();
    const edits = tagSourceEdits(current.text, current.path, key, pick.label);
    if (edits.length === 0) {
      void vscode.window.showInformationMessage(`Citemark: ${key} already has the theme ${pick.label}.`);
      return;
    }
    await vscode.workspace.applyEdit(await model.workspaceEdit(edits));
    // Said, with the way to the edit: it is in the codebook's undo history, not the draft's (the researcher
    // trial's Ctrl+Z in the draft undid an earlier rename instead).
    const codebookUri = model.codebookUri()!;
    const unsaved = (await vscode.workspace.openTextDocument(codebookUri)).isDirty ? ' (unsaved; Ctrl+Z there undoes it)' : '';
    const show = 'Show in the Codebook';
    void vscode.window.showInformationMessage(`Citemark: ${key} has the theme ${pick.label} in ${model.pathOf(codebookUri)}${unsaved}.`, show).then(async (choice) => {
      if (choice !== show) return;
      const shown = await vscode.window.showTextDocument(codebookUri);
      const at = shown.document.positionAt(edits[0].offset);
      shown.selection = new vscode.Selection(at, at);
      shown.revealRange(new vscode.Range(at, at));
    });
  } catch (error) {
    void vscode.window.showErrorMessage(`Citemark: ${(error as Error).message}`);
  }
}
