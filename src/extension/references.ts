import * as vscode from 'vscode';
import { promises as fs } from 'fs';
import * as path from 'path';
import { citationKeyAt } from '../core/languageFeatures/hover';
import { findKeyOccurrences } from '../core/languageFeatures/references';
import { codebookRenameEdits, draftRenameEdits, LooksLikeBetterBibtex, refuseBetterBibtexExport, renameKeyEdits, type TextEdit } from '../core/languageFeatures/rename';
import type { LibraryEntry } from '../core/types';
import { draftOf, workspaceDrafts } from './drafts';
import type { WorkspaceLibraries } from './libraries';
import { readSmallText } from './safeRead';
import { configuredCodebookUri } from './themes/model';

/** Find all references of a citation key across the workspace's drafts, and its library entry when the declaration is asked for. */
export class CitationReferenceProvider implements vscode.ReferenceProvider {
  constructor(private readonly libraries: WorkspaceLibraries) {}

  async provideReferences(document: vscode.TextDocument, position: vscode.Position, context: vscode.ReferenceContext): Promise<vscode.Location[] | undefined> {
    const cited = citationKeyAt(draftOf(document), document.offsetAt(position));
    if (!cited) return undefined;
    const drafts = await workspaceDrafts();
    const byPath = new Map(drafts.map(({ uri, draft }) => [draft.path, { uri, lines: draft.lines }]));
    const citations = findKeyOccurrences(drafts.map(({ draft }) => draft), cited.key).map((occurrence) => {
      const { uri, lines } = byPath.get(occurrence.path)!;
      const start = lines.positionAt(occurrence.start);
      const end = lines.positionAt(occurrence.end);
      return new vscode.Location(uri, new vscode.Range(start.line, start.character, end.line, end.character));
    });
    const entry = context.includeDeclaration ? (await this.libraries.viewFor(document)).get(cited.key) : undefined;
    return entry ? [new vscode.Location(vscode.Uri.file(entry.source), new vscode.Range(entry.startLine, 0, entry.startLine, 0)), ...citations] : citations;
  }
}

const RENAME_IN_FILE = 'Rename in the File';

/** Libraries up to this size are renamed in an editor model with the drafts (see renameEdits). */
const EDITOR_RENAME_BYTES = 2 * 1024 * 1024;

/** Rename a key in its library file and in every draft, changing only the key's characters. */
export class CitationRenameProvider implements vscode.RenameProvider {
  constructor(private readonly libraries: WorkspaceLibraries) {}

  async prepareRename(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Range> {
    const cited = citationKeyAt(draftOf(document), document.offsetAt(position));
    if (!cited) throw new Error('Place the cursor on a citation key to rename it.');
    if (!(await this.libraries.viewFor(document)).get(cited.key)) {
      // Refusing here would hand F2 to the next rename provider (VS Code's Markdown rename, which takes
      // `[@key]` for a link label): Citemark answers, and its rename of such a key changes nothing.
      void vscode.window.showWarningMessage(`Citemark: ${notInLibrary(cited.key)}`);
    }
    return new vscode.Range(document.positionAt(cited.start), document.positionAt(cited.end));
  }

  async provideRenameEdits(document: vscode.TextDocument, position: vscode.Position, newName: string): Promise<vscode.WorkspaceEdit | undefined> {
    const cited = citationKeyAt(draftOf(document), document.offsetAt(position));
    if (!cited) return undefined;
    const view = await this.libraries.viewFor(document);
    const entry = view.get(cited.key);
    if (!entry) return new vscode.WorkspaceEdit(); // see prepareRename
    const title = `Citemark: renaming '${cited.key}' to '${newName}'`;
    const renamed = async (layoutAccepted: boolean) =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, () => this.renameEdits(cited.key, newName, entry, layoutAccepted));
    try {
      if (view.get(newName)) throw new Error(`'${newName}' is already a key in the library: choose another one.`);
      return await renamed(false).catch(async (error: unknown) => {
        // A file only laid out as Better BibTeX writes (a hand-written one may be): the user decides.
        if (!(error instanceof LooksLikeBetterBibtex)) throw error;
        const choice = await vscode.window.showWarningMessage(`Citemark: ${error.message}`, { modal: true, detail: 'Rename the key in the file all the same?' }, RENAME_IN_FILE);
        return choice === RENAME_IN_FILE ? renamed(true) : new vscode.WorkspaceEdit();
      });
    } catch (error) {
      // A refusal thrown here would hand the rename to the next provider, VS Code's Markdown rename, which
      // takes `[@a; @b]` for a link label and writes the new name over the whole citation (the user trial
      // lost citations and locators so, saved at once): Citemark says why and changes nothing.
      void vscode.window.showErrorMessage(`Citemark: ${(error as Error).message}`);
      return new vscode.WorkspaceEdit();
    }
  }

  /**
   * A library open in an editor, or small, is edited in an editor model with the drafts: one Undo undoes
   * both. A large one is edited on disk by the library worker, at the key's bytes, and replaced in one
   * step: VS Code would otherwise load a 50 MB library into an editor and write it back whole, which takes
   * many seconds and lets the file watcher see it half-written. (That edit is not undone with the drafts'
   * Undo: rename back.)
   */
  private async renameEdits(key: string, newName: string, entry: LibraryEntry, layoutAccepted: boolean): Promise<vscode.WorkspaceEdit> {
    const small = await fs.stat(entry.source).then((stat) => stat.size <= EDITOR_RENAME_BYTES, () => false);
    const openLibrary = vscode.workspace.textDocuments.find((candidate) => candidate.uri.fsPath === entry.source) ??
      (small ? await vscode.workspace.openTextDocument(vscode.Uri.file(entry.source)) : undefined);
    // the worker renames in the file on disk (checking the new key first) while the drafts are found
    const [found] = await Promise.all([workspaceDrafts(), openLibrary ?? this.libraries.renameKey(entry.source, key, newName, layoutAccepted)]);
    const drafts = found.map(({ draft }) => draft);
    const workspaceEdit = new vscode.WorkspaceEdit();
    let edits: TextEdit[];
    if (openLibrary) {
      refuseBetterBibtexExport(openLibrary.getText(), entry.source, layoutAccepted);
      edits = renameKeyEdits(key, newName, entry, openLibrary.getText(), drafts);
    } else {
      edits = draftRenameEdits(key, newName, drafts);
      void vscode.window.showInformationMessage(
        `Citemark: '${key}' is renamed in ${path.basename(entry.source)} on disk (a large library is not opened in an editor): ` +
        `Undo takes back the drafts only. To undo it all, rename '${newName}' back to '${key}'.`,
      );
    }
    // the codebook's `sources:` name keys too
    const codebookUri = configuredCodebookUri();
    const openCodebook = codebookUri && vscode.workspace.textDocuments.find((document) => document.uri.toString() === codebookUri.toString());
    const codebookText = openCodebook ? openCodebook.getText() : codebookUri && (await readSmallText(codebookUri.fsPath));
    if (codebookUri && codebookText !== undefined) edits.push(...codebookRenameEdits(key, newName, { path: codebookUri.fsPath, text: codebookText }));
    const documents = new Map<string, vscode.TextDocument>(openLibrary ? [[entry.source, openLibrary]] : []);
    for (const edit of edits) {
      if (!documents.has(edit.path)) documents.set(edit.path, await vscode.workspace.openTextDocument(vscode.Uri.file(edit.path)));
      const target = documents.get(edit.path)!;
      workspaceEdit.replace(target.uri, new vscode.Range(target.positionAt(edit.start), target.positionAt(edit.end)), edit.newText);
    }
    return workspaceEdit;
  }
}

function notInLibrary(key: string): string {
  return `'${key}' is in no library: nothing to rename.`;
}
