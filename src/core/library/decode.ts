// Library file bytes -> text. BibTeX files in the wild are mostly UTF-8, but older ones are Latin-1/9,
// Latin-2 or windows-125x. A file may say which at its top (Emacs `-*- coding: latin-2 -*-`, JabRef
// `% Encoding: ISO8859_2`); otherwise it is read as windows-1252 (a superset of Latin-1's printable
// range) so nothing is lost.

import * as buffer from 'buffer';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const windows1252 = new TextDecoder('windows-1252');

/** An Emacs coding cookie or a JabRef encoding line, in the first lines of the file. */
const DECLARATION = /-\*-.*?\bcoding:\s*([\w.-]+).*?-\*-|^%\s*Encoding:\s*([\w.-]+)/im;

/** The decoder for the encoding a file declares, if it declares one this runtime knows. */
function declaredDecoder(bytes: Uint8Array): InstanceType<typeof TextDecoder> | undefined {
  const head = windows1252.decode(bytes.subarray(0, 1024));
  const match = DECLARATION.exec(head);
  if (!match) return undefined;
  // Emacs adds the line-end style (`latin-9-unix`); Java names use `_` (`ISO8859_2`); `latin-9` is WHATWG's `l9`.
  const name = (match[1] ?? match[2]).toLowerCase().replace(/-(unix|dos|mac)$/, '').replace(/_/g, '-').replace(/^latin-?(\d+)$/, 'l$1');
  try {
    return new TextDecoder(name);
  } catch {
    return undefined;
  }
}

/**
 * UTF-16 LE or BE when the bytes start with its BOM (stripped), UTF-8 (BOM stripped) when they are valid UTF-8, otherwise the encoding the file declares,
 * otherwise windows-1252 reported as `latin-1`.
 */
export function decodeLibraryBytes(bytes: Uint8Array): { text: string; encoding: string } {
  // A UTF-16 byte order mark says the encoding outright (Windows tools write UTF-16 LE with one).
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    const declared = declaredDecoder(bytes);
    if (declared && declared.encoding !== 'utf-8') return { text: declared.decode(bytes), encoding: declared.encoding };
    return { text: windows1252.decode(bytes), encoding: 'latin-1' };
  }
}

/** Node's UTF-8 and ASCII checks (Node 18.15 and later). */
const { isUtf8, isAscii } = buffer as { isUtf8?: (input: Uint8Array) => boolean; isAscii?: (input: Uint8Array) => boolean };

/** Bytes a block that `isAscii` clears at once when looking for bytes over 0x7f (nearly all blocks of an English file). */
const BLOCK = 4096;

/**
 * A valid UTF-8 file's bytes as a string of one character per byte (latin1), without its BOM. A file
 * in English is nearly all ASCII, and V8 keeps such a string in one byte a character where the decoded
 * text (with a single non-ASCII character) takes two. A scanner reads it as it would the decoded text
 * as long as the characters it looks for are ASCII, and decodes only the slices it keeps that hold
 * bytes over 0x7f. No-break space and U+FEFF, which BibTeX reads as blanks, are not ASCII: a file
 * holding either is not read this way.
 */
export class OneByteUtf8 {
  readonly text: string;
  /** Offsets (in `text`) of the bytes over 0x7f, in order. */
  private readonly highs: Int32Array;
  /** For each of those, how many characters fewer than bytes the decoded text has up to it and with it. */
  private readonly shifts: Int32Array;
  /** Index in `highs` of the last answer of `firstHighFrom` (offsets asked mostly increase). */
  private cursor = 0;

  /** The bytes are not kept: the caller may let them go once this is made. */
  private constructor(bytes: Buffer, start: number) {
    this.text = bytes.toString('latin1', start);
    const highs: number[] = [];
    for (let block = start; block < bytes.length; block += BLOCK) {
      const end = Math.min(block + BLOCK, bytes.length);
      if (isAscii?.(bytes.subarray(block, end))) continue;
      for (let at = block; at < end; at++) if (bytes[at] >= 0x80) highs.push(at - start);
    }
    this.highs = Int32Array.from(highs);
    this.shifts = new Int32Array(highs.length);
    let shift = 0;
    highs.forEach((at, k) => {
      // a continuation byte adds no character; a 4-byte lead adds two (a surrogate pair)
      const code = bytes[at + start];
      if (code < 0xc0) shift++;
      else if (code >= 0xf0) shift--;
      this.shifts[k] = shift;
    });
  }

  /** The one-byte reading of the bytes, or undefined when they must be decoded whole (see decodeLibraryBytes). */
  static of(bytes: Uint8Array): OneByteUtf8 | undefined {
    const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const start = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0;
    if (!isUtf8?.(data) || data.indexOf('\u00a0', start, 'utf8') !== -1 || data.indexOf('\ufeff', start, 'utf8') !== -1) return undefined;
    return new OneByteUtf8(data, start);
  }

  /** Index in `highs` of the first offset at or after `from` (their number when none is). */
  private firstHighFrom(from: number): number {
    const highs = this.highs;
    let k = this.cursor;
    if (k > 0 && highs[k - 1] >= from) {
      let low = 0;
      while (low < k) {
        const middle = (low + k) >>> 1;
        if (highs[middle] >= from) k = middle;
        else low = middle + 1;
      }
    }
    while (k < highs.length && highs[k] < from) k++;
    return (this.cursor = k);
  }

  /** The first offset at or after `from` that holds a byte over 0x7f, or Infinity. */
  highByteFrom(from: number): number {
    const k = this.firstHighFrom(from);
    return k < this.highs.length ? this.highs[k] : Infinity;
  }

  /** The decoded text of the bytes at start..end (both ends between two characters). */
  slice(start: number, end: number): string {
    return Buffer.from(this.text.slice(start, end), 'latin1').toString('utf8');
  }

  /** The character that starts at `offset`, decoded. */
  charAt(offset: number): string {
    const lead = this.text.charCodeAt(offset);
    const length = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    return this.slice(offset, Math.min(offset + length, this.text.length));
  }

  /** Where `offset` (between two characters) is in the decoded text. */
  charOffset(offset: number): number {
    const k = this.firstHighFrom(offset);
    return k === 0 ? offset : offset - this.shifts[k - 1];
  }
}
