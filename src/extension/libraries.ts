import { createHash } from 'crypto';
import { mkdirSync, promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { libraryPathsFor } from '../core/check';
import { LibraryIndex, type LibraryView } from '../core/library/libraryIndex';
import { decodeLibraryCache, isStale } from '../core/library/cache';
import { isLibraryPath, LIBRARY_EXTENSIONS } from '../core/library/load';
import { applyLibraryPatch } from '../core/library/patch';
import { readFrontMatter, type FrontMatter } from '../core/markdown/frontMatter';
import { CitationSearch } from '../core/search/search';
import type { LibraryEntry, ParsedLibrary } from '../core/types';
import { SEVERITY } from './convert';
import { LibraryWorkerClient } from './libraryWorkerClient';
import { maxFileMB, mayRead, readSmallText, warnNotRead } from './safeRead';

const DEFAULT_GLOB = `**/*.{${LIBRARY_EXTENSIONS.map((extension) => extension.slice(1)).join(',')}}`;
const EXCLUDE = '**/{node_modules,.git,.vscode-test}/**';
/** A file caught half-written is read again this often before it is taken as it is. */
const MAX_RETRIES = 5;
const RETRY_MS = 400;

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

  private readonly worker: LibraryWorkerClient;

  /** `storage`: a folder for the persisted index (the extension's workspace storage), if any. */
  constructor(extensionPath: string, private readonly storage: string | undefined) {
    this.worker = new LibraryWorkerClient(extensionPath);
    this.disposables.push({ dispose: () => this.worker.dispose() });
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
    try {
      const settings = vscode.workspace.getConfiguration('citemark').get<string[]>('bibliographies', []);
      const uris = settings.length > 0 ? await this.resolveSettings(settings) : await vscode.workspace.findFiles(DEFAULT_GLOB, EXCLUDE);
      this.configured = uris.map((uri) => uri.fsPath);
      this.scanningWorkspace = settings.length === 0;
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
    } finally {
      this.markScanned();
    }
  }

  /** No library is configured: every library file of the workspace is read. */
  private scanningWorkspace = false;

  /** Settles once the first scan of the workspace's libraries is done. */
  private markScanned!: () => void;
  private readonly scanned = new Promise<void>((resolve) => (this.markScanned = resolve));

  /** The libraries a draft sees: its front matter's bibliography (read on first use), else the configured ones. */
  async viewFor(document: vscode.TextDocument, frontMatter: FrontMatter = readFrontMatter(document.getText(), document.uri.fsPath)): Promise<LibraryView> {
    // Before the first scan ends, "every library" is not known yet: a key must not look missing meanwhile.
    await this.scanned;
    const named = await libraryPathsFor(document.uri.fsPath, frontMatter, this.scanningWorkspace ? [] : this.configured, readSmallText);
    for (const file of named ?? []) if (!this.index.has(file)) await this.load(file, false);
    return this.index.view(named, frontMatter.references);
  }

  /**
   * The search index of a view, rebuilt only when the view's libraries change, in slices that give the
   * event loop back (0.4 s for 88,000 entries: typing goes on meanwhile).
   */
  searchFor(view: LibraryView): Promise<CitationSearch> {
    const scope = `${this.index.version}|${view.libraries.map((library) => library.source).join('|')}|${view.entries().length}`;
    if (this.search?.scope !== scope) this.search = { scope, search: CitationSearch.build(view.entries()) };
    return this.search.search;
  }
  private search?: { scope: string; search: Promise<CitationSearch> };

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

  /** Reads one file into the index; concurrent requests for the same file share one read. */
  private load(file: string, sniff: boolean, attempt = 0): Promise<void> {
    const running = this.loading.get(file);
    if (running) return running;
    const loading = this.read(file, sniff, attempt).finally(() => this.loading.delete(file));
    this.loading.set(file, loading);
    return loading;
  }
  private readonly loading = new Map<string, Promise<void>>();

  /**
   * A restart first shows the persisted copy (when the file's size and mtime still match), then the
   * worker parses the file off this thread; its result replaces the copy unless the content hash is
   * the same. A file caught half-written keeps the previous index and is read again shortly.
   */
  private async read(file: string, sniff: boolean, attempt: number): Promise<void> {
    if (!(await mayRead(file))) {
      warnNotRead(`Restricted Mode: ${file} is outside the workspace and was not read. Trust the workspace to read it.`);
      return;
    }
    const cachePath = this.cachePath(file);
    let cachedSha1: string | undefined;
    if (!this.index.has(file) && cachePath) {
      const cached = await this.readCache(file, cachePath);
      if (cached) {
        cachedSha1 = cached.signature.sha1;
        this.accept(cached.parsed, cachedSha1);
      }
    }
    const parsing = this.parseInWorker(file, sniff, attempt, cachePath, cachedSha1);
    // With the persisted copy shown, the parse goes on in the background; drafts need not wait for it.
    if (cachedSha1 === undefined) await parsing;
  }

  private async parseInWorker(file: string, sniff: boolean, attempt: number, cachePath: string | undefined, cachedSha1: string | undefined, full = false): Promise<void> {
    const reply = await this.worker.request({ type: 'parse', path: file, sniff, cachePath, force: attempt >= MAX_RETRIES, full, maxMB: maxFileMB() });
    if (reply.type === 'skipped' && reply.reason === 'half-written') {
      setTimeout(() => void this.load(file, sniff, attempt + 1), RETRY_MS);
      return;
    }
    if (reply.type === 'skipped' && reply.reason === 'unreadable') return this.unload(file);
    if (reply.type === 'skipped' && reply.reason === 'refused') {
      warnNotRead(reply.message ?? `${file} was not read`);
      return this.unload(file);
    }
    if (reply.type === 'error') {
      void vscode.window.showErrorMessage(`Citemark could not read ${path.basename(file)}: ${reply.message}`);
      return;
    }
    if ((reply.type !== 'parsed' && reply.type !== 'patched') || reply.sha1 === cachedSha1) return;
    if (reply.type === 'patched') {
      // A patch applies only to the library it was made against; else the whole library is asked for.
      const current = this.index.get(file);
      const patched = current && this.sha1s.get(file) === reply.previousSha1 ? applyLibraryPatch(current, reply.patch) : undefined;
      if (patched) this.accept(patched.parsed, reply.sha1);
      else await this.parseInWorker(file, sniff, attempt, cachePath, cachedSha1, true);
      return;
    }
    const decoded = decodeLibraryCache(reply.encoded, file);
    if (decoded) this.accept(decoded.parsed, reply.sha1);
  }
  /** SHA-1 of the content each library in the index was read from. */
  private readonly sha1s = new Map<string, string>();

  private async readCache(file: string, cachePath: string) {
    try {
      // Bytes, not text: the cache decodes its header and its strings apart (see decodeLibraryCache).
      const [stat, data] = await Promise.all([fs.stat(file), fs.readFile(cachePath)]);
      const cached = decodeLibraryCache(data, file);
      return cached && !isStale(cached.signature, { size: stat.size, mtimeMs: stat.mtimeMs }) ? cached : undefined;
    } catch {
      return undefined;
    }
  }

  private cachePath(file: string): string | undefined {
    if (!this.storage) return undefined;
    mkdirSync(this.storage, { recursive: true });
    return path.join(this.storage, `${createHash('sha1').update(file).digest('hex')}.json`);
  }

  /**
   * Formatted references (one per entry), or with `bibliography` one block for all, in a style.
   * The worker formats: citeproc never runs on the extension host's thread.
   */
  async format(entries: LibraryEntry[], style: string, format: 'text' | 'html', bibliography = false): Promise<string[]> {
    const refs = entries.map((entry) => ({ source: entry.source, key: entry.key, csl: entry.csl }));
    const reply = await this.worker.request({ type: 'format', entries: refs, style, format, bibliography });
    if (reply.type === 'error') throw new Error(reply.message);
    return reply.type === 'formatted' ? reply.texts : [];
  }

  private accept(parsed: ParsedLibrary, sha1: string): void {
    this.index.set(parsed);
    this.sha1s.set(parsed.source, sha1);
    this.diagnostics.set(
      vscode.Uri.file(parsed.source),
      parsed.problems.map((problem) => {
        const diagnostic = new vscode.Diagnostic(
          new vscode.Range(problem.line, 0, problem.line, 1000),
          problem.message,
          SEVERITY[problem.severity],
        );
        diagnostic.source = 'citemark';
        return diagnostic;
      }),
    );
    this.updateStatus();
    this.changed.fire();
  }

  private unload(file: string): void {
    void this.worker.request({ type: 'drop', path: file });
    this.sha1s.delete(file);
    if (!this.index.delete(file)) return;
    this.diagnostics.delete(vscode.Uri.file(file));
    this.updateStatus();
    this.changed.fire();
  }

  /** Editors and Better BibTeX write a file several times in a row: read it once they are done. */
  private scheduleReload(uri: vscode.Uri): void {
    if (!isLibraryPath(uri.fsPath)) return;
    const known = this.index.has(uri.fsPath) || this.configured.includes(uri.fsPath);
    // With no library configured, every library file of the workspace counts, new ones included.
    if (!known && !this.scanningWorkspace) return;
    clearTimeout(this.pending.get(uri.fsPath));
    this.pending.set(
      uri.fsPath,
      setTimeout(() => {
        this.pending.delete(uri.fsPath);
        void this.load(uri.fsPath, !known);
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

