import * as path from 'path';
import * as vscode from 'vscode';
import type { LibraryEntry } from '../core/types';
import { draftOf } from './drafts';
import type { WorkspaceLibraries } from './libraries';

/** The citation style of a draft: its `csl:` front matter wins, then `citemark.style`, then APA. */
export function styleFor(document: vscode.TextDocument): string {
  const fromDraft = draftOf(document).frontMatter.csl;
  if (fromDraft) return resolveStyle(fromDraft, path.dirname(document.uri.fsPath));
  const setting = vscode.workspace.getConfiguration('citemark').get<string>('style', 'apa');
  const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? path.dirname(document.uri.fsPath);
  return resolveStyle(setting, folder);
}

function resolveStyle(style: string, base: string): string {
  // Custom styles run through citeproc: not from an untrusted workspace.
  if (!style.toLowerCase().endsWith('.csl')) return style;
  return vscode.workspace.isTrusted ? path.resolve(base, style) : 'apa';
}

/**
 * The formatted reference of an entry, or a one-line explanation when it cannot be formatted. A draft's own
 * style that cannot be read (`csl: plos.csl` not beside it) is said, and the reference shown in APA.
 */
export async function formatEntry(libraries: WorkspaceLibraries, entry: LibraryEntry, style: string): Promise<string> {
  try {
    const [formatted] = await libraries.format([entry], style, 'text');
    return formatted ?? '(the entry is being read again; try once more in a moment)';
  } catch (error) {
    const problem = (error as Error).message;
    if (style === 'apa') return `(${problem})`;
    const [apa] = await libraries.format([entry], 'apa', 'text').catch(() => []);
    return apa ? `${apa}\n\n(In APA: ${problem.replace(/\.$/, '')}.)` : `(${problem})`;
  }
}
