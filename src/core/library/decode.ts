// Library file bytes -> text. BibTeX files in the wild are mostly UTF-8, but older ones are Latin-1/9 or
// windows-1252; those are read as windows-1252 (a superset of Latin-1's printable range) so nothing is lost.

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const windows1252 = new TextDecoder('windows-1252');

/** UTF-8 (BOM stripped) when the bytes are valid UTF-8, otherwise windows-1252 reported as `latin-1`. */
export function decodeLibraryBytes(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'latin-1' } {
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: windows1252.decode(bytes), encoding: 'latin-1' };
  }
}
