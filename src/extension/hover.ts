import * as path from 'path';
import * as vscode from 'vscode';
import { authorDateHoverMarkdown, authorDateWorksAt, citationKeyAt, hoverMarkdown, inAuthorDateCitation, missingKeyHoverMarkdown } from '../core/languageFeatures/hover';
import { rejectedEntry } from '../core/check';
import type { LibraryEntry } from '../core/types';
import { similarKeys } from '../core/search/search';
import { authorDateSetting, draftOf } from './drafts';
import type { WorkspaceLibraries } from './libraries';
import { formatEntry, styleFor } from './style';

/**
 * The formatted reference of the cited entry; for a missing key, what is close. On an author-date citation
 * (`(Smith, 2010)`), the reference-list item or library entry it matched.
 */
export class CitationHoverProvider implements vscode.HoverProvider {
  constructor(private readonly libraries: WorkspaceLibraries) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const draft = draftOf(document);
    const offset = document.offsetAt(position);
    const cited = citationKeyAt(draft, offset);
    if (!cited && !inAuthorDateCitation(draft, offset)) return undefined;
    const view = await this.libraries.viewFor(document);
    let markdown: string;
    let span: { start: number; end: number };
    if (cited) {
      const entry = view.get(cited.key);
      const rejected = entry ? undefined : rejectedEntry(view, cited.key);
      markdown = entry ? await this.entryMarkdown(entry, document)
        : missingKeyHoverMarkdown(cited.key, rejected ? [] : similarKeys(cited.key, await this.libraries.searchFor(view), 3), rejected);
      span = cited;
    } else {
      // (the check reads every entry: a library read lazily makes them a slice at a time first)
      await this.libraries.makeEntries(view);
      const works = authorDateWorksAt(draft, view, offset, authorDateSetting());
      if (!works) return undefined;
      markdown = authorDateHoverMarkdown(works, await Promise.all(works.entries.map((entry) => this.entryMarkdown(entry, document))));
      span = works;
    }
    // Not trusted and no HTML: data from a library can never run a command or script here.
    return new vscode.Hover(new vscode.MarkdownString(markdown), new vscode.Range(document.positionAt(span.start), document.positionAt(span.end)));
  }

  private async entryMarkdown(entry: LibraryEntry, document: vscode.TextDocument): Promise<string> {
    return hoverMarkdown(entry, await formatEntry(this.libraries, entry, styleFor(document)), `${path.basename(entry.source)}:${entry.startLine + 1}`);
  }
}
