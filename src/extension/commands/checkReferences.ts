import { randomBytes } from 'crypto';
import * as path from 'path';
import * as vscode from 'vscode';
import { checkDocument, uncitedEntries } from '../../core/check';
import { referenceReport, referenceReportHtml, type ReferenceReport } from '../../core/citations/referenceReport';
import { draftOf, manuscriptEditor } from '../drafts';
import type { WorkspaceLibraries } from '../libraries';

const REPORT_VIEW_TYPE = 'citemark.referenceReport';
/** The command the report's line links run: opens a file at a 0-based line. */
export const OPEN_AT_LINE = 'citemark.openAtLine';

/** "Check references": the reviewer's report of the active draft, beside it, kept current (see showReportPage). */
export async function checkReferences(libraries: WorkspaceLibraries): Promise<void> {
  const editor = manuscriptEditor();
  if (!editor) {
    void vscode.window.showInformationMessage('Citemark: open a manuscript to check its references.');
    return;
  }
  const document = editor.document;
  const make = async () => {
    const view = await libraries.viewFor(document);
    const draft = draftOf(document);
    const check = checkDocument(draft, view, { authorDate: 'on', suggest: false });
    return referenceReport(draft, check, uncitedEntries(view, check.citedKeys));
  };
  const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Citemark: checking references…' }, make);
  showReportPage(`References: ${path.basename(document.uri.fsPath)}`, document, make, report);
}

/** How long after the draft's last change an open report of it is made again. */
const REFRESH_MS = 500;

/**
 * A report on `document` (see referenceReportHtml) beside it, in a webview: never a text document, so
 * never checked as a draft itself nor asked to be saved; its only live links run OPEN_AT_LINE. Made
 * again (`make`) a moment after each change of the draft while it is shown, or when it is shown again
 * after changes: its counts and line links follow the text (an edit above a row moved the line a link opened).
 */
export function showReportPage(title: string, document: vscode.TextDocument, make: () => Promise<ReferenceReport>, first?: ReferenceReport): void {
  const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, title, vscode.ViewColumn.Beside, {
    enableScripts: false,
    enableCommandUris: [OPEN_AT_LINE],
    localResourceRoots: [],
  });
  const link = (file: string, line: number) => {
    const uri = file === document.uri.fsPath ? document.uri : vscode.Uri.file(file);
    return `command:${OPEN_AT_LINE}?${encodeURIComponent(JSON.stringify([uri.toString(), line]))}`;
  };
  let disposed = false;
  let renders = 0;
  const render = async (report?: ReferenceReport) => {
    const current = ++renders;
    // (a report that could not be made again leaves the page as it was)
    report ??= await make().catch(() => undefined);
    // (a report made for an older version of the draft, overtaken, is not shown)
    if (report && !disposed && current === renders) panel.webview.html = referenceReportHtml(report, { nonce: randomBytes(16).toString('base64'), link });
  };
  void render(first);
  let timer: NodeJS.Timeout | undefined;
  // (a page behind another tab is not made again at each pause in typing: once, when it shows)
  let stale = false;
  const refresh = () => {
    stale = !panel.visible;
    if (!stale) void render();
  };
  const changes = vscode.workspace.onDidChangeTextDocument((event) => {
    if (event.document !== document) return;
    clearTimeout(timer);
    timer = setTimeout(refresh, REFRESH_MS);
  });
  const shown = panel.onDidChangeViewState(() => {
    if (stale) refresh();
  });
  panel.onDidDispose(() => {
    disposed = true;
    clearTimeout(timer);
    changes.dispose();
    shown.dispose();
  });
}

/** Opens a file with the cursor at the start of a 0-based line: in the editor column that shows it, else the first. */
export async function openAtLine(uri: string, line: number): Promise<void> {
  if (typeof uri !== 'string' || !Number.isInteger(line) || line < 0) return;
  const target = vscode.Uri.parse(uri, true);
  const open = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === target.toString());
  const selection = new vscode.Range(line, 0, line, 0);
  await vscode.window.showTextDocument(target, { selection, viewColumn: open?.viewColumn ?? vscode.ViewColumn.One });
}
