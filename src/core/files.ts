import { closeSync, constants, fstatSync, openSync, promises as fs, readSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'fs';
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
    const limit = checkRegular(file, await handle.stat(), maxMB);
    const bytes = await handle.readFile();
    if (bytes.length > limit) throw new RefusedFile(`${file} grew over the ${maxMB} MB limit while it was read: not read`);
    return bytes;
  } finally {
    await handle.close();
  }
}

/**
 * readRegularFile in one read, for a worker thread that may wait: the asynchronous read takes a large
 * file in 512 KB reads, each of which waits for a core on a busy machine. (It reads the size the file
 * had when opened.)
 */
export function readRegularFileSync(file: string, maxMB = DEFAULT_MAX_FILE_MB): Buffer {
  const handle = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = fstatSync(handle);
    checkRegular(file, stat, maxMB);
    const size = stat.size;
    const bytes = Buffer.allocUnsafe(size);
    let read = 0;
    for (let got = -1; read < size && got !== 0; read += got) got = readSync(handle, bytes, read, size - read, read);
    return bytes.subarray(0, read);
  } finally {
    closeSync(handle);
  }
}

/** Throws RefusedFile unless the file is a regular file within the limit; returns the limit in bytes. */
function checkRegular(file: string, stat: Stats, maxMB: number): number {
  if (!stat.isFile()) throw new RefusedFile(`${file} is ${kindOf(stat)}, not a regular file: not read`);
  const limit = maxMB * 1024 * 1024;
  if (stat.size > limit) throw new RefusedFile(`${file} is ${megabytes(stat.size)} MB, over the ${maxMB} MB limit (setting citemark.maxFileSizeMB): not read`);
  return limit;
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
 * sees it half-written. `bytes` may come in pieces, written one after the other (see editLibraryBytes).
 * Synchronous, for a worker thread (see readRegularFileSync). Returns the stat of what was written.
 */
export function replaceFileSync(file: string, bytes: Uint8Array | readonly Uint8Array[]): Stats {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.citemark-${process.pid}.tmp`);
  const { mode } = statSync(file);
  try {
    const handle = openSync(temporary, 'w', mode);
    try {
      for (const piece of bytes instanceof Uint8Array ? [bytes] : bytes) {
        for (let written = 0; written < piece.length; ) written += writeSync(handle, piece, written, piece.length - written);
      }
    } finally {
      closeSync(handle);
    }
    const written = statSync(temporary);
    renameSync(temporary, file);
    return written;
  } finally {
    rmSync(temporary, { force: true });
  }
}
