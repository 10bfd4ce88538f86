import * as vscode from 'vscode';
import { authorDateWorksAt, citationKeyAt, inAuthorDateCitation } from '../core/languageFeatures/hover';
import { authorDateSetting, draftOf } from './drafts';
import type { WorkspaceLibraries } from './libraries';

/**
 * Go to definition: the entry in its .bib, CSL-JSON or CSL-YAML file (or the draft's inline references); from an
 * author-date citation, the reference-list item it matched in the draft or the library entry (each, when ambiguous).
 */
export class CitationDefinitionProvider implements vscode.DefinitionProvider {
  constructor(private readonly libraries: WorkspaceLibraries) {}

  async provideDefinition(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location[] | undefined> {
    const draft = draftOf(document);
    const offset = document.offsetAt(position);
    const cited = citationKeyAt(draft, offset);
    if (!cited && !inAuthorDateCitation(draft, offset)) return undefined;
    const view = await this.libraries.viewFor(document);
    const at = (file: string, line: number) => new vscode.Location(vscode.Uri.file(file), new vscode.Range(line, 0, line, 0));
    if (cited) {
      const entry = view.get(cited.key);
      return entry && [at(entry.source, entry.startLine)];
    }
    // (the check reads every entry: a library read lazily makes them a slice at a time first)
    await this.libraries.makeEntries(view);
    const works = authorDateWorksAt(draft, view, offset, authorDateSetting());
    if (!works) return undefined;
    return [...works.listed.map(({ line }) => new vscode.Location(document.uri, new vscode.Range(line, 0, line, 0))), ...works.entries.map((entry) => at(entry.source, entry.startLine))];
  }
}
