import { createHash } from 'crypto';
import { mkdirSync, promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { libraryPathsFor } from '../core/check';
import type { EntryList, LazyEntries } from '../core/library/entryList';
import { LibraryIndex, type LibraryView } from '../core/library/libraryIndex';
import { libraryStatus } from '../core/library/status';
import { decodeLibraryCacheSteps, decodeSearchIndexSteps, type DecodedLibrary } from '../core/library/cache';
import { isLibraryPath, LIBRARY_EXTENSIONS } from '../core/library/load';
import { LooksLikeBetterBibtex } from '../core/languageFeatures/rename';
import { applyLibraryPatch } from '../core/library/patch';
import type { FrontMatter } from '../core/markdown/frontMatter';
import { CitationSearch } from '../core/search/search';
import { runInSlices, runToEnd } from '../core/steps';
import { plural } from '../core/text';
import type { LibraryEntry, LibraryProblem, ParsedLibrary } from '../core/types';
import { SEVERITY } from './convert';
import { draftOf, isDraft, type WorkspaceDraft } from './drafts';
import type { WorkerReply } from './libraryWorker';
import { LibraryWorkerClient } from './libraryWorkerClient';
import { mark } from './loopMonitor';
import { maxFileMB, mayRead, readSmallText, warnNotRead } from './safeRead';

const DEFAULT_GLOB = `**/*.{${LIBRARY_EXTENSIONS.map((extension) => extension.slice(1)).join(',')}}`;
const EXCLUDE = '**/{node_modules,.git,.vscode-test}/**';
/** A file is read once its size and mtime have not changed for this long (a save or an export is done). */
const STABLE_MS = 150;
/** A file that looks shorter than before, or gone, is taken as it is once it has stayed so this long. */
const SETTLE_MS = 2000;
/** One that ends inside an entry, this long: a writer pausing between chunks leaves it so for seconds (3-5 s seen in a trial). */
const CUT_OFF_SETTLE_MS = 15_000;
const MISSING = 'missing';
/** Why the worker did not take a read it may take later, as the status bar says it. */
const NOT_TAKEN: Partial<Record<Extract<WorkerReply, { type: 'skipped' }>['reason'], string>> = {
  changing: 'changed while it was read',
  'half-written': 'looks cut off or shorter (still being written?)',
  'cut-off': 'ends inside an entry (still being written?)',
};
/** The workspace state's list of the library files the last scan read. */
const REMEMBERED = 'citemark.libraries';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The file's size and mtime now, or MISSING. */
const fileState = (file: string) => fs.stat(file).then((stat) => `${stat.size}:${stat.mtimeMs}`, () => MISSING);


/** The file's size and mtime once they hold still for STABLE_MS, or MISSING. */
async function stableState(file: string): Promise<string> {
  let state = await fileState(file);
  for (;;) {
    await sleep(STABLE_MS);
    const now = await fileState(file);
    if (now === state) return state;
    state = now;
  }
}

/** A draft in a file on disk: the libraries it names are read when it opens (see namedByOpenDrafts, readNamedBy). */
const isFileDraft = (document: vscode.TextDocument) => document.uri.scheme === 'file' && isDraft(document);

/** The libraries a draft itself names (front matter or Quarto project); undefined when it names none. */
/** How many references the active editor's draft lists in its own reference list, if it is a draft with one. */
function activeDraftReferences(): number | undefined {
  const document = vscode.window.activeTextEditor?.document;
  return document && isDraft(document) ? draftOf(document).referenceList?.entries.length : undefined;
}

function librariesNamedBy(document: vscode.TextDocument, frontMatter: FrontMatter = draftOf(document).frontMatter): Promise<string[] | undefined> {
  return libraryPathsFor(document.uri.fsPath, frontMatter, [], readSmallText);
}

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
  /** The "Citemark" output channel: one line per library read, and errors with their stack. */
  readonly log = vscode.window.createOutputChannel('Citemark', { log: true });

  private readonly worker: LibraryWorkerClient;

  /**
   * `storage`: a folder for the persisted index (the extension's workspace storage), if any; `memory`:
   * the workspace state, where the libraries read are remembered for the next session.
   */
  constructor(extensionPath: string, private readonly storage: string | undefined, private readonly memory?: vscode.Memento) {
    this.worker = new LibraryWorkerClient(extensionPath);
    // started now, while the workspace is searched for libraries: it reads the persisted index too
    this.worker.start();
    this.disposables.push({ dispose: () => this.worker.dispose() });
    this.statusBar.command = 'citemark.showLibraryProblems';
    this.disposables.push(this.statusBar, this.diagnostics, this.log, this.previewed);
    const watcher = vscode.workspace.createFileSystemWatcher(DEFAULT_GLOB);
    watcher.onDidChange((uri) => this.scheduleReload(uri));
    watcher.onDidCreate((uri) => this.scheduleReload(uri));
    // A file replaced by rename may be reported deleted: it is forgotten only if it stays gone.
    watcher.onDidDelete((uri) => this.scheduleReload(uri));
    this.disposables.push(
      watcher,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('citemark.bibliographies')) void this.loadConfigured();
      }),
      // A draft that reaches this host during the first scan has its libraries read at once, as those
      // open at activation do: the scan may read them last, or not at all, and completion waits for them.
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (!this.isScanned) void this.readNamedBy(document);
      }),
      // A library saved from an editor is the version the user means, broken or not: it is taken as it is,
      // without the wait for a writer to finish (up to 15 s of "still being written?" in the user trial).
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (isLibraryPath(document.uri.fsPath)) this.savedInEditor.add(document.uri.fsPath);
      }),
      // Without a library, the status speaks of the active draft's own reference list.
      vscode.window.onDidChangeActiveTextEditor(() => this.updateStatus()),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.isScanned && this.index.paths().length === 0 && event.document === vscode.window.activeTextEditor?.document) this.updateStatus();
      }),
    );
  }

  /**
   * Finds and reads the configured libraries, with progress in the status bar. On the first scan, the
   * libraries the last session read (from the persisted index, on a restart) and those the open
   * drafts name start loading at once, while the workspace is searched: that search alone can take
   * seconds while VS Code starts.
   */
  async loadConfigured(): Promise<void> {
    try {
      const early = new Map<string, Promise<void>>();
      const settings = vscode.workspace.getConfiguration('citemark').get<string[]>('bibliographies', []);
      const finding = settings.length > 0 ? this.resolveSettings(settings) : vscode.workspace.findFiles(DEFAULT_GLOB, EXCLUDE);
      /** Libraries the open drafts name: read whether or not the workspace's libraries include them. */
      const named = new Set<string>();
      if (!this.isScanned) {
        for (const file of this.memory?.get<string[]>(REMEMBERED) ?? []) early.set(file, this.load(file, true));
        for (const file of await this.namedByOpenDrafts()) {
          named.add(file);
          if (!early.has(file)) early.set(file, this.load(file, false));
        }
      }
      const uris = await finding;
      mark('libraries found');
      this.configured = uris.map((uri) => uri.fsPath);
      this.scanningWorkspace = settings.length === 0;
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Citemark: reading libraries' },
        async (progress) => {
          for (const [i, uri] of uris.entries()) {
            progress.report({ message: `${path.basename(uri.fsPath)} (${i + 1}/${uris.length})` });
            await (early.get(uri.fsPath) ?? this.reading.get(uri.fsPath) ?? this.load(uri.fsPath, settings.length === 0));
          }
        },
      );
      // A library the last session read that is no longer one of the workspace's (a draft may still name it: it is read again then).
      for (const [file, loading] of early) {
        await loading;
        if (!this.configured.includes(file) && !named.has(file)) this.unload(file);
      }
      void this.memory?.update(REMEMBERED, this.configured.filter((file) => this.index.has(file)));
    } finally {
      this.markScanned();
      this.updateStatus();
    }
  }

  /** Starts reading the libraries a draft names that are neither read nor being read. */
  private async readNamedBy(document: vscode.TextDocument): Promise<void> {
    if (!isFileDraft(document)) return;
    for (const file of (await librariesNamedBy(document)) ?? []) {
      if (!this.index.has(file) && !this.reading.has(file) && !this.queued.has(file)) void this.load(file, false);
    }
  }

  /** The libraries the drafts open in editors name (front matter or Quarto project). */
  private async namedByOpenDrafts(): Promise<string[]> {
    const drafts = vscode.workspace.textDocuments.filter(isFileDraft);
    const named = await Promise.all(drafts.map((document) => librariesNamedBy(document)));
    return [...new Set(named.flatMap((files) => files ?? []))];
  }

  /** No library is configured: every library file of the workspace is read. */
  private scanningWorkspace = false;

  /** Settles once the first scan of the workspace's libraries is done. */
  private markScanned!: () => void;
  readonly scanned = new Promise<void>((resolve) => (this.markScanned = () => {
    this.isScanned = true;
    resolve();
  }));
  isScanned = false;

  /** Settles when the next library is read, previewed or dropped, or at once when the first scan is done. */
  nextLoad(): Promise<void> {
    if (this.isScanned) return Promise.resolve();
    return new Promise((resolve) => {
      const listeners = [this.onDidChange(done), this.previewed.event(done)];
      void this.scanned.then(done);
      function done() {
        listeners.forEach((listener) => listener.dispose());
        resolve();
      }
    });
  }

  /**
   * The first entries of libraries still being read (see the worker's sendPreview), until they are:
   * for the first completion list of a draft (`[@` with no words yet), which lists no more.
   */
  private readonly previews = new LibraryIndex();
  private readonly previewed = new vscode.EventEmitter<void>();

  /** How many entries a completion list shows (`citemark.completion.maxResults`); a preview holds as many. */
  completionLimit(): number {
    return vscode.workspace.getConfiguration('citemark').get<number>('completion.maxResults', 50);
  }

  private takePreview(file: string, encoded: Uint8Array): void {
    if (this.index.has(file)) return;
    const decoded = runToEnd(decodeLibraryCacheSteps(encoded, file, true));
    if (!decoded) return;
    this.previews.set(decoded.parsed, decoded);
    mark(`preview ${decoded.parsed.entries.length}`);
    this.previewed.fire();
  }

  /** Before the first scan ends (see viewSoFar): the first entries of the libraries the draft names, if each has been previewed. */
  async previewFor(document: vscode.TextDocument, frontMatter: FrontMatter = draftOf(document).frontMatter): Promise<LibraryView | undefined> {
    const named = await librariesNamedBy(document, frontMatter);
    if (!named || named.length === 0 || !named.every((file) => this.previews.has(file))) return undefined;
    return this.previews.view(named, frontMatter.references);
  }

  /**
   * Before the first scan ends: the libraries a draft sees among those loaded so far (undefined when
   * none is), for completion, which may list what there is (a key missing from it means nothing yet).
   */
  async viewSoFar(document: vscode.TextDocument, frontMatter: FrontMatter = draftOf(document).frontMatter): Promise<LibraryView | undefined> {
    const named = await librariesNamedBy(document, frontMatter);
    const loaded = named ? named.filter((file) => this.index.has(file)) : this.index.paths();
    return loaded.length > 0 ? this.index.view(loaded, frontMatter.references) : undefined;
  }

  /** Of the libraries a draft names (see viewAndNamed), those that could not be read, with why. */
  unreadAmong(named: string[] | undefined): Array<{ file: string; reason: string }> {
    return (named ?? []).flatMap((file) => {
      const reason = this.index.has(file) ? undefined : this.notRead.get(file);
      return reason === undefined ? [] : [{ file, reason }];
    });
  }
  private readonly notRead = new Map<string, string>();

  /** The libraries a draft sees: its front matter's bibliography (read on first use), else the configured ones. */
  async viewFor(document: vscode.TextDocument | WorkspaceDraft, frontMatter: FrontMatter = draftOf(document).frontMatter): Promise<LibraryView> {
    return (await this.viewAndNamed(document, frontMatter)).view;
  }

  /**
   * viewFor, with the libraries the draft names itself (front matter or Quarto project; undefined when it names
   * none and sees the configured ones): a check needs both, from one look up the folders for a Quarto project.
   */
  async viewAndNamed(document: vscode.TextDocument | WorkspaceDraft, frontMatter: FrontMatter = draftOf(document).frontMatter): Promise<{ view: LibraryView; named: string[] | undefined }> {
    // Before the first scan ends, "every library" is not known yet: a key must not look missing meanwhile.
    await this.scanned;
    const named = await libraryPathsFor(document.uri.fsPath, frontMatter, [], readSmallText);
    const configured = this.scanningWorkspace ? [] : this.configured;
    // (libraryPathsFor's own fallback to the configured files)
    const files = named ?? (configured.length > 0 ? configured : undefined);
    for (const file of files ?? []) if (!this.index.has(file)) await this.load(file, false);
    return { view: this.index.view(files, frontMatter.references), named };
  }

  /**
   * The search index of a view, rebuilt only when the view's libraries change, in slices that give the
   * event loop back (0.4 s for 88,000 entries: typing goes on meanwhile).
   */
  searchFor(view: LibraryView): Promise<CitationSearch> {
    // A view of one library as the worker or the cache gave it: the index came (or comes) with it.
    const source = view.libraries.length === 1 ? view.libraries[0].source : undefined;
    const prebuilt = source !== undefined ? this.prebuilt.get(source) : undefined;
    if (prebuilt && prebuilt.entryList === view.entryList()) return Promise.resolve(prebuilt);
    const coming = source !== undefined ? this.comingSearch.get(source) : undefined;
    if (coming && coming.unique === view.entryList()) return coming.search.then((search) => search ?? this.searchFor(view));
    const scope = `${this.index.version}|${view.libraries.map((library) => library.source).join('|')}|${view.entries().length}`;
    if (this.search?.scope !== scope) this.search = { scope, search: CitationSearch.build(view.entries()) };
    return this.search.search;
  }
  private search?: { scope: string; search: Promise<CitationSearch> };
  /** Per library, the search index the worker built (or the cache held) over its entries. */
  private readonly prebuilt = new Map<string, CitationSearch>();
  /** Per library, the search index the worker is building over its entries (`unique`), until it is in `prebuilt`. */
  private readonly comingSearch = new Map<string, { unique: EntryList; search: Promise<CitationSearch | undefined> }>();

  /** Takes the worker's search index of a library just decoded, once it comes (undefined: it will be built here). */
  private searchToCome(decoded: DecodedLibrary, sha1: string, reply: Promise<WorkerReply>): void {
    const source = decoded.parsed.source;
    const search = reply.then(async (answer) => {
      mark('search index came');
      const built = answer.type === 'search' && answer.encoded ? await runInSlices(decodeSearchIndexSteps(answer.encoded, source, decoded.unique)) : undefined;
      mark('search index decoded');
      const current = this.comingSearch.get(source)?.search === search;
      if (current) this.comingSearch.delete(source);
      if (current && built && this.sha1s.get(source) === sha1) this.prebuilt.set(source, built);
      return built;
    });
    this.comingSearch.set(source, { unique: decoded.unique, search });
  }

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

  /**
   * Reads one file into the index. A request while the file is being read queues one more read after
   * it (a change may have come after the running read took its bytes); requests while one is queued
   * share that one, which reads the file as it is by then: the last write wins.
   */
  private load(file: string, sniff: boolean): Promise<void> {
    const queued = this.queued.get(file);
    if (queued) return queued;
    const start = (): Promise<void> => {
      this.queued.delete(file);
      const reading = this.read(file, sniff).finally(() => {
        if (this.reading.get(file) === reading) this.reading.delete(file);
      });
      this.reading.set(file, reading);
      return reading;
    };
    const running = this.reading.get(file);
    if (!running) return start();
    const next = running.catch(() => undefined).then(start);
    this.queued.set(file, next);
    return next;
  }
  private readonly reading = new Map<string, Promise<void>>();
  private readonly queued = new Map<string, Promise<void>>();

  /**
   * A restart first shows the persisted copy (when the file's size and mtime still match), then the
   * worker parses the file off this thread; its result replaces the copy unless the content hash is
   * the same.
   */
  private async read(file: string, sniff: boolean): Promise<void> {
    if (!(await mayRead(file))) return;
    const cachePath = this.cachePath(file);
    let cachedSha1: string | undefined;
    if (!this.index.has(file) && cachePath) {
      const cached = await this.readCache(file, cachePath);
      if (cached) {
        cachedSha1 = cached.signature.sha1;
        this.accept(cached.parsed, cachedSha1, cached);
        this.log.info(`${file}: ${cached.count} entries, ${cached.parsed.problems.length} problems from the persisted index`);
      }
    }
    const parsing = this.readWhenStable(file, sniff, cachePath, cachedSha1).catch((error: Error) => this.log.error(error));
    // With the persisted copy shown, the parse goes on in the background; drafts need not wait for it.
    if (cachedSha1 === undefined) await parsing;
  }

  /**
   * Reads the file once its size and mtime hold still, and takes only a whole version of it: a read
   * the file changed during, or that looks cut off or shorter than before (see looksHalfWritten), is
   * read again once the file holds still. Meanwhile the index keeps the last good version and the
   * status bar says so. A file shorter or gone that stays so for SETTLE_MS (CUT_OFF_SETTLE_MS if it ends
   * inside an entry) is what the user meant: it is taken as it is (or forgotten), unless it changed
   * while it was read.
   */
  private async readWhenStable(file: string, sniff: boolean, cachePath: string | undefined, cachedSha1: string | undefined): Promise<void> {
    const started = Date.now();
    let savedInEditor = false;
    /** The file's state when a read was first found wanting, since when it has been so, and how long it may stay so before it is taken. */
    let wanting: { state: string; since: number; settleMs: number } | undefined;
    try {
      for (;;) {
        // (looked at on every round: a save may come while this read waits for an earlier writer to finish)
        if (this.savedInEditor.delete(file)) savedInEditor = true;
        const state = await stableState(file);
        const waited = wanting?.state === state ? Date.now() - wanting.since : undefined;
        if (waited !== undefined && waited < wanting!.settleMs && !savedInEditor) {
          // unchanged since it was found wanting: no use reading it again before it settles
          await sleep(Math.min(wanting!.settleMs - waited, 4 * STABLE_MS));
          continue;
        }
        const settled = waited !== undefined;
        let note: string;
        let settleMs = SETTLE_MS;
        if (state === MISSING) {
          if (!this.index.has(file) || settled) return this.unload(file, 'no such file');
          note = `${path.basename(file)} has vanished: showing its last version until it is back`;
        } else {
          // (the content shown: the worker need not parse the same bytes again)
          const known = cachedSha1 ?? (this.index.has(file) ? this.sha1s.get(file) : undefined);
          // A library not shown yet: its first entries come ahead, for the first completion list.
          const preview = this.index.has(file) || this.previews.has(file) ? undefined : this.completionLimit();
          const reply = await this.worker.request({ type: 'parse', path: file, sniff, cachePath, force: settled || savedInEditor, known, maxMB: maxFileMB(), preview },
            (note) => (note.type === 'preview' ? this.takePreview(file, note.encoded) : this.showLoading(file, `${note.stage} ${path.basename(file)}`, note.fraction)));
          this.showLoading(file);
          const notTaken = reply.type === 'skipped' ? NOT_TAKEN[reply.reason] : undefined;
          if (notTaken) {
            note = `${path.basename(file)} ${notTaken}: showing its last complete version`;
            if (reply.type === 'skipped' && reply.reason === 'cut-off') settleMs = CUT_OFF_SETTLE_MS;
          } else if (settled && (await fileState(file)) !== state) {
            // a version taken as it is, but the file changed while it was read (the writer went on): read again
            continue;
          } else if (reply.type === 'skipped' && reply.reason === 'refused') {
            warnNotRead(reply.message ?? `${file} was not read`);
            return this.unload(file, reply.message ?? 'not read');
          } else if (reply.type === 'skipped' && reply.reason === 'unreadable') {
            if (!this.index.has(file) || settled) return this.unload(file, reply.message ?? 'unreadable');
            note = `${path.basename(file)} could not be read (${reply.message}): showing its last version`;
          } else {
            return await this.take(file, reply, sniff, cachePath, cachedSha1, started);
          }
        }
        if (wanting?.state !== state) wanting = { state, since: Date.now(), settleMs };
        if (this.notes.get(file) !== note) this.log.info(note);
        this.notes.set(file, note);
        this.updateStatus();
      }
    } finally {
      this.previews.delete(file);
      if (this.notes.delete(file)) this.updateStatus();
    }
  }
  /** Libraries just saved from an editor (see onDidSaveTextDocument in the constructor), until their next read. */
  private readonly savedInEditor = new Set<string>();
  /** Per file, why the index shows a version of it that is not the one on disk (shown in the status bar). */
  private readonly notes = new Map<string, string>();

  private async take(file: string, reply: WorkerReply, sniff: boolean, cachePath: string | undefined, cachedSha1: string | undefined, started: number): Promise<void> {
    if (reply.type === 'error') {
      this.log.error(`${file}: ${reply.stack ?? reply.message}`);
      void vscode.window.showErrorMessage(`Citemark could not read ${path.basename(file)}: ${reply.message}`);
      return;
    }
    if (reply.type !== 'parsed' && reply.type !== 'patched') return;
    // The same content as the index holds (a queued read of a file that did not change again).
    if (reply.sha1 === cachedSha1 || (reply.sha1 === this.sha1s.get(file) && this.index.has(file))) return;
    let parsed: ParsedLibrary | undefined;
    let decoded: DecodedLibrary | undefined;
    let replaced: { entries: LibraryEntry[]; by: LibraryEntry[] } | undefined;
    if (reply.type === 'patched') {
      // A patch applies only to the library it was made against; else the whole library is asked for.
      const current = this.index.get(file);
      parsed = current && this.sha1s.get(file) === reply.previousSha1 ? applyLibraryPatch(current, reply.patch)?.parsed : undefined;
      if (!parsed) {
        const full = await this.worker.request({ type: 'parse', path: file, sniff, cachePath, force: true, full: true, maxMB: maxFileMB() });
        return this.take(file, full, sniff, cachePath, cachedSha1, started);
      }
      const { head, tail } = reply.patch;
      replaced = { entries: current!.entries.slice(head, current!.entries.length - tail), by: parsed.entries.slice(head, parsed.entries.length - tail) };
    } else {
      this.showLoading(file, `loading ${path.basename(file)}`, 0.9);
      mark('worker replied');
      // The worker builds the search index meanwhile.
      const searching = this.worker.request({ type: 'search', path: file, sha1: reply.sha1 });
      decoded = await runInSlices(decodeLibraryCacheSteps(reply.encoded, file, true));
      this.showLoading(file);
      parsed = decoded?.parsed;
      if (decoded) this.searchToCome(decoded, reply.sha1, searching);
    }
    if (!parsed) return;
    this.accept(parsed, reply.sha1, decoded, replaced);
    const count = this.index.count(file);
    this.log.info(`${file}: ${plural(count, 'entry', 'entries')}, ${plural(parsed.problems.length, 'problem')}, read in ${Date.now() - started} ms` +
      (reply.reread < count ? ` (${plural(reply.reread, 'entry', 'entries')} read again)` : ''));
  }
  /** SHA-1 of the content each library in the index was read from. */
  private readonly sha1s = new Map<string, string>();

  /**
   * Renames a key in a library file on disk (the worker changes the key's bytes and replaces the file
   * in one step), and takes the new read into the index at once.
   */
  async renameKey(file: string, key: string, newKey: string, layoutAccepted = false): Promise<void> {
    const started = Date.now();
    const reply = await this.worker.request({ type: 'rename', path: file, key, newKey, cachePath: this.cachePath(file), layoutAccepted });
    if (reply.type === 'error') throw reply.looksLikeBetterBibtex ? new LooksLikeBetterBibtex(reply.message) : new Error(reply.message);
    this.log.info(`${file}: renamed '${key}' to '${newKey}'`);
    await this.take(file, reply, false, this.cachePath(file), undefined, started);
  }

  /** The persisted cache, if valid and of the file as it is: the worker reads and checks it, this thread only wraps it. */
  private async readCache(file: string, cachePath: string): Promise<DecodedLibrary | undefined> {
    try {
      const reply = await this.worker.request({ type: 'cached', path: file, cachePath, preview: this.completionLimit() },
        (note) => note.type === 'preview' && this.takePreview(file, note.encoded));
      mark('cache read');
      if (reply.type !== 'cached' || !reply.encoded) return undefined;
      this.showLoading(file, `loading ${path.basename(file)}`, 0.5);
      return await runInSlices(decodeLibraryCacheSteps(reply.encoded, file, true));
    } finally {
      this.showLoading(file);
    }
  }

  private cachePath(file: string): string | undefined {
    if (!this.storage) return undefined;
    mkdirSync(this.storage, { recursive: true });
    return path.join(this.storage, `${createHash('sha1').update(file).digest('hex')}.index`);
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

  /**
   * Makes, a slice at a time, every entry of the view's libraries that were decoded lazily (see
   * LazyEntries): for a check that reads them all, which would else make them in one long task.
   */
  async makeEntries(view: LibraryView): Promise<void> {
    for (const library of view.libraries) {
      const lazy = this.lazyEntries.get(library.source);
      if (lazy) await runInSlices(lazy.allSteps());
    }
  }
  /** Per library decoded from the worker's reply or the cache, its first entry of each key, made on first use. */
  private readonly lazyEntries = new Map<string, LazyEntries>();

  /**
   * `decoded`: what the cache decoder made on the way (each key's entry, the search index), when it came from there.
   * `replaced`: for a patched library, the entries its change replaced, and by which.
   */
  private accept(parsed: ParsedLibrary, sha1: string, decoded?: DecodedLibrary, replaced?: { entries: LibraryEntry[]; by: LibraryEntry[] }): void {
    this.previews.delete(parsed.source);
    const problemsBefore = this.index.get(parsed.source)?.problems;
    if (replaced) this.index.patch(parsed, replaced.entries, replaced.by);
    else this.index.set(parsed, decoded);
    if (decoded) this.lazyEntries.set(parsed.source, decoded.unique);
    else this.lazyEntries.delete(parsed.source);
    if (decoded?.search) this.prebuilt.set(parsed.source, decoded.search);
    else this.prebuilt.delete(parsed.source);
    if (this.comingSearch.get(parsed.source)?.unique !== decoded?.unique) this.comingSearch.delete(parsed.source);
    this.sha1s.set(parsed.source, sha1);
    // (a renamed key leaves them as they were: 400 problems are not sent to the workbench again)
    if (!problemsBefore || !sameProblems(problemsBefore, parsed.problems)) this.setProblems(parsed);
    this.updateStatus();
    this.changed.fire();
    mark(`library ${this.index.count(parsed.source)}`);
  }

  private setProblems(parsed: ParsedLibrary): void {
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
  }

  /** `notRead`: why the file is dropped when it could not be read (a draft naming it says so), see unreadAmong. */
  private unload(file: string, notRead?: string): void {
    if (notRead) this.notRead.set(file, notRead);
    this.previews.delete(file);
    void this.worker.request({ type: 'drop', path: file });
    this.sha1s.delete(file);
    this.lazyEntries.delete(file);
    this.prebuilt.delete(file);
    this.comingSearch.delete(file);
    if (!this.index.delete(file)) return;
    this.diagnostics.delete(vscode.Uri.file(file));
    this.updateStatus();
    this.changed.fire();
  }

  /** Editors and Better BibTeX write a file several times in a row: read it once they are done. */
  private scheduleReload(uri: vscode.Uri): void {
    if (!isLibraryPath(uri.fsPath)) return;
    // A library read, or one the settings name; a file the workspace scan found is sniffed again (a
    // .json or .yaml file, the codebook or package.json, is no library unless it looks like one).
    const known = this.index.has(uri.fsPath) || (!this.scanningWorkspace && this.configured.includes(uri.fsPath));
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

  /** Says in the status bar what is loading, with how far it has got; without `what`, that the file is done. */
  private showLoading(file: string, what?: string, fraction = 0): void {
    if (what) this.loadingStatus.set(file, `${what} ${Math.round(fraction * 100)}%`);
    else this.loadingStatus.delete(file);
    this.updateStatus();
  }
  private readonly loadingStatus = new Map<string, string>();

  /** What the status bar item shows (entries, problems, and a file not shown as it is on disk). */
  get status(): string {
    return this.statusBar.text;
  }

  /** Entries of all libraries read. */
  get entryCount(): number {
    return this.index.paths().reduce((sum, file) => sum + this.index.count(file), 0);
  }

  private updateStatus(): void {
    const libraries = this.index.paths().map((file) => this.index.get(file)!);
    const { text, tooltip } = libraryStatus({
      entries: this.entryCount,
      libraries: libraries.length,
      problems: libraries.reduce((sum, library) => sum + library.problems.length, 0),
      errors: libraries.reduce((sum, library) => sum + library.problems.filter((problem) => problem.severity === 'error').length, 0),
      notes: [...this.notes.values()],
      loading: [...this.loadingStatus.values()],
      // (only once nothing is left to read: reading a draft's reference list at start-up held the editor's thread for 70 ms)
      draftReferences: libraries.length === 0 && this.isScanned && this.loadingStatus.size === 0 ? activeDraftReferences() : undefined,
    });
    this.statusBar.text = text;
    this.statusBar.tooltip = tooltip;
    this.statusBar.show();
  }

  dispose(): void {
    this.pending.forEach((timer) => clearTimeout(timer));
    this.disposables.forEach((disposable) => disposable.dispose());
  }
}

function sameProblems(a: LibraryProblem[], b: LibraryProblem[]): boolean {
  return a.length === b.length && a.every((problem, i) => problem.line === b[i].line && problem.message === b[i].message && problem.severity === b[i].severity);
}
