import * as path from 'path';
import * as vscode from 'vscode';
import { libraryPathsFor } from '../core/check';
import { readTextIfExists } from '../core/files';
import { LibraryIndex, type LibraryView } from '../core/library/libraryIndex';
import { isLibraryPath, looksLikeLibrary, parseLibraryFile } from '../core/library/load';
import { readFrontMatter, type FrontMatter } from '../core/markdown/frontMatter';
import { CitationSearch } from '../core/search/search';

const DEFAULT_GLOB = '**/*.{bib,bibtex,biblatex,json,yaml,yml}';
const EXCLUDE = '**/{node_modules,.git,.vscode-test}/**';

/**
 * Keeps the LibraryIndex in step with the workspace: loads the configured libraries (or every library
 * file of the workspace), the ones drafts name in front matter, and re-reads a file when it changes.
 */
export class WorkspaceLibraries implements vscode.Disposable {
  readonly index = new LibraryIndex();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly statusBar = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  /** Files read because settings or the workspace scan named them (as opposed to a draft's front matter). */
  private configured: string[] = [];
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('citemark-library');

  constructor() {
    this.statusBar.command = 'citemark.showLibraryProblems';
    this.disposables.push(this.statusBar, this.diagnostics);
    const watcher = vscode.workspace.createFileSystemWatcher(DEFAULT_GLOB);
    watcher.onDidChange((uri) => this.scheduleReload(uri));
    watcher.onDidCreate((uri) => this.scheduleReload(uri));
    watcher.onDidDelete((uri) => this.unload(uri.fsPath));
    this.disposables.push(
      watcher,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('citemark.bibliographies')) void this.loadConfigured();
      }),
    );
  }

  /** Finds and reads the configured libraries, with progress in the status bar. */
  async loadConfigured(): Promise<void> {
    const settings = vscode.workspace.getConfiguration('citemark').get<string[]>('bibliographies', []);
    const uris = settings.length > 0 ? await this.resolveSettings(settings) : await vscode.workspace.findFiles(DEFAULT_GLOB, EXCLUDE);
    this.configured = uris.map((uri) => uri.fsPath);
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Citemark: reading libraries' },
      async (progress) => {
        for (const [i, uri] of uris.entries()) {
          progress.report({ message: `${path.basename(uri.fsPath)} (${i + 1}/${uris.length})` });
          await this.load(uri.fsPath, settings.length === 0);
        }
      },
    );
    this.updateStatus();
  }

  /** The libraries a draft sees: its front matter's bibliography (read on first use), else the configured ones. */
  async viewFor(document: vscode.TextDocument, frontMatter: FrontMatter = readFrontMatter(document.getText(), document.uri.fsPath)): Promise<LibraryView> {
    const named = libraryPathsFor(document.uri.fsPath, frontMatter, this.configured, readTextIfExists);
    for (const file of named ?? []) if (!this.index.has(file)) await this.load(file, false);
    return this.index.view(named, frontMatter.references);
  }

  /** The search index of a view, rebuilt only when the view's libraries change. */
  searchFor(view: LibraryView): CitationSearch {
    const scope = `${this.index.version}|${view.libraries.map((library) => library.source).join('|')}|${view.entries().length}`;
    if (this.search?.scope !== scope) this.search = { scope, search: new CitationSearch(view.entries()) };
    return this.search.search;
  }
  private search?: { scope: string; search: CitationSearch };

  private async resolveSettings(settings: string[]): Promise<vscode.Uri[]> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const uris: vscode.Uri[] = [];
    for (const setting of settings) {
      if (path.isAbsolute(setting)) uris.push(vscode.Uri.file(setting));
      else if (/[*?{[]/.test(setting)) uris.push(...(await vscode.workspace.findFiles(setting, EXCLUDE)));
      else uris.push(...folders.map((folder) => vscode.Uri.joinPath(folder.uri, setting)));
    }
    return uris;
  }

  /** Reads one file into the index. With `sniff`, a JSON/YAML file that is not a CSL library is skipped silently. */
  private async load(file: string, sniff: boolean): Promise<void> {
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(file));
    } catch {
      this.unload(file);
      return;
    }
    if (sniff && !looksLikeLibrary(file, bytes)) return;
    const parsed = parseLibraryFile(bytes, file);
    this.index.set(parsed);
    this.diagnostics.set(
      vscode.Uri.file(file),
      parsed.problems.map((problem) => {
        const diagnostic = new vscode.Diagnostic(
          new vscode.Range(problem.line, 0, problem.line, 1000),
          problem.message,
          problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
        );
        diagnostic.source = 'citemark';
        return diagnostic;
      }),
    );
    this.changed.fire();
  }

  private unload(file: string): void {
    if (!this.index.delete(file)) return;
    this.diagnostics.delete(vscode.Uri.file(file));
    this.updateStatus();
    this.changed.fire();
  }

  /** Editors and Better BibTeX write a file several times in a row: read it once they are done. */
  private scheduleReload(uri: vscode.Uri): void {
    if (!isLibraryPath(uri.fsPath)) return;
    const known = this.index.has(uri.fsPath) || this.configured.includes(uri.fsPath);
    if (!known) return;
    clearTimeout(this.pending.get(uri.fsPath));
    this.pending.set(
      uri.fsPath,
      setTimeout(() => {
        this.pending.delete(uri.fsPath);
        void this.load(uri.fsPath, false).then(() => this.updateStatus());
      }, 300),
    );
  }

  private updateStatus(): void {
    const libraries = this.index.paths().map((file) => this.index.get(file)!);
    const entries = libraries.reduce((sum, library) => sum + library.entries.length, 0);
    const problems = libraries.reduce((sum, library) => sum + library.problems.length, 0);
    this.statusBar.text = `$(book) ${entries.toLocaleString('en-US')}${problems > 0 ? ` $(warning) ${problems}` : ''}`;
    this.statusBar.tooltip = `Citemark: ${entries} entries in ${libraries.length} librar${libraries.length === 1 ? 'y' : 'ies'}` +
      (problems > 0 ? `; ${problems} problem(s) — click to see them` : '');
    this.statusBar.show();
  }

  dispose(): void {
    this.pending.forEach((timer) => clearTimeout(timer));
    this.disposables.forEach((disposable) => disposable.dispose());
  }
}

