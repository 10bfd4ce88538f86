import * as vscode from 'vscode';
import { CitemarkVsDiagnostic } from './diagnostics';

/** Quick fixes for Citemark's diagnostics: replace with a suggested value; open the library. */
export class CitationCodeActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (!(diagnostic instanceof CitemarkVsDiagnostic)) continue;
      for (const [i, suggestion] of (diagnostic.original.suggestions ?? []).entries()) {
        const action = new vscode.CodeAction(`Replace with '${suggestion}'`, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, diagnostic.range, suggestion);
        action.diagnostics = [diagnostic];
        action.isPreferred = i === 0;
        actions.push(action);
      }
      if (diagnostic.original.code === 'missing-key') {
        const open = new vscode.CodeAction('Open the library', vscode.CodeActionKind.QuickFix);
        open.command = { title: 'Open the library', command: 'citemark.openLibrary', arguments: [document.uri] };
        open.diagnostics = [diagnostic];
        actions.push(open);
      }
    }
    return actions;
  }
}
