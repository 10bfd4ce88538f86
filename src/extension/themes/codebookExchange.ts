import * as vscode from 'vscode';
import { readRegularFile } from '../../core/files';
import { plural } from '../../core/text';
import { parseCodebook } from '../../core/themes/codebook';
import { codebookToQdc, mergeThemesEdits, qdcToThemes, readQdc, themesYaml } from '../../core/themes/qdc';
import { maxFileMB } from '../safeRead';
import type { ThemeModel } from './model';

const QDC_FILTER = { 'REFI-QDA codebook': ['qdc'] };
type ImportChoice = 'add' | 'beside';

/**
 * "Import Codebook (REFI-QDA .qdc)": the codebook of a .qdc into themes.yaml. An existing codebook is
 * never overwritten: the user chooses between adding the new themes to it (an undoable edit that
 * appends them, left unsaved) and writing the import to a new file beside it. Tests pass `source` and
 * `choice` instead of the dialogs.
 */
export async function importCodebook(model: ThemeModel, source?: vscode.Uri, choice?: ImportChoice): Promise<vscode.Uri | undefined> {
  source ??= (await vscode.window.showOpenDialog({ filters: QDC_FILTER, openLabel: 'Import Codebook', canSelectMany: false }))?.[0];
  const target = model.codebookUri();
  if (!source) return undefined;
  if (!target) {
    void vscode.window.showWarningMessage('Citemark: open a workspace folder to import a codebook into it.');
    return undefined;
  }
  let qdc;
  try {
    qdc = readQdc((await readRegularFile(source.fsPath, maxFileMB())).toString('utf8')); // a regular file within the size cap, as every read
  } catch (error) {
    void vscode.window.showErrorMessage(`Citemark: cannot import ${model.pathOf(source)}: ${(error as Error).message}`);
    return undefined;
  }
  await model.load();
  const current = await model.currentCodebook();
  const existing = model.codebookExists ? parseCodebook(current.text, current.path) : undefined;
  // Codes that went out from this codebook come back under their ids (matched by GUID).
  const { themes, lost } = qdcToThemes(qdc, existing);
  const header = `Codebook imported from ${source.path.split('/').pop()}${qdc.origin ? ` (${qdc.origin})` : ''}.`;
  let written: vscode.Uri;
  let summary: string;
  if (!existing) {
    written = target;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(themesYaml(themes, header)));
    summary = `${plural(themes.length, 'theme')} imported into ${model.pathOf(target)}.`;
  } else {
    const add = 'Add New Themes to It';
    const beside = 'Write Beside It';
    if (!choice) {
      const picked = await vscode.window.showInformationMessage(
        `${model.pathOf(target)} already exists. Add the imported themes it does not have, or write the import to a new file beside it?`,
        { modal: true },
        add,
        beside,
      );
      choice = picked === add ? 'add' : picked === beside ? 'beside' : undefined;
    }
    if (!choice) return undefined;
    if (choice === 'add') {
      let merge;
      try {
        merge = mergeThemesEdits(current.text, current.path, themes, existing);
        if (merge.edits.length > 0) await vscode.workspace.applyEdit(await model.workspaceEdit(merge.edits));
      } catch (error) {
        void vscode.window.showErrorMessage(`Citemark: cannot add the themes to ${model.pathOf(target)}: ${(error as Error).message}`);
        return undefined;
      }
      const { skipped } = merge;
      written = target;
      // (VS Code may save the edit itself, as it does with files.refactoring.autoSave or auto save on)
      const unsaved = (await vscode.workspace.openTextDocument(target)).isDirty ? ' (unsaved)' : '';
      summary = `${plural(themes.length - skipped.length, 'theme')} added to ${model.pathOf(target)}${unsaved}${skipped.length ? `; already there, left as they are: ${skipped.join(', ')}` : ''}.`;
    } else {
      written = await freeUriBeside(target);
      await vscode.workspace.fs.writeFile(written, new TextEncoder().encode(themesYaml(themes, header)));
      summary = `${plural(themes.length, 'theme')} written to ${model.pathOf(written)}; ${model.pathOf(target)} is unchanged.`;
    }
  }
  await vscode.window.showTextDocument(written, { preview: false });
  const notKept = lost.length ? ` Not kept: ${lost.join(' ')}` : '';
  void (lost.length ? vscode.window.showWarningMessage(`Citemark: ${summary}${notKept}`) : vscode.window.showInformationMessage(`Citemark: ${summary}`));
  return written;
}

/** "Export Codebook (REFI-QDA .qdc)": the codebook as a .qdc other tools import. */
export async function exportCodebook(model: ThemeModel, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  await model.load();
  if (model.codebook.themes.length === 0) {
    void vscode.window.showWarningMessage('Citemark: the codebook has no themes to export.');
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  target ??= await vscode.window.showSaveDialog({ defaultUri: folder && vscode.Uri.joinPath(folder, 'codebook.qdc'), filters: QDC_FILTER, saveLabel: 'Export Codebook' });
  if (!target) return undefined;
  try {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(codebookToQdc(model.codebook)));
  } catch (error) {
    void vscode.window.showErrorMessage(`Citemark: could not write ${target.fsPath}: ${(error as Error).message}`);
    return undefined;
  }
  void vscode.window.showInformationMessage(`Citemark: ${plural(model.codebook.themes.length, 'code')} exported to ${model.pathOf(target)}.`);
  return target;
}

/** `themes.imported.yaml` beside `themes.yaml`, or `themes.imported-2.yaml`… when taken. */
async function freeUriBeside(codebook: vscode.Uri): Promise<vscode.Uri> {
  const extension = /\.ya?ml$/i.exec(codebook.path)?.[0] ?? '';
  const base = codebook.path.slice(0, codebook.path.length - extension.length);
  for (let n = 1; ; n++) {
    const candidate = codebook.with({ path: `${base}.imported${n > 1 ? `-${n}` : ''}${extension || '.yaml'}` });
    const taken = await vscode.workspace.fs.stat(candidate).then(() => true, () => false);
    if (!taken) return candidate;
  }
}
