import * as path from 'path';
import * as vscode from 'vscode';
import { formatReference } from '../core/format/format';
import { entryToCsl } from '../core/library/toCsl';
import { readFrontMatter } from '../core/markdown/frontMatter';
import type { LibraryEntry } from '../core/types';

/** The citation style of a draft: its `csl:` front matter wins, then `citemark.style`, then APA. */
export function styleFor(document: vscode.TextDocument): string {
  const fromDraft = readFrontMatter(document.getText(), document.uri.fsPath).csl;
  if (fromDraft) return resolveStyle(fromDraft, path.dirname(document.uri.fsPath));
  const setting = vscode.workspace.getConfiguration('citemark').get<string>('style', 'apa');
  const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? path.dirname(document.uri.fsPath);
  return resolveStyle(setting, folder);
}

function resolveStyle(style: string, base: string): string {
  return style.toLowerCase().endsWith('.csl') ? path.resolve(base, style) : style;
}

/** The formatted reference of an entry, or a one-line explanation when the style cannot be used. */
export function formatEntry(entry: LibraryEntry, style: string, format: 'text' | 'html' = 'text'): string {
  try {
    return formatReference(entryToCsl(entry), { style, format });
  } catch (error) {
    return `(${(error as Error).message})`;
  }
}
