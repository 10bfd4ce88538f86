import * as vscode from 'vscode';
import { checkDocument, uncitedEntries } from '../core/check';
import type { Severity } from '../core/types';
import { SEVERITY } from './convert';
import { authorDateSetting, isDraft, workspaceDrafts } from './drafts';
import type { WorkspaceLibraries } from './libraries';

const SETTING = 'diagnostics.uncitedEntries';
/** Edits to drafts come in bursts: look again once they pause. */
const DELAY_MS = 1000;

/**
 * Opt-in (`citemark.diagnostics.uncitedEntries`, off by default): a diagnostic on each library entry
 * that no draft of the workspace cites, as `citemark check <every draft>` lists them under `uncited`.
 */
export class UncitedEntryDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('citemark-uncited');
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private timer?: NodeJS.Timeout;
  /** Bumped on each update, so that a slower earlier one does not overwrite a later one. */
  private generation = 0;

  constructor(private readonly libraries: WorkspaceLibraries) {
    this.disposables.push(
      libraries.onDidChange(() => this.schedule(0)),
      vscode.workspace.onDidChangeTextDocument((event) => isDraft(event.document) && this.schedule(DELAY_MS)),
      vscode.workspace.onDidCreateFiles(() => this.schedule(DELAY_MS)),
      vscode.workspace.onDidDeleteFiles(() => this.schedule(DELAY_MS)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`citemark.${SETTING}`) || event.affectsConfiguration('citemark.authorDate')) this.schedule(0);
      }),
    );
    this.schedule(0);
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), delay);
  }

  private async update(): Promise<void> {
    const generation = ++this.generation;
    const config = vscode.workspace.getConfiguration('citemark');
    const severity = config.get<Severity | 'ignore'>(SETTING, 'ignore');
    if (severity === 'ignore') {
      this.collection.clear();
      return;
    }
    const authorDate = authorDateSetting();
    const cited = new Set<string>();
    const scope = new Set<string>();
    for (const draft of await workspaceDrafts()) {
      const view = await this.libraries.viewFor(draft);
      checkDocument(draft.draft, view, { suggest: false, authorDate }).citedKeys.forEach((key) => cited.add(key));
      view.libraries.forEach((library) => scope.add(library.source));
    }
    if (generation !== this.generation) return;
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const entry of uncitedEntries(this.libraries.index.view([...scope]), cited)) {
      const diagnostic = new vscode.Diagnostic(
        new vscode.Range(entry.startLine, 0, entry.startLine, 1000),
        `No draft of the workspace cites '${entry.key}'.`,
        SEVERITY[severity],
      );
      diagnostic.source = 'citemark';
      diagnostic.code = 'uncited-entry';
      const diagnostics = byFile.get(entry.source);
      if (diagnostics) diagnostics.push(diagnostic);
      else byFile.set(entry.source, [diagnostic]);
    }
    this.collection.clear();
    byFile.forEach((diagnostics, file) => this.collection.set(vscode.Uri.file(file), diagnostics));
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.disposables.forEach((disposable) => disposable.dispose());
  }
}
