import * as vscode from 'vscode';
import { checkDocument } from '../../core/check';
import { bibliographyHtml } from '../../core/format/bibliographyHtml';
import { draftOf, manuscriptEditor } from '../drafts';
import type { WorkspaceLibraries } from '../libraries';
import { styleFor } from '../style';
import { randomBytes } from 'crypto';

/** "Show bibliography": the active draft's cited works in its style, the unmatched keys apart. */
export async function showBibliography(libraries: WorkspaceLibraries, extensionUri: vscode.Uri): Promise<void> {
  // (the draft beside a report or preview that has the focus is the one meant)
  const editor = manuscriptEditor();
  if (!editor) {
    void vscode.window.showInformationMessage('Citemark: open a draft to preview its bibliography.');
    return;
  }
  const document = editor.document;
  const view = await libraries.viewFor(document);
  const check = checkDocument(draftOf(document), view, { suggest: false });
  const cited = check.citedKeys.has('*') ? view.entries().map((entry) => entry.key) : [...check.citedKeys];
  const found = cited.flatMap((key) => {
    const entry = view.get(key);
    return entry ? [entry] : [];
  });
  const missing = cited.filter((key) => !view.get(key));
  const panel = vscode.window.createWebviewPanel('citemark.bibliography', `Bibliography: ${document.fileName.split(/[\\/]/).pop()}`, vscode.ViewColumn.Beside, {
    enableScripts: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')],
  });
  const styleUri = panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'bibliography.css'));
  panel.webview.html = bibliographyHtml({
    references: await libraries
      .format(found, styleFor(document), 'html', true)
      .then(([html]) => ({ html: html ?? '', count: found.length }), (error: Error) => ({ error: error.message })),
    missing,
    cspSource: panel.webview.cspSource,
    styleUri: styleUri.toString(),
    nonce: randomBytes(16).toString('base64'),
  });
}
