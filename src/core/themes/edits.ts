/**
 * Text edits for the theme commands, as small replacements `{ path, offset, length, newText }`
 * (UTF-16 offsets into the current text of `path`), never whole-file rewrites, so comments, quoting
 * and layout of the codebook and drafts stay as the user wrote them. Edits of one call never overlap.
 *
 * API (each throws an Error with a message fit for the user when the request cannot be done):
 * - `renameThemeEdits(codebookText, codebookPath, drafts, oldId, newId)`: the theme's id, `parent:`
 *   values naming it, `sources:` references and every tag in the drafts that goes through it.
 * - `addThemeEdits(codebookText, codebookPath, theme)`: append a theme to `themes:` (created if missing).
 * - `tagSourceEdits(codebookText, codebookPath, key, themeRef)`: give a source a theme in `sources:`;
 *   no edit when it already has it.
 * `newThemeFromTag(codebook, ref)` proposes the theme an "add to codebook" quick fix creates for an
 * unknown tag: its last segment as id, under the theme the rest of the path names; none when a theme has
 * that id already, in any case.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { COLOUR_CODE, guidFromId, parseCodebook, resolveTheme, THEME_ID, themeDescendants, type Codebook } from './codebook';
import { parsedDraft, type MatrixDraft } from './matrix';

export interface TextEdit {
  path: string;
  offset: number;
  length: number;
  newText: string;
}

export interface NewTheme {
  id: string;
  label?: string;
  parent?: string;
  description?: string;
  color?: string;
  guid?: string;
}

export function renameThemeEdits(codebookText: string, codebookPath: string, drafts: MatrixDraft[], oldId: string, newId: string): TextEdit[] {
  const codebook = usableCodebook(codebookText, codebookPath);
  const theme = codebook.themes.find((candidate) => candidate.id === oldId);
  if (!theme) throw new Error(`No theme “${oldId}” in the codebook`);
  if (newId === oldId) return [];
  checkNewId(codebook, newId);

  const edits: TextEdit[] = [];
  const replaceAt = (path: string, text: string, offset: number) => {
    if (text.slice(offset, offset + oldId.length) !== oldId) throw new Error(`Cannot rename “${oldId}” in ${path}: it is written in an unusual way there`);
    edits.push({ path, offset, length: oldId.length, newText: newId });
  };
  /** Each `/`-separated segment of `ref` (written at `offset`) that is the renamed id. */
  const replaceInRef = (path: string, text: string, ref: string, offset: number) => {
    let segmentOffset = offset;
    for (const segment of ref.split('/')) {
      if (segment === oldId) replaceAt(path, text, segmentOffset);
      segmentOffset += segment.length + 1;
    }
  };

  const affected = new Set(themeDescendants(codebook, oldId).map((member) => member.id));
  replaceAt(codebookPath, codebookText, theme.idOffset);
  // A theme without `guid:` goes to a .qdc with the GUID of its id: the old id's is written down, so that the
  // renamed theme stays the same code for a QDA tool and comes back from a .qdc as itself, not as a second theme.
  // Renamed back to the id that GUID comes from, the line written for it goes again.
  if (!theme.guid) edits.push(...guidLine(codebookPath, codebookText, theme.idOffset, oldId.length, guidFromId(oldId)));
  else if (theme.guid === guidFromId(newId)) edits.push(...writtenGuidLine(codebookPath, codebookText, theme.guidOffset!, theme.guid));
  for (const child of codebook.themes) {
    if (child.parent === oldId && child.parentOffset !== undefined) replaceAt(codebookPath, codebookText, child.parentOffset);
  }
  for (const source of codebook.sources) {
    if (source.themeId && affected.has(source.themeId)) replaceInRef(codebookPath, codebookText, source.ref, source.offset);
  }
  for (const draft of drafts) {
    for (const tag of parsedDraft(draft).tags) {
      const tagged = resolveTheme(codebook, tag.ref);
      if (tagged && affected.has(tagged.id)) replaceInRef(draft.path, draft.text, tag.ref, tag.start + 1);
    }
  }
  return edits.sort((a, b) => a.path.localeCompare(b.path) || a.offset - b.offset);
}

export function addThemeEdits(codebookText: string, codebookPath: string, theme: NewTheme): TextEdit[] {
  const codebook = usableCodebook(codebookText, codebookPath);
  checkNewId(codebook, theme.id);
  if (theme.parent !== undefined && !codebook.themes.some((candidate) => candidate.id === theme.parent)) {
    throw new Error(`No parent theme “${theme.parent}” in the codebook`);
  }
  const eol = lineEnding(codebookText);
  const fields = (indent: string) =>
    [
      `- id: ${theme.id}`,
      ...(theme.parent ? [`${indent}parent: ${theme.parent}`] : []),
      `${indent}label: ${yamlString(theme.label ?? theme.id)}`,
      ...(theme.description ? [`${indent}description: ${yamlString(theme.description)}`] : []),
      ...(theme.color ? [`${indent}color: ${JSON.stringify(theme.color)}`] : []),
      ...(theme.guid ? [`${indent}guid: ${yamlString(theme.guid)}`] : []),
    ];

  const root = parseDocument(codebookText).contents as YAMLMap | null;
  const themes = isMap(root) ? (root.get('themes', true) as Node | null | undefined) : undefined;
  if (isSeq(themes)) {
    if (themes.flow) throw new Error('`themes:` is written as a flow list `[…]`: add the theme by hand');
    const dashColumn = columnOf(codebookText, themes.range![0]);
    const itemColumn = themes.items.length > 0 ? columnOf(codebookText, (themes.items[0] as Node).range![0]) : dashColumn + 2;
    const [first, ...rest] = fields(' '.repeat(itemColumn));
    const lines = [' '.repeat(dashColumn) + first, ...rest];
    return [appendLines(codebookPath, codebookText, themes.range![1], lines, eol)];
  }
  const [first, ...rest] = fields('    ');
  const lines = [`  ${first}`, ...rest];
  const pair = isMap(root) ? findPair(root, 'themes') : undefined;
  if (pair) return [insertAfterKey(codebookPath, codebookText, pair, lines, eol)];
  return [appendLines(codebookPath, codebookText, codebookText.length, ['themes:', ...lines], eol)];
}

/** `#protection/land-rights` → `{ id: 'land-rights', parent: 'protection' }`; undefined when that cannot be added. */
export function newThemeFromTag(codebook: Codebook, ref: string): NewTheme | undefined {
  const segments = ref.split('/');
  const id = segments.pop()!;
  // (an id differing only in case from a theme's is that theme mistyped: the researcher trial's `#Nonviolence`
  // became a second theme beside `nonviolence`, its passages split between them)
  const folded = id.toLowerCase();
  if (!THEME_ID.test(id) || COLOUR_CODE.test(id) || codebook.themes.some((theme) => theme.id.toLowerCase() === folded)) return undefined;
  if (segments.length === 0) return { id };
  const parent = resolveTheme(codebook, segments.join('/'));
  return parent ? { id, parent: parent.id } : undefined;
}

export function tagSourceEdits(codebookText: string, codebookPath: string, key: string, themeRef: string): TextEdit[] {
  const codebook = usableCodebook(codebookText, codebookPath);
  const theme = resolveTheme(codebook, themeRef);
  if (!theme) throw new Error(`No theme “${themeRef}” in the codebook`);
  if (codebook.sources.some((source) => source.key === key && source.themeId === theme.id)) return [];
  const eol = lineEnding(codebookText);
  const entryLine = `${yamlKey(key)}: [${theme.path}]`;

  const root = parseDocument(codebookText).contents as YAMLMap | null;
  const sources = isMap(root) ? (root.get('sources', true) as Node | null | undefined) : undefined;
  if (isMap(sources)) {
    if (sources.flow) throw new Error('`sources:` is written as a flow map `{…}`: add the source by hand');
    const pair = findPair(sources, key);
    if (!pair) {
      const column = columnOf(codebookText, sources.range![0]);
      return [appendLines(codebookPath, codebookText, sources.range![1], [' '.repeat(column) + entryLine], eol)];
    }
    const value = pair.value as Node | null;
    if (isSeq(value) && value.flow) {
      const close = codebookText.lastIndexOf(']', value.range![1]);
      return [{ path: codebookPath, offset: close, length: 0, newText: value.items.length > 0 ? `, ${theme.path}` : theme.path }];
    }
    if (isSeq(value)) {
      const column = columnOf(codebookText, value.range![0]);
      return [appendLines(codebookPath, codebookText, value.range![1], [`${' '.repeat(column)}- ${theme.path}`], eol)];
    }
    if (isScalar(value) && value.value !== null) {
      const [start, end] = value.range!;
      return [{ path: codebookPath, offset: start, length: end - start, newText: `[${codebookText.slice(start, end)}, ${theme.path}]` }];
    }
    return [insertAfterKey(codebookPath, codebookText, pair, [], eol, ` [${theme.path}]`)];
  }
  const pair = isMap(root) ? findPair(root, 'sources') : undefined;
  if (pair) return [insertAfterKey(codebookPath, codebookText, pair, [`  ${entryLine}`], eol)];
  return [appendLines(codebookPath, codebookText, codebookText.length, ['sources:', `  ${entryLine}`], eol)];
}

/** The parsed codebook, or an Error when it has errors an edit could make worse. */
function usableCodebook(text: string, path: string): Codebook {
  const codebook = parseCodebook(text, path);
  const error = codebook.diagnostics.find((diagnostic) => diagnostic.severity === 'error' && /^Invalid YAML|must be a mapping/.test(diagnostic.message));
  if (error) throw new Error(`Fix the codebook first (line ${error.range.start.line + 1}: ${error.message})`);
  return codebook;
}

function checkNewId(codebook: Codebook, id: string): void {
  if (!THEME_ID.test(id)) throw new Error(`“${id}” cannot be a theme id: use letters, digits, “-” and “_”, starting with a letter`);
  if (COLOUR_CODE.test(id)) throw new Error(`“${id}” cannot be a theme id: “#${id}” reads as a colour code`);
  if (codebook.themes.some((theme) => theme.id === id)) throw new Error(`There is already a theme “${id}”`);
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key) as Pair | undefined;
}

/** Inserts whole lines at `offset`, the end of a block that normally ends with a line break. */
function appendLines(path: string, text: string, offset: number, lines: string[], eol: string): TextEdit {
  const needsBreak = offset > 0 && text[offset - 1] !== '\n';
  return { path, offset, length: 0, newText: (needsBreak ? eol : '') + lines.map((line) => line + eol).join('') };
}

/** Inserts `inline` right after the colon of an empty `key:`, or `lines` below its line. */
function insertAfterKey(path: string, text: string, pair: Pair, lines: string[], eol: string, inline = ''): TextEdit {
  const keyEnd = (pair.key as Node).range![1];
  if (inline) return { path, offset: text.indexOf(':', keyEnd) + 1, length: 0, newText: inline };
  const lineBreak = text.indexOf('\n', keyEnd);
  let offset = lineBreak === -1 ? text.length : lineBreak;
  if (text[offset - 1] === '\r') offset--;
  return { path, offset, length: 0, newText: lines.map((line) => eol + line).join('') };
}

/**
 * `guid: GUID` as a field of the theme whose id is written at `idOffset`: a line below `id:`, or `, guid: …` in a
 * flow map; none when `id:` is written in a form YAML allows but this does not follow (the rename goes on without).
 */
function guidLine(path: string, text: string, idOffset: number, idLength: number, guid: string): TextEdit[] {
  const lineStart = text.lastIndexOf('\n', idOffset - 1) + 1;
  const before = text.slice(lineStart, idOffset);
  const idKey = /["']?id["']?\s*:\s*["']?$/.exec(before);
  if (!idKey) return [];
  if (before.includes('{')) {
    const quoted = /["']$/.test(before) ? 1 : 0;
    return [{ path, offset: idOffset + idLength + quoted, length: 0, newText: `, guid: ${guid}` }];
  }
  const newline = text.indexOf('\n', idOffset);
  const lineEnd = newline === -1 ? text.length : newline - (text[newline - 1] === '\r' ? 1 : 0);
  return [{ path, offset: lineEnd, length: 0, newText: `${lineEnding(text)}${' '.repeat(idKey.index)}guid: ${guid}` }];
}

/** Removes the `guid:` field guidLine wrote (value at `guidOffset`), when it stands as written there. */
function writtenGuidLine(path: string, text: string, guidOffset: number, guid: string): TextEdit[] {
  const flow = text.lastIndexOf(', guid: ', guidOffset);
  if (flow === guidOffset - ', guid: '.length) return [{ path, offset: flow, length: ', guid: '.length + guid.length, newText: '' }];
  const lineStart = text.lastIndexOf('\n', guidOffset - 1) + 1;
  const lineBreak = text[lineStart - 2] === '\r' ? 2 : 1;
  const lineEnd = guidOffset + guid.length;
  if (lineStart === 0 || !/^ *guid: $/.test(text.slice(lineStart, guidOffset)) || !/^\r?(\n|$)/.test(text.slice(lineEnd))) return [];
  return [{ path, offset: lineStart - lineBreak, length: lineEnd - lineStart + lineBreak, newText: '' }];
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function lineEnding(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function yamlString(value: string): string {
  const plain = /^[\p{L}\p{N}][\p{L}\p{N} ,.()'-]*$/u.test(value) && !/^(?:true|false|null|yes|no|on|off|[\d.]+)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

function yamlKey(key: string): string {
  return /^[\p{L}\p{N}_][\p{L}\p{N}_:.\-+/]*$/u.test(key) && !key.endsWith(':') ? key : JSON.stringify(key);
}
