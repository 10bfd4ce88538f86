// "Extract Reference List to Library", "Convert All Author-Date Citations" and the "Convert to [@key]"
// code action: thin adapters over core/citations/{extractReferences,linkLibrary,linkCitations}.
import * as path from 'path';
import * as vscode from 'vscode';
import { extractReferences, toBibtex, toCslJson, unreadReport, type ExtractedLibrary } from '../../core/citations/extractReferences';
import { citationsLeftReport, linkEdits, type LinkResult } from '../../core/citations/linkCitations';
import { shorten } from '../../core/citations/authorDateCandidates';
import { chooseLinkLibrary, freeReferencesPath, linkChoices, linkToLibrary, type LinkFiles, type LinkLibrary } from '../../core/citations/linkLibrary';
import { draftOf, manuscriptEditor } from '../drafts';
import { showReportPage } from './checkReferences';
import type { WorkspaceLibraries } from '../libraries';

/** The editor's files, for the rule of which library to link to (see chooseLinkLibrary). */
const editorFiles: LinkFiles = {
  read: (file) => vscode.workspace.fs.readFile(vscode.Uri.file(file)).then((bytes) => bytes, () => undefined),
  exists: (file) => vscode.workspace.fs.stat(vscode.Uri.file(file)).then(() => true, () => false),
};

/** Where Extract and Convert put the draft's library: beside it. */
const folderOf = (document: vscode.TextDocument) => path.dirname(document.uri.fsPath);

async function link(document: vscode.TextDocument, libraries: WorkspaceLibraries): Promise<{ result: LinkResult; library: LinkLibrary }> {
  const draft = draftOf(document);
  const library = await chooseLinkLibrary(draft, folderOf(document), editorFiles, async () => (await libraries.viewFor(document, draft.frontMatter)).entries());
  return { result: linkToLibrary(draft, library), library };
}

/** The workspace edit of a link result: the citations, `bibliography:`, and the extracted library's file. */
function toWorkspaceEdit(document: vscode.TextDocument, result: LinkResult, { create }: LinkLibrary): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  if (create) edit.createFile(vscode.Uri.file(create.file), { contents: Buffer.from(toCslJson(create.extracted), 'utf8'), ignoreIfExists: true });
  for (const change of linkEdits(result)) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.newText);
  }
  return edit;
}

/** "Convert All Author-Date Citations": one undoable edit; what is left as text is listed on request. */
export async function convertAllAuthorDate(libraries: WorkspaceLibraries): Promise<void> {
  const editor = manuscriptEditor();
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
    offerCitationsLeft(`Citemark: no author-date citation could be converted (${result.unlinked.length} left as text).`, result, editor.document, libraries);
    return;
  }
  // The library file first, then the text in one edit of the draft alone: one undo step, without an "undo in all files?" prompt.
  const { create } = library;
  if (create) await vscode.workspace.fs.writeFile(vscode.Uri.file(create.file), Buffer.from(toCslJson(create.extracted), 'utf8'));
  await vscode.workspace.applyEdit(toWorkspaceEdit(editor.document, result, { ...library, create: undefined }));
  // (short: a longer notification is cut off before the file's name)
  const unread = create && create.extracted.unread.length > 0 ? ` (${create.extracted.unread.length} list item(s) not read)` : '';
  const file = create ? ` Wrote ${path.basename(create.file)}${unread}.` : library.reused ? ` Library: ${path.basename(library.reused)}.` : '';
  offerCitationsLeft(`Citemark: ${result.linked.length} converted, ${result.unlinked.length} left as text.${file}`, result, editor.document, libraries);
}

/**
 * Says how a conversion went; when citations were left as text, offers to list them beside the draft,
 * as the draft reads now (the conversion may have added front matter above them) and as it changes.
 */
function offerCitationsLeft(message: string, result: LinkResult, document: vscode.TextDocument, libraries: WorkspaceLibraries): void {
  if (result.unlinked.length === 0) {
    void vscode.window.showInformationMessage(message);
    return;
  }
  void vscode.window.showInformationMessage(message, 'Show the Citations Left').then((choice) => {
    if (!choice) return;
    const make = async () => citationsLeftReport(document.uri.fsPath, (await link(document, libraries)).result.unlinked);
    showReportPage(`Left as text: ${path.basename(document.uri.fsPath)}`, document, make);
  });
}

/** "Extract Reference List to Library": CSL-JSON or BibTeX beside the manuscript (or where the user saves it). */
export async function extractReferenceList(target?: vscode.Uri): Promise<void> {
  const document = manuscriptEditor()?.document;
  if (!document) {
    void vscode.window.showInformationMessage('Citemark: open a manuscript to extract its reference list.');
    return;
  }
  const uri = target ?? (await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(await freeReferencesPath(document.uri.fsPath, folderOf(document), editorFiles.exists)),
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

/** "Convert to [@key]" on a matched author-date citation under the cursor; on an ambiguous one, one per entry it could be. */
export class AuthorDateLinkActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.RefactorRewrite];
  private cache?: { uri: string; version: number; linked: Promise<{ result: LinkResult; library: LinkLibrary }> };
  private choices?: { key: string; value: ReturnType<typeof linkChoices> };

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
      // The first conversion of a draft without a library also writes its list as one: said before it is chosen.
      const writes = library.create ? ` (writes the draft's reference list to ${path.basename(library.create.file)})` : '';
      const action = new vscode.CodeAction(`Convert to ${citation.kept}${citation.newText}`.replace(/\s+/g, ' ') + writes, vscode.CodeActionKind.RefactorRewrite);
      const only = { ...result, linked: [citation] };
      action.edit = toWorkspaceEdit(document, only, library);
      action.isPreferred = true;
      actions.push(action);
    }
    // A work the library holds more than one entry for: one conversion per entry it could be, its title said.
    for (const work of result.ambiguous) {
      if (!new vscode.Range(document.positionAt(work.start), document.positionAt(work.end)).intersection(range)) continue;
      // (a conversion per entry: computed once per version of the draft, not at every move of the cursor)
      const key = `${document.uri}|${document.version}|${work.start}`;
      if (this.choices?.key !== key) this.choices = { key, value: linkChoices(draftOf(document), library, work) };
      for (const { entry, result: chosen } of this.choices.value) {
        const [citation] = chosen.linked;
        const title = `Convert to ${citation.kept}${citation.newText} (“${shorten(entry.title ?? entry.key, 50)}”)`.replace(/\s+/g, ' ');
        const action = new vscode.CodeAction(title, vscode.CodeActionKind.RefactorRewrite);
        action.edit = toWorkspaceEdit(document, chosen, library);
        actions.push(action);
      }
    }
    return actions;
  }
}
