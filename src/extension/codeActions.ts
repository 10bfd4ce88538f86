import * as vscode from 'vscode';
import { bibliographyEdit } from '../core/citations/linkCitations';
import { isInsideCitation, NO_SUCH_REFERENCE } from '../core/languageFeatures/linkCheck';
import { similarKeys } from '../core/search/search';
import { CitemarkVsDiagnostic } from './diagnostics';
import { draftOf } from './drafts';
import type { WorkspaceLibraries } from './libraries';

/**
 * Quick fixes for Citemark's diagnostics: replace with a close key or a suggested value; open the
 * library. And for VS Code's own Markdown link check when it takes a citation for a broken link.
 */
export class CitationCodeActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly libraries: WorkspaceLibraries) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const actions: vscode.CodeAction[] = [];
    const linkWarning = context.diagnostics.find((diagnostic) => isCitationLinkWarning(document, diagnostic));
    if (linkWarning) {
      const action = new vscode.CodeAction("Stop VS Code's Markdown link check reporting citations (in this workspace)", vscode.CodeActionKind.QuickFix);
      action.command = { title: action.title, command: 'citemark.ignoreCitationLinkWarnings' };
      action.diagnostics = [linkWarning];
      actions.push(action);
    }
    for (const diagnostic of context.diagnostics) {
      if (!(diagnostic instanceof CitemarkVsDiagnostic)) continue;
      if (diagnostic.original.code === 'no-bibliography') {
        actions.push(...addBibliography(document, diagnostic));
        continue;
      }
      const missingKey = diagnostic.original.code === 'missing-key';
      // Close keys are looked up here, when the user asks, not on every keystroke.
      const suggestions = missingKey
        ? similarKeys(document.getText(diagnostic.range), await this.libraries.searchFor(await this.libraries.viewFor(document)), 5)
        : diagnostic.original.suggestions ?? [];
      for (const [i, suggestion] of suggestions.entries()) {
        const action = new vscode.CodeAction(`Replace with '${suggestion}'`, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, diagnostic.range, suggestion);
        action.diagnostics = [diagnostic];
        action.isPreferred = i === 0;
        actions.push(action);
      }
      if (missingKey) {
        const open = new vscode.CodeAction('Open the library', vscode.CodeActionKind.QuickFix);
        open.command = { title: 'Open the library', command: 'citemark.openLibrary', arguments: [document.uri] };
        open.diagnostics = [diagnostic];
        actions.push(open);
      }
    }
    return actions;
  }
}

/** "Add 'bibliography: library.bib' to the front matter" (a new front matter when there is none), as one undoable edit. */
function addBibliography(document: vscode.TextDocument, diagnostic: CitemarkVsDiagnostic): vscode.CodeAction[] {
  const [library] = diagnostic.original.suggestions ?? [];
  const edit = library === undefined ? undefined : bibliographyEdit(draftOf(document), library);
  if (!edit) return [];
  const action = new vscode.CodeAction(`Add 'bibliography: ${library}' to the front matter`, vscode.CodeActionKind.QuickFix);
  action.edit = new vscode.WorkspaceEdit();
  action.edit.replace(document.uri, new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), edit.newText);
  action.diagnostics = [diagnostic];
  action.isPreferred = true;
  return [action];
}

function isCitationLinkWarning(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): boolean {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return code === NO_SUCH_REFERENCE && isInsideCitation(draftOf(document), document.offsetAt(diagnostic.range.start), document.offsetAt(diagnostic.range.end));
}
