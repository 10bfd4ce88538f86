import * as vscode from 'vscode';
import { plural } from '../core/text';
import { CitationCodeActionProvider } from './codeActions';
import { showBibliography } from './commands/bibliography';
import { checkReferences, OPEN_AT_LINE, openAtLine } from './commands/checkReferences';
import { insertCitation } from './commands/insertCitation';
import { AuthorDateLinkActionProvider, convertAllAuthorDate, extractReferenceList } from './commands/linkCitations';
import { ignoreCitationLinkWarnings } from './commands/linkCheck';
import { insertZoteroCitation, noticeZotero } from './commands/zotero';
import { CitationCompletionProvider } from './completion';
import { CitationDefinitionProvider } from './definition';
import { DraftDiagnostics } from './diagnostics';
import { DRAFT_SELECTOR, draftParses, forgetClosedDrafts } from './drafts';
import { CitationHoverProvider } from './hover';
import { WorkspaceLibraries } from './libraries';
import { mark, startLoopMonitor } from './loopMonitor';
import { CitationReferenceProvider, CitationRenameProvider } from './references';
import { registerThemes } from './themes';
import { UncitedEntryDiagnostics } from './uncitedEntries';

/** What `activate` returns to other extensions (and to the integration tests): the libraries as indexed. */
export interface CitemarkApi {
  libraries: WorkspaceLibraries;
  /** How many versions of an open draft were parsed (see draftOf): the features of one version share one parse. */
  draftParses: (uri: vscode.Uri) => number;
}

/** Wires the core to VS Code. Nothing is parsed on this path: libraries load right after activation. */
export function activate(context: vscode.ExtensionContext): CitemarkApi {
  mark('activated');
  const libraries = new WorkspaceLibraries(context.extensionPath, context.storageUri?.fsPath, context.workspaceState);
  context.subscriptions.push(
    startLoopMonitor(),
    libraries,
    forgetClosedDrafts(),
    new DraftDiagnostics(libraries),
    new UncitedEntryDiagnostics(libraries),
    vscode.languages.registerCompletionItemProvider(DRAFT_SELECTOR, new CitationCompletionProvider(libraries), '@', '[', ';', ' '),
    vscode.languages.registerHoverProvider(DRAFT_SELECTOR, new CitationHoverProvider(libraries)),
    vscode.languages.registerDefinitionProvider(DRAFT_SELECTOR, new CitationDefinitionProvider(libraries)),
    vscode.languages.registerReferenceProvider(DRAFT_SELECTOR, new CitationReferenceProvider(libraries)),
    vscode.languages.registerRenameProvider(DRAFT_SELECTOR, new CitationRenameProvider(libraries)),
    vscode.languages.registerCodeActionsProvider(DRAFT_SELECTOR, new CitationCodeActionProvider(libraries), {
      providedCodeActionKinds: CitationCodeActionProvider.kinds,
    }),
    vscode.commands.registerCommand('citemark.insertCitation', () => {
      noticeZotero(context.globalState);
      return insertCitation(libraries);
    }),
    vscode.commands.registerCommand('citemark.insertZoteroCitation', () => insertZoteroCitation(libraries)),
    vscode.commands.registerCommand('citemark.showBibliography', () => showBibliography(libraries, context.extensionUri)),
    vscode.commands.registerCommand('citemark.checkReferences', () => checkReferences(libraries)),
    vscode.commands.registerCommand(OPEN_AT_LINE, openAtLine),
    vscode.commands.registerCommand('citemark.openLibrary', (uri?: vscode.Uri) => openLibrary(libraries, uri)),
    vscode.commands.registerCommand('citemark.showLibraryProblems', () => vscode.commands.executeCommand('workbench.actions.view.problems')),
    vscode.commands.registerCommand('citemark.reloadLibraries', async () => {
      await libraries.loadConfigured();
      // (a reload that finds nothing changed changes nothing else a user could see)
      const done = `Citemark: libraries reloaded, ${plural(libraries.entryCount, 'entry', 'entries')}`;
      libraries.log.info(done);
      vscode.window.setStatusBarMessage(`$(check) ${done}`, 5000);
    }),
    vscode.commands.registerCommand('citemark.ignoreCitationLinkWarnings', ignoreCitationLinkWarnings),
    vscode.languages.registerCodeActionsProvider(DRAFT_SELECTOR, new AuthorDateLinkActionProvider(libraries), {
      providedCodeActionKinds: AuthorDateLinkActionProvider.kinds,
    }),
    vscode.commands.registerCommand('citemark.extractReferences', (target?: vscode.Uri) => extractReferenceList(target)),
    vscode.commands.registerCommand('citemark.convertAllAuthorDate', () => convertAllAuthorDate(libraries)),
  );
  setTimeout(() => void libraries.loadConfigured(), 0);
  const themes = registerThemes(context, libraries);
  // Not needed for the first completion list: the Zotero probe (it loads the http module) and the
  // codebook and drafts for the themes wait until the libraries are read and their search index has come.
  let afterLoad: NodeJS.Timeout | undefined;
  let disposed = false;
  void libraries.scanned.then(() => {
    if (disposed) return;
    afterLoad = setTimeout(() => {
      noticeZotero(context.globalState);
      void themes.load();
    }, AFTER_LOAD_MS);
  });
  context.subscriptions.push({
    dispose: () => {
      disposed = true;
      clearTimeout(afterLoad);
    },
  });
  return { libraries, draftParses };
}

/** How long after the first scan of the libraries the work the first completion list does not need starts. */
const AFTER_LOAD_MS = 1000;

async function openLibrary(libraries: WorkspaceLibraries, uri?: vscode.Uri): Promise<void> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  const sources = document ? (await libraries.viewFor(document)).libraries.map((library) => library.source) : libraries.index.paths();
  const source = sources.length <= 1 ? sources[0] : await vscode.window.showQuickPick(sources, { placeHolder: 'Which library?' });
  if (!source) {
    if (sources.length === 0) void vscode.window.showWarningMessage('Citemark: no library is loaded for this draft.');
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(source));
}

export function deactivate(): void {}
