import * as path from 'path';
import * as vscode from 'vscode';
import { citationKeyAt, hoverMarkdown, missingKeyHoverMarkdown } from '../core/languageFeatures/hover';
import { similarKeys } from '../core/search/search';
import { draftOf } from './drafts';
import type { WorkspaceLibraries } from './libraries';
import { formatEntry, styleFor } from './style';

/** The formatted reference of the cited entry; for a missing key, what is close. */
export class CitationHoverProvider implements vscode.HoverProvider {
  constructor(private readonly libraries: WorkspaceLibraries) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const cited = citationKeyAt(draftOf(document), document.offsetAt(position));
    if (!cited) return undefined;
    const view = await this.libraries.viewFor(document);
    const entry = view.get(cited.key);
    const range = new vscode.Range(document.positionAt(cited.start), document.positionAt(cited.end));
    const markdown = entry
      ? hoverMarkdown(entry, await formatEntry(this.libraries, entry, styleFor(document)), `${path.basename(entry.source)}:${entry.startLine + 1}`)
      : missingKeyHoverMarkdown(cited.key, similarKeys(cited.key, await this.libraries.searchFor(view), 3));
    // Not trusted and no HTML: data from a library can never run a command or script here.
    return new vscode.Hover(new vscode.MarkdownString(markdown), range);
  }
}
