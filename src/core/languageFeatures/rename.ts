// Renaming a key: in its library file and in every draft that cites it, changing only the key's
// characters (plus the braces Pandoc needs around an unusual new key).
import * as path from 'path';
import { isMap, isScalar, parseDocument } from 'yaml';
import { betterBibtexEvidence } from '../zotero/betterBibtex';
import { scanStateOf } from '../library/bibtex/library';
import type { LibraryEntry, ParsedLibrary } from '../types';
import { needsBraces } from './insertCitation';
import { citedKeys, type DraftText } from './references';

export interface TextEdit {
  path: string;
  start: number;
  end: number;
  newText: string;
}

/** Characters BibTeX (and biber) end or break a key on. */
const FORBIDDEN_KEY_CHARS = /[\s,{}()="#%'\\\p{Cc}]/u;

/**
 * The edits that rename `key` to `newKey`. Throws an Error saying why when the new key is not a valid
 * key, is already taken (in `existingKeys` or as an entry of the same library file), or when the
 * library text no longer has the key where the entry was read. `library`: the parse of `libraryText`, when the
 * caller has it (the crossref/xdata links it knows spare a scan of the whole text).
 */
export function renameKeyEdits(
  key: string,
  newKey: string,
  entry: LibraryEntry,
  libraryText: string,
  drafts: DraftText[],
  existingKeys: { has(key: string): boolean } = new Set<string>(),
  library?: ParsedLibrary,
): TextEdit[] {
  if (newKey === key) return [];
  validateKey(newKey);
  if (existingKeys.has(newKey) || definesKey(libraryText, newKey)) throw new Error(`'${newKey}' is already a key in the library: choose another one.`);
  if (entry.key !== key) throw new Error(`The entry given is '${entry.key}', not '${key}'.`);
  if (entry.keyOffset < 0) throw new Error(`Cannot rename '${key}': its position in ${entry.source} is unknown.`);
  if (libraryText.slice(entry.keyOffset, entry.keyOffset + key.length) !== key) {
    throw new Error(`Cannot rename '${key}': the key is not where it was read in ${entry.source} (the file changed, or the key is written with escapes).`);
  }
  if (isPlainYamlValue(libraryText, entry.keyOffset) && !/^[\p{L}\p{N}_]/u.test(newKey)) {
    throw new Error(`'${newKey}' would change meaning as an unquoted YAML id: start it with a letter, digit or '_'.`);
  }

  const edits: TextEdit[] = [{ path: entry.source, start: entry.keyOffset, end: entry.keyOffset + key.length, newText: newKey }];
  // children that inherit from the entry keep doing so (the parse of a BibTeX library knows whether it has any)
  if (!library || mayBeParent(library, key)) {
    for (const { start, end } of parentReferences(libraryText, key)) edits.push({ path: entry.source, start, end, newText: newKey });
  }
  return [...edits, ...draftRenameEdits(key, newKey, drafts)];
}

/** The edits of the codebook's `sources:` keys that are `key`, quoted when YAML needs it. */
export function codebookRenameEdits(key: string, newKey: string, codebook: { path: string; text: string }): TextEdit[] {
  if (newKey === key) return [];
  return codebookSourceKeys(codebook.text, key).map(({ start, end, quoted }) => ({
    path: codebook.path, start, end, newText: quoted || !isPlainYamlKey(newKey) ? JSON.stringify(newKey) : newKey,
  }));
}

/** The edits of the drafts' citations of `key` (the part of renameKeyEdits that is not the library's). Throws on an invalid new key. */
export function draftRenameEdits(key: string, newKey: string, drafts: DraftText[]): TextEdit[] {
  if (newKey === key) return [];
  validateKey(newKey);
  const edits: TextEdit[] = [];
  const bracedNewKey = needsBraces(newKey) ? `{${newKey}}` : newKey;
  for (const draft of drafts) {
    for (const cited of draft.citedKeys ?? citedKeys(draft.text)) {
      if (cited.key !== key) continue;
      edits.push({ path: draft.path, start: cited.start, end: cited.end, newText: cited.braced ? newKey : bracedNewKey });
    }
  }
  return edits;
}

/**
 * Where a BibTeX text names `key` as a parent: in `crossref = {key}` and in the list of `xdata = {a, key}`.
 * Compared as the reader resolves them: exactly, or ignoring case.
 */
function parentReferences(text: string, key: string): Array<{ start: number; end: number }> {
  const lower = key.toLowerCase();
  return allParentReferences(text).filter((reference) => reference.name === key || reference.name.toLowerCase() === lower);
}

/** Whether an entry of the library may name `key` as its parent: unknown (true) unless it is a BibTeX parse. */
function mayBeParent(library: ParsedLibrary, key: string): boolean {
  return scanStateOf(library)?.targets.has(key.toLowerCase()) ?? true;
}

/** Every crossref/xdata name of the last text asked about (renames in a row ask about the same text). */
let lastParentScan: { text: string; references: Array<{ start: number; end: number; name: string }> } | undefined;

function allParentReferences(text: string): Array<{ start: number; end: number; name: string }> {
  if (lastParentScan?.text === text) return lastParentScan.references;
  const references: Array<{ start: number; end: number; name: string }> = [];
  for (const match of text.matchAll(/\b(?:crossref|xdata)\s*=\s*(?:\{([^{}]*)\}|"([^"{}]*)")/gi)) {
    const value = match[1] ?? match[2];
    let at = match.index + match[0].length - 1 - value.length;
    for (const part of value.split(',')) {
      const start = at + (part.length - part.trimStart().length);
      const name = part.trim();
      if (name !== '') references.push({ start, end: start + name.length, name });
      at += part.length + 1;
    }
  }
  lastParentScan = { text, references };
  return references;
}

/** The keys of the codebook's `sources:` that are `key`, with their ranges (quotes included). */
function codebookSourceKeys(text: string, key: string): Array<{ start: number; end: number; quoted: boolean }> {
  const document = parseDocument(text);
  const sources = isMap(document.contents) ? document.contents.get('sources', true) : undefined;
  if (!isMap(sources)) return [];
  const found: Array<{ start: number; end: number; quoted: boolean }> = [];
  for (const pair of sources.items) {
    const node = pair.key;
    if (!isScalar(node) || String(node.value) !== key || !node.range) continue;
    found.push({ start: node.range[0], end: node.range[1], quoted: node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' });
  }
  return found;
}

/** A key YAML reads back as the same string when written bare as a mapping key. */
function isPlainYamlKey(key: string): boolean {
  return /^[\p{L}\p{N}_][^\s:#,[\]{}]*$/u.test(key) && !/^(?:true|false|null|yes|no|on|off|~|[-+]?[\d.]+(?:e[-+]?\d+)?)$/i.test(key);
}

function validateKey(key: string): void {
  if (key === '') throw new Error('A citation key cannot be empty.');
  const bad = FORBIDDEN_KEY_CHARS.exec(key);
  if (bad) {
    const shown = /\s|\p{Cc}/u.test(bad[0]) ? 'a space or control character' : `'${bad[0]}'`;
    throw new Error(`'${key}' is not a valid citation key: it contains ${shown} (keys cannot contain spaces or , { } ( ) = " # % ' \\).`);
  }
}

/** Does a BibTeX entry of the text already have this key (`@type{key,`)? (indexOf: about twice as fast as one regex over 50 MB) */
function definesKey(libraryText: string, key: string): boolean {
  for (let at = libraryText.indexOf(key); at >= 0; at = libraryText.indexOf(key, at + 1)) {
    const before = libraryText.slice(Math.max(0, at - 200), at);
    if (/@[\w-]+\s*[{(]\s*$/.test(before) && /^\s*,/.test(libraryText.slice(at + key.length, at + key.length + 200))) return true;
  }
  return false;
}

/** A library that only looks like a Better BibTeX auto-export (its layout): the user may rename in it all the same. */
export class LooksLikeBetterBibtex extends Error {}

/**
 * Throws when the library is a Better BibTeX auto-export, which Zotero would write over; when it only
 * looks like one (see betterBibtexEvidence), a LooksLikeBetterBibtex unless `layoutAccepted`.
 */
export function refuseBetterBibtexExport(libraryText: string, file: string, layoutAccepted = false): void {
  const evidence = betterBibtexEvidence(libraryText, file);
  const name = path.basename(file);
  if (evidence === 'marker') {
    throw new Error(`${name} is a Better BibTeX auto-export: Zotero would overwrite the change. Change the citation key in Zotero instead.`);
  }
  if (evidence === 'layout' && !layoutAccepted) {
    throw new LooksLikeBetterBibtex(`${name} is laid out as Better BibTeX writes its auto-exports: if Zotero keeps it updated, Zotero will write the old key back.`);
  }
}

/** Is the key at `offset` an unquoted YAML value (`id: key`), where a leading `&`, `*`, `!`… means something else? */
function isPlainYamlValue(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /(?:^|[\s{,-])id[ \t]*:[ \t]*$/.test(text.slice(lineStart, offset));
}

/** Applies non-overlapping edits of one text (offsets into the original text). */
export function applyEdits(text: string, edits: Array<{ start: number; end: number; newText: string }>): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let result = '';
  let position = 0;
  for (const edit of sorted) {
    if (edit.start < position || edit.end < edit.start || edit.end > text.length) {
      throw new Error(`Edits overlap or fall outside the text (at offset ${edit.start}).`);
    }
    result += text.slice(position, edit.start) + edit.newText;
    position = edit.end;
  }
  return result + text.slice(position);
}

/**
 * A library file's bytes with edits of its decoded text (see decodeLibraryBytes) made in place: every
 * other byte stays as it was, whatever the encoding, line endings or byte-order mark. The result is
 * pieces to write one after the other: the old bytes between the edits (not copied) and each edit's
 * bytes. Throws when the bytes at an edit do not hold the text it replaces, or when the encoding
 * cannot be edited byte for byte.
 */
export function editLibraryBytes(bytes: Uint8Array, text: string, encoding: string, edits: Array<{ start: number; end: number; newText: string }>): Uint8Array[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const pieces: Uint8Array[] = [];
  let kept = 0; // bytes before this are in `pieces`
  let keptChars = 0; // the characters they decode to
  for (const edit of sorted) {
    if (edit.start < keptChars || edit.end < edit.start || edit.end > text.length) throw new Error(`Edits overlap or fall outside the text (at offset ${edit.start}).`);
    const replaced = text.slice(edit.start, edit.end);
    let start: number;
    let oldBytes: Uint8Array;
    let newBytes: Uint8Array;
    if (encoding === 'utf-8') {
      // measured from the nearer of the last edit and the end of the file: a rename near the end of a
      // 50 MB library measures a few bytes, not the whole text before it
      const fromEnd = edit.start - keptChars > text.length - edit.start;
      start = fromEnd ? bytes.length - Buffer.byteLength(text.slice(edit.start)) : kept + Buffer.byteLength(text.slice(keptChars, edit.start));
      if (kept === 0 && !fromEnd && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start += 3;
      [oldBytes, newBytes] = [Buffer.from(replaced), Buffer.from(edit.newText)];
    } else {
      // single-byte encodings (latin-1 and the like): one byte a character, ASCII as itself
      if (!/^(latin-1|windows-125\d|iso-8859-\d+)$/.test(encoding) || !/^[\x20-\x7e]*$/.test(replaced + edit.newText)) {
        throw new Error(`Cannot rename in a file read as ${encoding} with a key that is not plain ASCII: open the library and change the key there.`);
      }
      start = edit.start;
      [oldBytes, newBytes] = [Buffer.from(replaced, 'latin1'), Buffer.from(edit.newText, 'latin1')];
    }
    if (!Buffer.from(bytes.subarray(start, start + oldBytes.length)).equals(oldBytes)) {
      throw new Error(`Cannot rename '${replaced}': the file changed on disk. Try again.`);
    }
    pieces.push(bytes.subarray(kept, start), newBytes);
    kept = start + oldBytes.length;
    keptChars = edit.end;
  }
  pieces.push(bytes.subarray(kept));
  return pieces;
}
