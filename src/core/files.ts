import { promises as fs, readFileSync } from 'fs';
import * as path from 'path';

/** A small text file's content, or undefined when it does not exist or cannot be read. */
export function readTextIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Writes a file in one step: a temporary file beside it (with its mode) renamed over it, so no reader sees it half-written. */
export async function replaceFile(file: string, bytes: Uint8Array): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.citemark-${process.pid}.tmp`);
  const { mode } = await fs.stat(file);
  try {
    await fs.writeFile(temporary, bytes, { mode });
    await fs.rename(temporary, file);
  } finally {
    await fs.rm(temporary, { force: true });
  }
}
