import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('No workspace folder is open');
  return folder.uri;
}

const newDrafts: string[] = [];

/** Writes a new draft into the workspace (a temporary copy of test/integration/workspace) and opens it. */
export async function openNewDraft(name: string, text: string): Promise<vscode.TextEditor> {
  const file = path.join(workspaceFolder().fsPath, name);
  fs.writeFileSync(file, text);
  newDrafts.push(file);
  const document = await vscode.workspace.openTextDocument(file);
  return vscode.window.showTextDocument(document);
}

/** Leaves the window as the fixture opened it (the workbench tests run next in it): no editor, no new draft. */
export async function closeEditorsAndNewDrafts(): Promise<void> {
  for (const document of vscode.workspace.textDocuments) if (document.isDirty) await document.save();
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  for (const file of newDrafts.splice(0)) fs.rmSync(file, { force: true });
}

export async function openWorkspaceFile(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceFolder(), name));
  return vscode.window.showTextDocument(document);
}

/** Polls until `probe` returns a value that is not undefined: libraries load and drafts are checked asynchronously. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function citemarkDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'citemark');
}

/** Position just after the first occurrence of `text` (or `offsetInText` into it). */
export function positionOf(document: vscode.TextDocument, text: string, offsetInText = text.length): vscode.Position {
  const offset = document.getText().indexOf(text);
  if (offset < 0) throw new Error(`'${text}' is not in ${document.uri.fsPath}`);
  return document.positionAt(offset + offsetInText);
}

export function insertedText(item: vscode.CompletionItem): string {
  const insert = item.insertText ?? (typeof item.label === 'string' ? item.label : item.label.label);
  return typeof insert === 'string' ? insert : insert.value;
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

export const LIBRARY_KEYS = ['lovelace1843notes', 'knuth1984literate', 'hopper1952compiler', 'turing1936computable'];
