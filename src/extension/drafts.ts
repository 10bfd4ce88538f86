import * as vscode from 'vscode';
import { Draft } from '../core/draft';
import { readSmallText } from './safeRead';

/** Languages whose documents Citemark reads citations in. */
export const DRAFT_LANGUAGES = ['markdown', 'quarto', 'rmd'];
export const DRAFT_SELECTOR: vscode.DocumentSelector = [
  ...DRAFT_LANGUAGES.map((language) => ({ language })),
  { pattern: '**/*.{qmd,Rmd,rmd}' },
];

/** Draft files of a workspace, for file searches and watchers. */
export const DRAFT_GLOB = '**/*.{md,markdown,qmd,Rmd,rmd}';

export function isDraft(document: vscode.TextDocument): boolean {
  return vscode.languages.match(DRAFT_SELECTOR, document) > 0;
}

/**
 * The editor a command on "the manuscript" works in: the active one, else (a report or another page
 * beside it has the focus) the one draft shown.
 */
export function manuscriptEditor(): vscode.TextEditor | undefined {
  const drafts = vscode.window.visibleTextEditors.filter((editor) => isDraft(editor.document));
  return vscode.window.activeTextEditor ?? (drafts.length === 1 ? drafts[0] : undefined);
}

/**
 * Runs `update` on an open draft (a file's, or a new one's) when it opens and once its edits pause (debounced per document);
 * `scheduleAll` re-checks every open draft (a library or a setting changed).
 */
export class DraftScheduler implements vscode.Disposable {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly update: (document: vscode.TextDocument) => unknown, typingDelayMs = 150) {
    this.disposables = [
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document, typingDelayMs)),
    ];
  }

  scheduleAll(): void {
    vscode.workspace.textDocuments.forEach((document) => this.schedule(document, 0));
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    // A draft's own document only (a file, or a new one not saved yet): not its other side in a diff
    // (git, a save conflict, the timeline), whose problems would be listed a second time.
    if (!isDraft(document) || (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled')) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.update(document);
      }, delay),
    );
  }

  dispose(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.disposables.forEach((disposable) => disposable.dispose());
  }
}

/** A draft of the workspace: an open document's parsed version, or a file as read from disk. */
export interface WorkspaceDraft {
  uri: vscode.Uri;
  draft: Draft;
}

/**
 * One parsed Draft per open document, of its current version: a keystroke's diagnostics, completion and
 * hover share it. `parses` counts the versions parsed while the document is open.
 */
const openDrafts = new Map<string, { version: number; draft: Draft; parses: number }>();

/** The `citemark.authorDate.check` setting: whether drafts' author-date citations are checked. */
export function authorDateSetting(): 'auto' | 'on' | 'off' {
  return vscode.workspace.getConfiguration('citemark').get<'auto' | 'on' | 'off'>('authorDate.check', 'auto');
}

/** The parsed draft of a document's current version (of a workspace draft: its own). */
export function draftOf(document: vscode.TextDocument | WorkspaceDraft): Draft {
  if ('draft' in document) return document.draft;
  const key = document.uri.toString();
  const cached = openDrafts.get(key);
  if (cached?.version === document.version) return cached.draft;
  const draft = new Draft(document.getText(), document.uri.fsPath);
  // A closed document's version starts again at 1 when it reopens: keep only open ones.
  if (!document.isClosed) openDrafts.set(key, { version: document.version, draft, parses: (cached?.parses ?? 0) + 1 });
  return draft;
}

/** How many Drafts were made of an open document (one per version it had when a feature read it): for the integration tests. */
export function draftParses(uri: vscode.Uri): number {
  return openDrafts.get(uri.toString())?.parses ?? 0;
}

/** Drops a document's parsed draft when it closes. */
export function forgetClosedDrafts(): vscode.Disposable {
  return vscode.workspace.onDidCloseTextDocument((document) => openDrafts.delete(document.uri.toString()));
}

/** Every draft of the workspace: open documents as edited, the others from disk. */
export async function workspaceDrafts(): Promise<WorkspaceDraft[]> {
  const uris = await vscode.workspace.findFiles(DRAFT_GLOB, '**/{node_modules,.git}/**');
  const open = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document]));
  const drafts = await Promise.all(
    uris.map(async (uri) => {
      const document = open.get(uri.toString());
      if (document) return { uri, draft: draftOf(document) };
      // a file of the workspace: read only if it is a regular file within the size limit
      const text = await readSmallText(uri.fsPath);
      return text === undefined ? undefined : { uri, draft: new Draft(text, uri.fsPath) };
    }),
  );
  return drafts.filter((draft) => draft !== undefined);
}
