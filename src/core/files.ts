import { constants, promises as fs, type Stats } from 'fs';
import * as path from 'path';

/** Largest file Citemark reads (a library, `_quarto.yml`, a codebook, a style) unless told otherwise. */
export const DEFAULT_MAX_FILE_MB = 200;

/** A file that exists but is not read: a special file, a folder, or over the size limit. The message says which. */
export class RefusedFile extends Error {}

/**
 * The bytes of a regular file of at most `maxMB` megabytes. The file is opened non-blocking and checked
 * on the open handle, so a FIFO never waits for a writer and `/dev/zero` (or a symlink to it) is
 * refused before a byte is read. Throws RefusedFile saying what was refused and why; other errors
 * (no such file) are thrown as they come.
 */
export async function readRegularFile(file: string, maxMB = DEFAULT_MAX_FILE_MB): Promise<Buffer> {
  const handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new RefusedFile(`${file} is ${kindOf(stat)}, not a regular file: not read`);
    const limit = maxMB * 1024 * 1024;
    if (stat.size > limit) throw new RefusedFile(`${file} is ${megabytes(stat.size)} MB, over the ${maxMB} MB limit (setting citemark.maxFileSizeMB): not read`);
    const bytes = await handle.readFile();
    if (bytes.length > limit) throw new RefusedFile(`${file} grew over the ${maxMB} MB limit while it was read: not read`);
    return bytes;
  } finally {
    await handle.close();
  }
}

/** A small text file's content; undefined when it does not exist. A refused file throws RefusedFile. */
export async function readTextIfExists(file: string, maxMB = DEFAULT_MAX_FILE_MB): Promise<string | undefined> {
  try {
    return (await readRegularFile(file, maxMB)).toString('utf8');
  } catch (error) {
    if (error instanceof RefusedFile) throw error;
    return undefined;
  }
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'a special file';
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/**
 * Writes a file in one step: a temporary file beside it (with its mode) renamed over it, so no reader
 * sees it half-written. Returns the stat of what was written (the file's, unless it was written again since).
 */
export async function replaceFile(file: string, bytes: Uint8Array): Promise<Stats> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.citemark-${process.pid}.tmp`);
  const { mode } = await fs.stat(file);
  try {
    await fs.writeFile(temporary, bytes, { mode });
    const written = await fs.stat(temporary);
    await fs.rename(temporary, file);
    return written;
  } finally {
    await fs.rm(temporary, { force: true });
  }
}
