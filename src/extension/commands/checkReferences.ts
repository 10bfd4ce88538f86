import * as path from 'path';
import * as vscode from 'vscode';
import { referenceReportMarkdown } from '../../core/citations/authorDateCheck';
import { checkDocument } from '../../core/check';
import type { WorkspaceLibraries } from '../libraries';

/** "Check references": the reviewer's report of the active draft, opened as a Markdown document to read, save or export. */
export async function checkReferences(libraries: WorkspaceLibraries): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Citemark: open a manuscript to check its references.');
    return;
  }
  const document = editor.document;
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Citemark: checking references…' },
    async () => {
      const check = checkDocument(document.uri.fsPath, document.getText(), await libraries.viewFor(document), { authorDate: 'on', suggest: false });
      return referenceReportMarkdown(path.basename(document.uri.fsPath), document.getText(), check.authorDate!);
    },
  );
  const reportDocument = await vscode.workspace.openTextDocument({ language: 'markdown', content: report });
  await vscode.window.showTextDocument(reportDocument, vscode.ViewColumn.Beside);
}
