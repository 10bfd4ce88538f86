// Library file bytes -> text. BibTeX files in the wild are mostly UTF-8, but older ones are Latin-1/9,
// Latin-2 or windows-125x. A file may say which at its top (Emacs `-*- coding: latin-2 -*-`, JabRef
// `% Encoding: ISO8859_2`); otherwise it is read as windows-1252 (a superset of Latin-1's printable
// range) so nothing is lost.

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
