import * as vscode from 'vscode';
import { citationKeyAt } from '../core/languageFeatures/hover';
import { draftOf } from './drafts';
import type { WorkspaceLibraries } from './libraries';

/** Go to definition: the entry in its .bib, CSL-JSON or CSL-YAML file (or the draft's inline references). */
export class CitationDefinitionProvider implements vscode.DefinitionProvider {
  constructor(private readonly libraries: WorkspaceLibraries) {}

  async provideDefinition(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location | undefined> {
    const cited = citationKeyAt(draftOf(document), document.offsetAt(position));
    if (!cited) return undefined;
    const entry = (await this.libraries.viewFor(document)).get(cited.key);
    if (!entry) return undefined;
    return new vscode.Location(vscode.Uri.file(entry.source), new vscode.Range(entry.startLine, 0, entry.startLine, 0));
  }
}
