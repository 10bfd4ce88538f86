import * as vscode from 'vscode';
import { checkDocument, type SeveritySettings } from '../core/check';
import type { CitemarkDiagnostic } from '../core/types';
import { isDraft } from './drafts';
import type { WorkspaceLibraries } from './libraries';
import { SEVERITY, toRange } from './convert';

/** A VS Code diagnostic that remembers what Citemark suggested, for the quick fixes. */
export class CitemarkVsDiagnostic extends vscode.Diagnostic {
  constructor(readonly original: CitemarkDiagnostic) {
    super(toRange(original.range), original.message, SEVERITY[original.severity]);
    this.code = original.code;
    this.source = 'citemark';
  }
}

/** Checks open drafts as the user types (debounced) and whenever a library changes. */
export class DraftDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('citemark');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(private readonly libraries: WorkspaceLibraries) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document, 150)),
      vscode.workspace.onDidCloseTextDocument((document) => this.collection.delete(document.uri)),
      libraries.onDidChange(() => this.refreshAll()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('citemark.diagnostics') || event.affectsConfiguration('citemark.authorDate')) this.refreshAll();
      }),
    );
    this.refreshAll();
  }

  refreshAll(): void {
    vscode.workspace.textDocuments.forEach((document) => this.schedule(document, 0));
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!isDraft(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => void this.update(document), delay));
  }

  private async update(document: vscode.TextDocument): Promise<void> {
    this.timers.delete(document.uri.toString());
    const version = document.version;
    const view = await this.libraries.viewFor(document);
    if (document.isClosed || document.version !== version) return;
    const authorDate = vscode.workspace.getConfiguration('citemark').get<'auto' | 'on' | 'off'>('authorDate.check', 'auto');
    const result = checkDocument(document.uri.fsPath, document.getText(), view, { severities: severitySettings(), suggest: false, authorDate });
    this.collection.set(document.uri, result.diagnostics.map((diagnostic) => new CitemarkVsDiagnostic(diagnostic)));
  }

  dispose(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.disposables.forEach((disposable) => disposable.dispose());
  }
}

function severitySettings(): SeveritySettings {
  const config = vscode.workspace.getConfiguration('citemark.diagnostics');
  return {
    'missing-key': config.get('missingKey'),
    unmatched: config.get('unmatched'),
    ambiguous: config.get('ambiguous'),
    uncited: config.get('uncited'),
    inconsistent: config.get('inconsistent'),
  };
}
