import * as vscode from 'vscode';
import { authorYearLabel } from '../../core/languageFeatures/completion';
import { citationInsertion } from '../../core/languageFeatures/citationInsertion';
import type { CitationFormat } from '../../core/languageFeatures/insertCitation';
import { runInSlicesWhileWanted } from '../../core/steps';
import type { LibraryEntry } from '../../core/types';
import { draftOf, manuscriptEditor } from '../drafts';
import type { WorkspaceLibraries } from '../libraries';

interface EntryPick extends vscode.QuickPickItem {
  entry: LibraryEntry;
}

/** "Insert citation": search the draft's libraries, pick one or more entries, insert them at the cursor. */
export async function insertCitation(libraries: WorkspaceLibraries): Promise<void> {
  const editor = draftToInsertIn();
  if (!editor) return;
  const view = await libraries.viewFor(editor.document);
  if (view.entries().length === 0) {
    void vscode.window.showWarningMessage('Citemark: no library is loaded. Add “bibliography:” to the front matter or set “citemark.bibliographies”.');
    return;
  }
  const citationSearch = await libraries.searchFor(view);
  const picker = vscode.window.createQuickPick<EntryPick>();
  picker.canSelectMany = true;
  picker.matchOnDescription = true;
  picker.matchOnDetail = true;
  picker.placeholder = 'Search by author, title, year, key or keyword; Enter inserts the highlighted entry, or the ticked ones';
  const toPick = (entry: LibraryEntry): EntryPick => ({
    label: entry.key,
    description: authorYearLabel(entry),
    detail: entry.title,
    alwaysShow: true,
    entry,
  });
  // Searched in slices that give the thread back (a large library's search runs for tens of ms); a
  // search overtaken by the next keystroke stops.
  let searches = 0;
  const update = async () => {
    const search = ++searches;
    picker.busy = true;
    const found = await runInSlicesWhileWanted(citationSearch.typingSteps(picker.value, 50), () => search !== searches);
    if (!found || search !== searches) return;
    picker.busy = false;
    // (an empty list said nothing: the student trial's "Donald Knuth" found no entry, given names not being searched)
    picker.title = found.length === 0 && picker.value.trim() ? `No entry matches "${picker.value.trim()}": search by family name, title words, year or key` : undefined;
    const selected = picker.selectedItems;
    const keys = new Set(selected.map((item) => item.entry.key));
    picker.items = [...selected, ...found.filter((entry) => !keys.has(entry.key)).map(toPick)];
    picker.selectedItems = picker.items.filter((item) => keys.has(item.entry.key));
  };
  picker.onDidChangeValue(() => void update());
  await update();
  // The highlighted row as the picker last reported it: a multi-select picker keeps no active item
  // of its own to read on Enter; with none reported yet, the first row is the highlighted one.
  let highlighted: readonly EntryPick[] = [];
  picker.onDidChangeActive((items) => (highlighted = items));
  const chosen = await new Promise<readonly EntryPick[] | undefined>((resolve) => {
    picker.onDidAccept(() => {
      if (picker.selectedItems.length > 0) resolve(picker.selectedItems);
      else {
        const shown = highlighted.filter((item) => picker.items.includes(item));
        resolve(shown.length > 0 ? shown : picker.items.slice(0, 1));
      }
    });
    picker.onDidHide(() => resolve(undefined));
    picker.show();
  });
  picker.dispose();
  if (!chosen || chosen.length === 0) return;
  const format = editor.document.languageId === 'latex'
    ? 'latex'
    : vscode.workspace.getConfiguration('citemark').get<CitationFormat>('citationFormat', 'pandoc');
  const keys = chosen.map((item) => item.entry.key);
  const { document } = editor;
  const draft = draftOf(document);
  await editor.edit((builder) => editor.selections.forEach((selection) => {
    const insertion = citationInsertion(draft, document.offsetAt(selection.start), document.offsetAt(selection.end), keys, format, (key) => view.get(key) !== undefined);
    builder.replace(new vscode.Range(document.positionAt(insertion.start), document.positionAt(insertion.end)), insertion.text);
  }));
  // Run from the walkthrough, the draft beside it is written in: the cursor goes back to it. Not when the
  // draft is active: focusing it again, late, closed whatever the user had opened since (CI: the next
  // Command Palette).
  if (vscode.window.activeTextEditor !== editor) await vscode.window.showTextDocument(document, editor.viewColumn);
}

/**
 * The draft a citation is inserted in: the active editor's, else the one draft in view (a walkthrough
 * button makes the walkthrough the active editor: the student trial's inserts all ended in "open a draft").
 */
export function draftToInsertIn(): vscode.TextEditor | undefined {
  const editor = manuscriptEditor();
  if (!editor) void vscode.window.showInformationMessage('Citemark: open a Markdown draft and put the cursor where the citation goes, then insert it again.');
  return editor;
}
