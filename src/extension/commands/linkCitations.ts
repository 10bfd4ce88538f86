// "Extract Reference List to Library", "Convert All Author-Date Citations" and the "Convert to [@key]"
// code action: thin adapters over core/citations/{extractReferences,linkCitations}.
import * as path from 'path';
import * as vscode from 'vscode';
import { extractReferences, toBibtex, toCslJson, unreadReport, type ExtractedLibrary } from '../../core/citations/extractReferences';
import { citationsLeftReport, linkCitations, linkEdits, type LinkResult } from '../../core/citations/linkCitations';
import type { LibraryEntry } from '../../core/types';
import { parseLibraryFile } from '../../core/library/load';
import { draftOf } from '../drafts';
import { showReportPage } from './checkReferences';
import type { WorkspaceLibraries } from '../libraries';

/** The library a draft's citations are linked to, and the file the front matter should name. */
interface LinkLibrary {
  entries: LibraryEntry[];
  /** A library extracted from the draft's reference list, to be written with the edit; `unread`: its items Extract could not read. */
  create?: { uri: vscode.Uri; contents: string; unread: number };
  /** The library file Extract Reference List wrote before, linked to (see libraryFor). */
  reused?: vscode.Uri;
}

/**
 * The draft's front matter names a bibliography: that library. Else the library Extract Reference List
 * wrote beside it under the name it proposes (`NAME-references.json`), with any corrections made to it
 * since. Else its own reference list, extracted to that file. Else the configured (or loaded) libraries.
 */
async function libraryFor(document: vscode.TextDocument, libraries: WorkspaceLibraries): Promise<LinkLibrary> {
  const draft = draftOf(document);
  if (draft.frontMatter.bibliography.length === 0) {
    const written = referencesUri(document.uri, 1);
    const extractedBefore = await readLibrary(written);
    if (extractedBefore) return { entries: extractedBefore, reused: written };
    const uri = await freeUri(document.uri, '-references.json');
    const extracted = extractReferences(draft, uri.fsPath);
    if (extracted && extracted.references.length > 0) {
      return { entries: extracted.references.map((reference) => reference.entry), create: { uri, contents: toCslJson(extracted), unread: extracted.unread.length } };
    }
  }
  return { entries: (await libraries.viewFor(document, draft.frontMatter)).entries() };
}

/** The entries of the library file at `uri`; undefined if there is none, or none read from it. */
async function readLibrary(uri: vscode.Uri): Promise<LibraryEntry[] | undefined> {
  const bytes = await vscode.workspace.fs.readFile(uri).then((read) => read, () => undefined);
  const entries = bytes && parseLibraryFile(bytes, uri.fsPath).entries;
  return entries && entries.length > 0 ? entries : undefined;
}

/** `paper-references.json` beside `paper.md` (n = 1), `paper-references-2.json` (n = 2)… */
function referencesUri(draft: vscode.Uri, n: number, ending = '-references.json'): vscode.Uri {
  const stem = path.basename(draft.fsPath, path.extname(draft.fsPath));
  return vscode.Uri.joinPath(draft, '..', `${stem}${ending.replace(/(\.\w+)$/, n === 1 ? '$1' : `-${n}$1`)}`);
}

/** The first of `referencesUri`'s names not taken. */
async function freeUri(draft: vscode.Uri, ending: string): Promise<vscode.Uri> {
  for (let n = 1; ; n++) {
    const uri = referencesUri(draft, n, ending);
    const exists = await vscode.workspace.fs.stat(uri).then(() => true, () => false);
    if (!exists) return uri;
  }
}

/** The workspace edit of a link result: the citations, `bibliography:`, and the extracted library's file. */
function toWorkspaceEdit(document: vscode.TextDocument, result: LinkResult, library: LinkLibrary): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  if (library.create) edit.createFile(library.create.uri, { contents: Buffer.from(library.create.contents, 'utf8'), ignoreIfExists: true });
  for (const change of linkEdits(result)) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.newText);
  }
  return edit;
}

/** Library files the front matter should name: the extracted one, else those that define the keys linked. */
function bibliographyFor(document: vscode.TextDocument, library: LinkLibrary, keys: Set<string>): string | undefined {
  const files = library.create
    ? [library.create.uri.fsPath]
    : [...new Set(library.entries.filter((entry) => keys.has(entry.key) && entry.source !== document.uri.fsPath).map((entry) => entry.source))];
  if (files.length !== 1) return undefined; // several files (or inline references): the user names them
  return path.relative(path.dirname(document.uri.fsPath), files[0]).split(path.sep).join('/');
}

async function link(document: vscode.TextDocument, libraries: WorkspaceLibraries): Promise<{ result: LinkResult; library: LinkLibrary }> {
  const library = await libraryFor(document, libraries);
  const first = linkCitations(draftOf(document), library.entries, { path: document.uri.fsPath });
  const bibliography = bibliographyFor(document, library, new Set(first.linked.flatMap((citation) => citation.keys)));
  const result = bibliography ? linkCitations(draftOf(document), library.entries, { path: document.uri.fsPath, bibliography }) : first;
  return { result, library };
}

/** "Convert All Author-Date Citations": one undoable edit; what is left as text is listed on request. */
export async function convertAllAuthorDate(libraries: WorkspaceLibraries): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Citemark: open a manuscript to convert its citations.');
    return;
  }
  const { result, library } = await link(editor.document, libraries);
  if (result.linked.length === 0 && result.unlinked.length === 0) {
    void vscode.window.showInformationMessage('Citemark: this draft has no author-date citation to convert.');
    return;
  }
  if (result.linked.length === 0) {
    offerCitationsLeft(`Citemark: no author-date citation could be converted (${result.unlinked.length} left as text).`, result, editor.document);
    return;
  }
  // The library file first, then the text in one edit of the draft alone: one undo step, without an "undo in all files?" prompt.
  if (library.create) await vscode.workspace.fs.writeFile(library.create.uri, Buffer.from(library.create.contents, 'utf8'));
  await vscode.workspace.applyEdit(toWorkspaceEdit(editor.document, result, { ...library, create: undefined }));
  // (short: a longer notification is cut off before the file's name)
  const unread = library.create?.unread ? ` (${library.create.unread} list item(s) not read)` : '';
  const file = library.create ? ` Wrote ${path.basename(library.create.uri.fsPath)}${unread}.` : library.reused ? ` Library: ${path.basename(library.reused.fsPath)}.` : '';
  offerCitationsLeft(`Citemark: ${result.linked.length} converted, ${result.unlinked.length} left as text.${file}`, result, editor.document);
}

/** Says how a conversion went; when citations were left as text, offers to list them beside the draft. */
function offerCitationsLeft(message: string, result: LinkResult, document: vscode.TextDocument): void {
  if (result.unlinked.length === 0) {
    void vscode.window.showInformationMessage(message);
    return;
  }
  void vscode.window.showInformationMessage(message, 'Show the Citations Left').then((choice) => {
    if (!choice) return;
    showReportPage(citationsLeftReport(document.uri.fsPath, result.unlinked), `Left as text: ${path.basename(document.uri.fsPath)}`, document);
  });
}

/** "Extract Reference List to Library": CSL-JSON or BibTeX beside the manuscript (or where the user saves it). */
export async function extractReferenceList(target?: vscode.Uri): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document) {
    void vscode.window.showInformationMessage('Citemark: open a manuscript to extract its reference list.');
    return;
  }
  const uri = target ?? (await vscode.window.showSaveDialog({
    defaultUri: await freeUri(document.uri, '-references.json'),
    filters: { 'CSL-JSON': ['json'], BibTeX: ['bib'] },
    title: 'Save the reference list as a library',
  }));
  if (!uri) return;
  const extracted: ExtractedLibrary | undefined = extractReferences(draftOf(document), uri.fsPath);
  if (!extracted) {
    void vscode.window.showWarningMessage('Citemark: this document has no reference list (a section headed References, Bibliography, Works Cited…).');
    return;
  }
  const text = /\.bib(?:tex)?$/i.test(uri.fsPath) ? toBibtex(extracted) : toCslJson(extracted);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  const unread = extracted.unread.length > 0 ? ` ${extracted.unread.length} item(s) could not be read: ${unreadReport(extracted).join('; ')}` : '';
  void vscode.window.showInformationMessage(`Citemark: ${extracted.references.length} reference(s) written to ${path.basename(uri.fsPath)}.${unread}`);
}

/** "Convert to [@key]" on a matched author-date citation under the cursor. */
export class AuthorDateLinkActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.RefactorRewrite];
  private cache?: { uri: string; version: number; linked: Promise<{ result: LinkResult; library: LinkLibrary }> };

  constructor(private readonly libraries: WorkspaceLibraries) {}

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
    // Cheap test first: code actions are asked for at every cursor move.
    if (!/\(.*(?:\d{4}|n\.\s?d\.|in press)|\d{4}.*\)/.test(document.lineAt(range.start.line).text)) return [];
    if (this.cache?.uri !== document.uri.toString() || this.cache.version !== document.version) {
      this.cache = { uri: document.uri.toString(), version: document.version, linked: link(document, this.libraries) };
    }
    const { result, library } = await this.cache.linked;
    const actions: vscode.CodeAction[] = [];
    for (const citation of result.linked) {
      const citationRange = new vscode.Range(document.positionAt(citation.start - citation.kept.length), document.positionAt(citation.end));
      if (!citationRange.intersection(range)) continue;
      const action = new vscode.CodeAction(`Convert to ${citation.kept}${citation.newText}`.replace(/\s+/g, ' '), vscode.CodeActionKind.RefactorRewrite);
      const only = { ...result, linked: [citation] };
      action.edit = toWorkspaceEdit(document, only, library);
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }
}
