import * as path from 'path';
import * as vscode from 'vscode';
import { parseCodebook, type Codebook } from '../../core/themes/codebook';
import type { TextEdit } from '../../core/themes/edits';
import { Draft } from '../../core/draft';
import { buildMatrix, type MatrixDraft, type SynthesisMatrix } from '../../core/themes/matrix';
import type { Tag } from '../../core/themes/tags';
import type { LibraryView } from '../../core/library/libraryIndex';
import type { LibraryEntry } from '../../core/types';
import { DRAFT_GLOB, draftOf, isDraft, workspaceDrafts } from '../drafts';
import type { WorkspaceLibraries } from '../libraries';
import { readSmallText } from '../safeRead';

const REFRESH_DELAY_MS = 250;

/**
 * What the theme features share: the codebook (read from its open document when open, else from
 * disk), the text of every workspace draft, and the synthesis matrix built from them on demand.
 * `onDidChange` fires (debounced) after the codebook, a draft, a library or a setting changed.
 */
export class ThemeModel implements vscode.Disposable {
  codebook: Codebook = parseCodebook('', '');
  /** False when the codebook file does not exist: tags are then not checked. */
  codebookExists = false;
  private drafts = new Map<string, { uri: vscode.Uri; draft: Draft }>();
  private cachedMatrix?: SynthesisMatrix;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private timer?: NodeJS.Timeout;
  private rescanDrafts = false;
  private loading?: Promise<void>;

  constructor(private readonly libraries: Pick<WorkspaceLibraries, 'index' | 'onDidChange'>) {
    const draftWatcher = vscode.workspace.createFileSystemWatcher(DRAFT_GLOB);
    const rescan = () => this.schedule(true);
    const codebookWatcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}');
    const codebookChanged = (uri: vscode.Uri) => {
      if (uri.toString() === this.codebookUri()?.toString()) this.schedule(false);
    };
    this.disposables.push(
      draftWatcher,
      draftWatcher.onDidCreate(rescan),
      draftWatcher.onDidDelete(rescan),
      draftWatcher.onDidChange((uri) => void this.draftFileChanged(uri)),
      codebookWatcher,
      codebookWatcher.onDidCreate(codebookChanged),
      codebookWatcher.onDidDelete(codebookChanged),
      codebookWatcher.onDidChange(codebookChanged),
      vscode.workspace.onDidChangeTextDocument(({ document }) => this.documentChanged(document)),
      vscode.workspace.onDidOpenTextDocument((document) => this.documentChanged(document)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        // Closed without saving: what counts now is the file on disk.
        if (this.drafts.has(document.uri.toString())) void this.draftFileChanged(document.uri);
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('citemark.themes')) this.schedule(false);
      }),
      libraries.onDidChange(() => this.schedule(false)),
    );
  }

  /**
   * Reads the codebook and every draft now (edits, file events and settings do it debounced, once
   * this has run: before, nothing is read; the extension calls it once the libraries are read).
   */
  load(): Promise<void> {
    this.loaded = true;
    this.loading ??= this.read(true).finally(() => (this.loading = undefined));
    return this.loading;
  }

  /** Tags of an open document's version, parsed once with the rest of its draft: diagnostics, colours, hover and rename read them after each edit. */
  tagsOf(document: vscode.TextDocument): Tag[] {
    return draftOf(document).tags;
  }

  codebookUri(): vscode.Uri | undefined {
    return configuredCodebookUri();
  }

  /** The codebook's text as it is now (edits are computed on it) and its path as edits name it. */
  async currentCodebook(): Promise<{ text: string; path: string }> {
    const uri = this.codebookUri();
    if (!uri) throw new Error('open a workspace folder to use a codebook');
    return { text: (await readText(uri)) ?? '', path: this.pathOf(uri) };
  }

  matrix(): SynthesisMatrix {
    const keywordsAsTags = vscode.workspace.getConfiguration('citemark.themes').get<boolean>('keywordsAsTags', false);
    this.cachedMatrix ??= buildMatrix(this.codebook, this.draftList(), this.view(), { keywordsAsTags });
    return this.cachedMatrix;
  }

  entry(key: string): LibraryEntry | undefined {
    return this.view().get(key);
  }

  /** The libraries' entries and the drafts' own front-matter `references:` (an R Markdown paper may keep its whole library there), as `citemark themes` reads them. */
  private view(): LibraryView {
    this.cachedView ??= this.libraries.index.view(undefined, [...this.drafts.values()].flatMap(({ draft }) => draft.frontMatter.references));
    return this.cachedView;
  }
  private cachedView?: LibraryView;

  /** The drafts as the matrix and the edits name them: workspace-relative paths. */
  draftList(): MatrixDraft[] {
    return [...this.drafts.values()].map(({ uri, draft }) => ({ path: this.pathOf(uri), text: draft.text, parsed: draft }));
  }

  /** The file a path of `draftList()`, of the matrix or of an edit stands for. */
  uriOf(draftPath: string): vscode.Uri | undefined {
    const codebook = this.codebookUri();
    if (codebook && draftPath === this.pathOf(codebook)) return codebook;
    return [...this.drafts.values()].find(({ uri }) => this.pathOf(uri) === draftPath)?.uri;
  }

  pathOf(uri: vscode.Uri): string {
    return vscode.workspace.asRelativePath(uri, false);
  }

  /**
   * Core edits as one undoable WorkspaceEdit; offsets are converted with each target document's
   * positionAt. Edit paths are looked up among `files` (the codebook and the known drafts by default).
   */
  async workspaceEdit(edits: TextEdit[], files: vscode.Uri[] = [...this.drafts.values()].map(({ uri }) => uri)): Promise<vscode.WorkspaceEdit> {
    const byPath = new Map([...files, ...[this.codebookUri() ?? []].flat()].map((uri) => [this.pathOf(uri), uri]));
    const workspaceEdit = new vscode.WorkspaceEdit();
    for (const edit of edits) {
      const uri = byPath.get(edit.path);
      if (!uri) throw new Error(`${edit.path} is not a file of this workspace`);
      const document = await vscode.workspace.openTextDocument(uri);
      const range = new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.length));
      workspaceEdit.replace(uri, range, edit.newText);
    }
    return workspaceEdit;
  }

  private documentChanged(document: vscode.TextDocument): void {
    if (document.uri.toString() === this.codebookUri()?.toString()) {
      this.schedule(false);
    } else if (document.uri.scheme === 'file' && isDraft(document) && vscode.workspace.getWorkspaceFolder(document.uri)) {
      const known = this.drafts.get(document.uri.toString());
      const draft = draftOf(document);
      if (known?.draft.text === draft.text) return;
      this.drafts.set(document.uri.toString(), { uri: document.uri, draft });
      this.schedule(false);
    }
  }

  /** A draft changed on disk: open documents are already up to date, others are read again. */
  private async draftFileChanged(uri: vscode.Uri): Promise<void> {
    if (vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString())) return;
    const text = await readText(uri);
    if (text === undefined || !this.drafts.has(uri.toString())) return this.schedule(true);
    this.drafts.set(uri.toString(), { uri, draft: new Draft(text, uri.fsPath) });
    this.schedule(false);
  }

  private loaded = false;

  private schedule(rescanDrafts: boolean): void {
    if (!this.loaded) return;
    this.rescanDrafts ||= rescanDrafts;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const rescan = this.rescanDrafts;
      this.rescanDrafts = false;
      void this.read(rescan);
    }, REFRESH_DELAY_MS);
  }

  private async read(rescanDrafts: boolean): Promise<void> {
    const uri = this.codebookUri();
    const text = uri ? await readText(uri) : undefined;
    this.codebookExists = text !== undefined;
    this.codebook = parseCodebook(text ?? '', uri ? this.pathOf(uri) : '');
    if (rescanDrafts) {
      const drafts = await workspaceDrafts();
      this.drafts = new Map(drafts.map((draft) => [draft.uri.toString(), draft]));
    }
    this.cachedMatrix = undefined;
    this.cachedView = undefined;
    this.changed.fire();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.disposables.forEach((disposable) => disposable.dispose());
  }
}

/** The configured codebook: `citemark.themes.codebook`, relative to the first workspace folder. */
export function configuredCodebookUri(): vscode.Uri | undefined {
  const setting = vscode.workspace.getConfiguration('citemark.themes').get<string>('codebook', 'themes.yaml') || 'themes.yaml';
  if (path.isAbsolute(setting)) return vscode.Uri.file(setting);
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder && vscode.Uri.joinPath(folder.uri, setting);
}

/** The open document's text, else the file's; undefined when there is no such file. */
async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open) return open.getText();
  return readSmallText(uri.fsPath);
}
