import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { SynthesisMatrix } from '../../core/themes/matrix';
import { EXPORT_FORMATS, matrixHtml, type ExportFormat } from '../../core/themes/matrixHtml';
import type { ThemeModel } from './model';

export const MATRIX_VIEW_TYPE = 'citemark.matrix';

/**
 * The synthesis matrix webview: one panel, redrawn when the model changes (media/matrix.js keeps
 * sort and filter across redraws). The page gets data only through matrixHtml, which escapes it;
 * its messages carry indexes and format names, never paths: both are checked against our own data.
 */
export class MatrixPanel implements vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  /** The matrix the page shows, which its passage indexes refer to. */
  private shown?: SynthesisMatrix;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly model: ThemeModel,
    private readonly extensionUri: vscode.Uri,
  ) {
    // Redraw only when the matrix itself changed: a redraw reloads the page and closes its passage list.
    this.subscription = model.onDidChange(() => {
      if (this.panel && JSON.stringify(this.model.matrix()) !== JSON.stringify(this.shown)) this.render(this.panel);
    });
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(MATRIX_VIEW_TYPE, 'Synthesis Matrix', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [media],
    });
    panel.iconPath = vscode.Uri.joinPath(media, 'themes.svg');
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.shown = undefined;
    });
    panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message));
    this.panel = panel;
    this.render(panel);
  }

  private render(panel: vscode.WebviewPanel): void {
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    this.shown = this.model.matrix();
    panel.webview.html = matrixHtml(this.shown, {
      nonce: randomBytes(16).toString('hex'),
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'matrix.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'matrix.css')).toString(),
    });
  }

  private async receive(message: unknown): Promise<void> {
    if (typeof message !== 'object' || message === null || !this.shown) return;
    const { type, passage, format } = message as Record<string, unknown>;
    if (type === 'open' && typeof passage === 'number' && Number.isInteger(passage)) {
      const target = this.shown.passages[passage];
      const uri = target && this.model.uriOf(target.path);
      if (!uri) return;
      const selection = new vscode.Range(target.line, 0, target.line, 0);
      await vscode.window.showTextDocument(uri, { selection, viewColumn: vscode.ViewColumn.Beside });
    } else if (type === 'export' && typeof format === 'string' && Object.hasOwn(EXPORT_FORMATS, format)) {
      await this.export(this.shown, format as ExportFormat);
    }
  }

  private async export(matrix: SynthesisMatrix, format: ExportFormat): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const { extension, filter, write } = EXPORT_FORMATS[format];
    const what = format.startsWith('synthesis') ? 'synthesis table' : 'synthesis matrix';
    const name = `${what.replace(' ', '-')}.${extension}`;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: { [filter]: [extension] },
      saveLabel: 'Export',
    });
    if (!target) return;
    const text = write(matrix);
    try {
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
      // (with a button, the message stays until dismissed: the webview keeps the focus)
      void vscode.window.showInformationMessage(`Citemark: ${what} saved to ${vscode.workspace.asRelativePath(target)}.`, 'Open').then((choice) => {
        if (choice) void vscode.window.showTextDocument(target, { viewColumn: vscode.ViewColumn.Beside });
      });
    } catch (error) {
      void vscode.window.showErrorMessage(`Citemark: could not save ${target.fsPath}: ${(error as Error).message}`);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.panel?.dispose();
  }
}
