import * as vscode from 'vscode';
import { zoteroCite, zoteroIsRunning } from '../../core/zotero/cayw';
import type { WorkspaceLibraries } from '../libraries';
import { draftToInsertIn, insertCitation } from './insertCitation';

/** Context key (and remembered state) set once Zotero with Better BibTeX has answered: the Zotero command shows only then. */
export const ZOTERO_ANSWERED = 'citemark.zoteroAnswered';

/**
 * Shows "Insert Citation from Zotero" to users of Zotero only: once Zotero has answered a probe (at
 * start-up, or when "Insert Citation" runs), for good. Others see only "Insert Citation".
 */
export function noticeZotero(state: vscode.Memento): void {
  const answered = () => void vscode.commands.executeCommand('setContext', ZOTERO_ANSWERED, true);
  if (state.get<boolean>(ZOTERO_ANSWERED)) return answered();
  void zoteroIsRunning().then((running) => {
    if (!running) return;
    void state.update(ZOTERO_ANSWERED, true);
    answered();
  });
}

/**
 * "Insert citation from Zotero": Better BibTeX's citation picker when Zotero runs; otherwise one line
 * saying so, and Citemark's own picker over the loaded libraries.
 */
export async function insertZoteroCitation(libraries: WorkspaceLibraries): Promise<void> {
  const editor = draftToInsertIn();
  if (!editor) return;
  if (!(await zoteroIsRunning())) {
    void vscode.window.showInformationMessage('Citemark: Zotero with Better BibTeX is not running; searching the loaded libraries instead.');
    await insertCitation(libraries);
    return;
  }
  const format = editor.document.languageId === 'latex' ? 'latex' : 'pandoc';
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Citemark: pick references in Zotero…', cancellable: true },
    (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return zoteroCite({ format, signal: abort.signal });
    },
  );
  if (!result.ok) {
    if (result.reason !== 'cancelled') void vscode.window.showWarningMessage(`Citemark: ${result.message}`);
    return;
  }
  // A plain edit, not a snippet: `$` and `}` in a citation are text.
  await editor.edit((builder) => editor.selections.forEach((selection) => builder.replace(selection, result.text)));
}
