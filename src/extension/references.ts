import * as path from 'path';
import * as vscode from 'vscode';
import { isBetterBibtexExport } from '../core/zotero/betterBibtex';
import { citationKeyAt } from '../core/languageFeatures/hover';
import { findKeyOccurrences } from '../core/languageFeatures/references';
import { applyEditsToBytes, renameKeyEdits } from '../core/languageFeatures/rename';
import { readRegularFile } from '../core/files';
import { decodeLibraryBytes } from '../core/library/decode';
import { LineIndex } from '../core/text';
import { workspaceDrafts } from './drafts';
import type { WorkspaceLibraries } from './libraries';
import { maxFileMB, readSmallText } from './safeRead';
import { configuredCodebookUri } from './themes/model';

/** Find all references of a citation key across the workspace's drafts. */
export class CitationReferenceProvider implements vscode.ReferenceProvider {
  async provideReferences(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location[] | undefined> {
    const cited = citationKeyAt(document.getText(), document.offsetAt(position));
    if (!cited) return undefined;
    const drafts = await workspaceDrafts();
    const lines = new Map(drafts.map((draft) => [draft.path, { uri: draft.uri, index: new LineIndex(draft.text) }]));
    return findKeyOccurrences(drafts, cited.key).map((occurrence) => {
      const { uri, index } = lines.get(occurrence.path)!;
      const start = index.positionAt(occurrence.start);
      const end = index.positionAt(occurrence.end);
      return new vscode.Location(uri, new vscode.Range(start.line, start.character, end.line, end.character));
    });
  }
}

/** Rename a key in its library file and in every draft, changing only the key's characters. */
export class CitationRenameProvider implements vscode.RenameProvider {
  constructor(private readonly libraries: WorkspaceLibraries) {}

  async prepareRename(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Range> {
    const cited = citationKeyAt(document.getText(), document.offsetAt(position));
    if (!cited) throw new Error('Place the cursor on a citation key to rename it.');
    if (!(await this.libraries.viewFor(document)).get(cited.key)) throw new Error(`'${cited.key}' is in no library: nothing to rename.`);
    return new vscode.Range(document.positionAt(cited.start), document.positionAt(cited.end));
  }

  async provideRenameEdits(document: vscode.TextDocument, position: vscode.Position, newName: string): Promise<vscode.WorkspaceEdit | undefined> {
    const cited = citationKeyAt(document.getText(), document.offsetAt(position));
    if (!cited) return undefined;
    const view = await this.libraries.viewFor(document);
    const entry = view.get(cited.key);
    if (!entry) return undefined;
    if (view.get(newName)) throw new Error(`'${newName}' is already a key in the library.`);
    const libraryUri = vscode.Uri.file(entry.source);
    // A library that is not UTF-8 is edited as bytes in its own encoding: an editor would decode it as UTF-8 and save it mangled.
    const bytes = await readRegularFile(entry.source, maxFileMB());
    const decoded = decodeLibraryBytes(bytes);
    const libraryDocument = decoded.encoding === 'utf-8' ? await vscode.workspace.openTextDocument(libraryUri) : undefined;
    const libraryText = libraryDocument?.getText() ?? decoded.text;
    if (isBetterBibtexExport(libraryText, entry.source)) {
      throw new Error(`${path.basename(entry.source)} is a Better BibTeX auto-export: Zotero would overwrite the change. Change the citation key in Zotero instead.`);
    }
    const drafts = await workspaceDrafts();
    // the codebook's `sources:` name keys too
    const codebookUri = configuredCodebookUri();
    const openCodebook = codebookUri && vscode.workspace.textDocuments.find((document) => document.uri.toString() === codebookUri.toString());
    const codebookText = openCodebook ? openCodebook.getText() : codebookUri && (await readSmallText(codebookUri.fsPath));
    const codebook = codebookUri && codebookText !== undefined ? { path: codebookUri.fsPath, text: codebookText } : undefined;
    const edits = renameKeyEdits(cited.key, newName, entry, libraryText, drafts, undefined, codebook);
    const workspaceEdit = new vscode.WorkspaceEdit();
    const documents = new Map<string, vscode.TextDocument>(libraryDocument ? [[entry.source, libraryDocument]] : []);
    if (!libraryDocument) {
      const contents = applyEditsToBytes(bytes, decoded.text, decoded.encoding, edits.filter((edit) => edit.path === entry.source));
      workspaceEdit.createFile(libraryUri, { overwrite: true, contents });
    }
    for (const edit of edits) {
      if (!libraryDocument && edit.path === entry.source) continue;
      if (!documents.has(edit.path)) documents.set(edit.path, await vscode.workspace.openTextDocument(vscode.Uri.file(edit.path)));
      const target = documents.get(edit.path)!;
      workspaceEdit.replace(target.uri, new vscode.Range(target.positionAt(edit.start), target.positionAt(edit.end)), edit.newText);
    }
    return workspaceEdit;
  }
}
