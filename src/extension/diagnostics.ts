import * as vscode from 'vscode';
import { checkDocument, checksAuthorDate, missingLibraryDiagnostic, type SeveritySettings } from '../core/check';
import type { CitemarkDiagnostic } from '../core/types';
import { promises as fs } from 'fs';
import { authorDateSetting, DRAFT_GLOB, DraftScheduler, draftOf } from './drafts';
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
  private readonly scheduler = new DraftScheduler((document) => this.update(document));
  private readonly disposables: vscode.Disposable[] = [this.collection, this.scheduler];

  constructor(private readonly libraries: WorkspaceLibraries) {
    // A draft deleted outside the editor may stay open in VS Code's model for a while: drop its problems now.
    const deletedDrafts = vscode.workspace.createFileSystemWatcher(DRAFT_GLOB, true, true, false);
    this.disposables.push(
      deletedDrafts,
      deletedDrafts.onDidDelete((uri) => this.collection.delete(uri)),
      vscode.workspace.onDidCloseTextDocument((document) => this.collection.delete(document.uri)),
      libraries.onDidChange(() => this.refreshAll()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('citemark.diagnostics') || event.affectsConfiguration('citemark.authorDate')) this.refreshAll();
      }),
    );
    this.refreshAll();
  }

  refreshAll(): void {
    this.scheduler.scheduleAll();
  }

  private async update(document: vscode.TextDocument): Promise<void> {
    const version = document.version;
    const { view, named } = await this.libraries.viewAndNamed(document);
    if (document.isClosed || document.version !== version) return;
    if (document.uri.scheme === 'file' && !document.isDirty && !(await fs.stat(document.uri.fsPath).then(() => true, () => false))) {
      this.collection.delete(document.uri);
      return;
    }
    const authorDate = authorDateSetting();
    const draft = draftOf(document);
    // That check reads every entry: those of a library read lazily are made a slice at a time first.
    if (checksAuthorDate(draft, authorDate)) await this.libraries.makeEntries(view);
    if (document.isClosed || document.version !== version) return;
    // (a draft in a file that names no library: Pandoc reads none for it; an unsaved one is not rendered yet)
    const namesNoLibrary = document.uri.scheme === 'file' && named === undefined;
    const result = checkDocument(draft, view, { severities: severitySettings(), suggest: false, authorDate, namesNoLibrary });
    // (a misspelt `bibliography:` path: without this, only its citations said "none is loaded")
    const unread = this.libraries.unreadAmong(named).map(({ file, reason }) => missingLibraryDiagnostic(draft, file, reason));
    this.collection.set(document.uri, [...unread, ...result.diagnostics].map((diagnostic) => new CitemarkVsDiagnostic(diagnostic)));
  }

  dispose(): void {
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
    'no-bibliography': config.get('noBibliography'),
    'citation-form': config.get('citationForm'),
  };
}
