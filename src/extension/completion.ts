import * as vscode from 'vscode';
import { citationCompletionContext, completionCandidates, entriesBeforeTyping, typedPastFirstWord } from '../core/languageFeatures/completion';
import type { LibraryView } from '../core/library/libraryIndex';
import { queryWords } from '../core/search/search';
import { runInSlicesWhileWanted } from '../core/steps';
import type { LibraryEntry } from '../core/types';
import type { WorkspaceLibraries } from './libraries';
import { DRAFT_SELECTOR, draftOf } from './drafts';
import { mark } from './loopMonitor';
import { formatEntry, styleFor } from './style';

class CitationCompletionItem extends vscode.CompletionItem {
  constructor(readonly entry: LibraryEntry, readonly document: vscode.TextDocument, label: string, readonly list: number) {
    super(label, vscode.CompletionItemKind.Reference);
  }
}

/** How long after an edit at activation the provider asks for the list itself if VS Code has not. */
const ASK_AFTER_EDIT_MS = 500;

/** Citation keys after `@` and inside `[@…]`, searched over key, authors, title, year and keywords. */
export class CitationCompletionProvider implements vscode.CompletionItemProvider<CitationCompletionItem> {
  constructor(private readonly libraries: WorkspaceLibraries) {
    // `[@` typed before the extension was even active asked no one: open the list once this provider is
    // registered (the request waits for the libraries). If the draft's editor and the typing have not
    // reached this host yet, ask once a library is read or the active draft is edited, whichever finds
    // the cursor in a citation, once only (a second ask would close the list of the first, whose request
    // may take a while to come), and only until VS Code asks this provider itself.
    setTimeout(() => {
      if (this.suggestIfTyped(false)) return;
      let asked = false;
      const askOnce = () => {
        if (!asked && !this.askedByVSCode) asked = this.suggestIfTyped(true);
        if (asked || this.askedByVSCode) edits.dispose();
      };
      // (a while after the edit: VS Code's own request for it, if it knows this provider, comes first; in
      // the bench's cold run it came more than 100 ms after the edit, and the ask closed its list)
      const edits = vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === vscode.window.activeTextEditor?.document) setTimeout(askOnce, ASK_AFTER_EDIT_MS);
      });
      void this.libraries.nextLoad().then(askOnce);
      // Later edits are the user's own (or a quick fix's, which leaves the cursor in the citation it wrote): VS Code
      // asks for a list when one is typed, and none should open by itself then.
      void this.libraries.scanned.then(() => edits.dispose());
    }, 0);
  }
  /** Counts the lists given out: VS Code releases a list's items once a newer list replaces it. */
  private lists = 0;
  /** Whether VS Code has asked this provider for a list: it knows it, and asks by itself when `@` is typed. */
  private askedByVSCode = false;

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.CompletionList<CitationCompletionItem> | undefined> {
    const draft = draftOf(document);
    const offset = document.offsetAt(position);
    this.askedByVSCode = true;
    mark('completion requested');
    let context = citationCompletionContext(draft, offset);
    let view: LibraryView | undefined;
    if (context && !this.libraries.isScanned) {
      // Before the first scan ends, the draft's libraries loaded so far are listed (a restart loads the
      // last session's at once); with none yet, the list waits until one is read (VS Code shows it
      // then). An empty answer meanwhile would let VS Code fill the list with the document's words,
      // and while any list shows, `triggerSuggest` does nothing: the keys would never come by themselves.
      view = await this.libraries.viewSoFar(document);
      while (!view && !this.libraries.isScanned) {
        // `[@` with no words yet lists the first entries: those sent ahead of a library's parse will do.
        if (queryWords(context.query).length === 0 && (view = await this.libraries.previewFor(document))) break;
        await this.libraries.nextLoad();
        if (token.isCancellationRequested) return undefined;
        view = await this.libraries.viewSoFar(document);
      }
    }
    if (!context && typedPastFirstWord(draft, offset)) {
      // Words after the first (`[@devlin 2019`, `[@neural `) go on with a search, or start a locator after a key: that depends on whether the first is one.
      const libraries = (view = await this.libraries.viewFor(document));
      context = citationCompletionContext(draft, offset, (key) => libraries.get(key) !== undefined);
    }
    if (!context) return undefined;
    mark('completion asked');
    view ??= await this.libraries.viewFor(document);
    const limit = this.libraries.completionLimit();
    // No words yet (`[@`): the works the draft cites, then the first entries, without waiting for the search index.
    const entries = queryWords(context.query).length === 0 ? entriesBeforeTyping(draft, view, limit) : await this.search(view, context.query, limit, token);
    if (!entries) return undefined;
    const range = new vscode.Range(document.positionAt(context.replaceStart), document.positionAt(context.replaceEnd));
    const byKey = new Map(entries.map((entry) => [entry.key, entry]));
    const list = ++this.lists;
    const items = completionCandidates(entries, context.query, () => '').map((candidate) => {
      const item = new CitationCompletionItem(byKey.get(candidate.key)!, document, candidate.label, list);
      item.detail = candidate.detail;
      item.filterText = candidate.filterText;
      item.sortText = candidate.sortText;
      item.range = range;
      item.insertText = context.braced ? candidate.key : candidate.insertText;
      return item;
    });
    mark(`completion gives ${items.length}`);
    // Only the best matches are sent: ask again as the user types, so every entry stays reachable.
    return new vscode.CompletionList(items, true);
  }

  /**
   * The search in slices that give the thread back (a first search of a large library runs for tens of
   * ms), until VS Code no longer wants the list (the user typed on): undefined then.
   */
  private async search(view: LibraryView, query: string, limit: number, token: vscode.CancellationToken): Promise<LibraryEntry[] | undefined> {
    const search = await this.libraries.searchFor(view);
    return runInSlicesWhileWanted(search.typingSteps(query, limit), () => token.isCancellationRequested);
  }

  /**
   * Opens the list if the active draft's cursor is where a citation key goes and the draft was edited
   * since it opened (its version; not `isDirty`: the web workbench saves after a delay by default) or
   * its cursor is right after `@`: a draft just opened asked for nothing. `hideFirst`: close any list
   * shown first (`triggerSuggest` does nothing while one shows, such as the words VS Code suggests after
   * a Ctrl+Space that came before this extension did); closing costs a round trip to the workbench.
   * Says whether it asked.
   */
  private suggestIfTyped(hideFirst: boolean): boolean {
    const editor = vscode.window.activeTextEditor;
    if (!editor || vscode.languages.match(DRAFT_SELECTOR, editor.document) === 0) return false;
    const offset = editor.document.offsetAt(editor.selection.active);
    // A draft this host first saw with `[@` already typed (an editor VS Code restored, typed in before
    // the extension host was up) is at version 1 too: a cursor right after `@` asked all the same.
    const typed = editor.document.version > 1 || editor.document.getText().charAt(offset - 1) === '@';
    if (!typed || !citationCompletionContext(draftOf(editor.document), offset)) return false;
    mark('suggest again');
    const hidden = hideFirst ? vscode.commands.executeCommand('hideSuggestWidget') : Promise.resolve();
    void hidden.then(() => vscode.commands.executeCommand('editor.action.triggerSuggest'));
    return true;
  }

  /**
   * The formatted reference costs a few ms per entry: only for the item the user looks at. An item
   * whose list was released while it was formatted (the user typed on, or closed the list) gets no
   * answer: VS Code fails on an answer for a released list ("DisposableStore is missing").
   */
  async resolveCompletionItem(item: CitationCompletionItem, token: vscode.CancellationToken): Promise<CitationCompletionItem | undefined> {
    const formatted = await formatEntry(this.libraries, item.entry, styleFor(item.document));
    if (token.isCancellationRequested || item.list !== this.lists) return undefined;
    const [candidate] = completionCandidates([item.entry], '', () => formatted);
    item.documentation = candidate.documentation;
    return item;
  }
}
