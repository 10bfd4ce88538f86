// What the extension may read, and how much: regular files within `citemark.maxFileSizeMB`, and in
// Restricted Mode (an untrusted workspace) only files inside the workspace folders, symlinks resolved.
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { DEFAULT_MAX_FILE_MB, readTextIfExists, RefusedFile } from '../core/files';

export function maxFileMB(): number {
  const setting = vscode.workspace.getConfiguration('citemark').get<number>('maxFileSizeMB', DEFAULT_MAX_FILE_MB);
  return setting > 0 ? setting : DEFAULT_MAX_FILE_MB;
}

/**
 * Whether `file` may be read: always in a trusted workspace, else only inside a workspace folder. A file
 * outside that exists is refused with a warning (once).
 */
export async function mayRead(file: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const real = await fs.realpath(file).catch(() => path.resolve(file));
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const root = await fs.realpath(folder.uri.fsPath).catch(() => folder.uri.fsPath);
    const relative = path.relative(root, real);
    if (!relative.startsWith('..') && !path.isAbsolute(relative)) return true;
  }
  if (await fs.stat(file).then(() => true, () => false)) {
    warnNotRead(`Restricted Mode: ${file} is outside the workspace and was not read. Trust the workspace to read it.`);
  }
  return false;
}

const warned = new Set<string>();

/** Says once per message why a file was not read. */
export function warnNotRead(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  void vscode.window.showWarningMessage(`Citemark: ${message}`);
}

/** A small text file (`_quarto.yml`, the codebook) read off the host's thread, or undefined when it is absent, refused or out of bounds. */
export async function readSmallText(file: string): Promise<string | undefined> {
  if (!(await mayRead(file))) return undefined; // Restricted Mode: outside the workspace, as if absent
  try {
    return await readTextIfExists(file, maxFileMB());
  } catch (error) {
    if (error instanceof RefusedFile) warnNotRead(error.message);
    return undefined;
  }
}
