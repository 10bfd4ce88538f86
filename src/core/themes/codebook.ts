/**
 * The codebook: `themes.yaml`, read with source positions so diagnostics and edits can point at it.
 *
 *   themes:
 *     - id: protection            # a slug: letter first, then letters, digits, `_` or `-`
 *       label: Protection
 *       description: Keeping people safe from violence.
 *       color: "#b5483b"          # #rgb or #rrggbb
 *       guid: 1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294   # optional: the code's GUID from a .qdc import
 *     - id: reintegration
 *       parent: protection        # the id of another theme: tags write `#protection/reintegration`
 *   sources:                      # citation key → themes the whole source carries
 *     ndlovu2019: [reintegration, culture-of-peace/peace-education]
 *
 * Ids are unique across the codebook, so a reference to a theme (a tag or a `sources:` value) may be
 * its full path (`protection/reintegration`), its id alone (`reintegration`) or any tail of its path.
 *
 * API: `parseCodebook(text, path)` never throws: problems become `diagnostics` (code `codebook`) and
 * the valid rest is kept. `resolveTheme(codebook, ref)` finds the theme a reference names;
 * `closestThemes(codebook, ref)` ranks theme paths for "did you mean"; `themeDescendants` lists a
 * theme and its sub-themes. Offsets are UTF-16 indexes into `text`, lines 0-based.
 */
import { createHash } from 'crypto';
import { isMap, isScalar, isSeq, parseDocument, type Node, type Scalar } from 'yaml';
import { LineIndex, yamlErrorText } from '../text';
import type { CitemarkDiagnostic, Range } from '../types';
import { editDistance } from '../editDistance';

export interface Theme {
  id: string;
  /** Ids from the root theme down to this one, joined with `/`: what a full tag writes. */
  path: string;
  label: string;
  description?: string;
  /** Validated `#rgb` / `#rrggbb`, safe to put in CSS. */
  color?: string;
  /** Id of the parent theme; undefined for a top-level theme (or when the parent is unknown). */
  parent?: string;
  /** The code's GUID in a qualitative-analysis tool, kept from a `.qdc` import for the way back (qdc.ts). */
  guid?: string;
  /** Where the `guid` value is written, when there is one. */
  guidOffset?: number;
  /** Where the `id` value is written in the codebook. */
  idOffset: number;
  line: number;
  /** Where the `parent` value is written, when there is one. */
  parentOffset?: number;
}

/** A theme given to a whole source in `sources:`. */
export interface SourceTag {
  key: string;
  /** The reference as written (`protection/reintegration`), its offset and line in the codebook. */
  ref: string;
  offset: number;
  line: number;
  /** Id of the theme it resolves to; undefined when unknown (a diagnostic says so). */
  themeId?: string;
}

export interface Codebook {
  path: string;
  /** In codebook order, parents not necessarily first. */
  themes: Theme[];
  sources: SourceTag[];
  diagnostics: CitemarkDiagnostic[];
}

export const THEME_ID = /^\p{L}(?:[\p{L}\p{N}_-]*[\p{L}\p{N}_])?$/u;
/** Bodies that `#` would turn into a CSS colour; tags.ts never reads them as tags. */
export const COLOUR_CODE = /^(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const CSS_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
/** A GUID as REFI-QDA writes it (Codebook.xsd `GUIDType`), braces allowed. */
export const GUID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\})$/i;

/**
 * A name-based (version 5 style) UUID from the theme id: the same id always gives the same GUID (a theme's
 * GUID in a .qdc when it has no `guid:`).
 */
export function guidFromId(id: string): string {
  const hash = createHash('sha1').update(`citemark-theme:${id}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex').toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A new codebook: one theme to copy, and what tags it (written when the user asks for a codebook and has none). */
export const STARTER_CODEBOOK = `# Citemark codebook: the themes passages and sources are tagged with.
# Tag a passage of a draft with #theme-id or #parent-id/theme-id; give a whole source a theme under sources:.
themes:
  - id: first-theme
    label: First theme
    description: What the passages under this theme are about.
`;

export function parseCodebook(text: string, path: string): Codebook {
  const codebook: Codebook = { path, themes: [], sources: [], diagnostics: [] };
  const lines = new LineIndex(text);
  const report = (offset: number, message: string, severity: 'error' | 'warning' = 'error', suggestions?: string[]) => {
    // (the codebook's typos said no more than "Unknown theme": the researcher trial)
    const hint = suggestions?.length ? ` Did you mean ${suggestions.map((suggestion) => `“${suggestion}”`).join(', ')}?` : '';
    const diagnostic: CitemarkDiagnostic = { code: 'codebook', severity, message: `${message}${hint}`, range: lineRange(lines, offset) };
    if (suggestions?.length) diagnostic.suggestions = suggestions;
    codebook.diagnostics.push(diagnostic);
  };

  const document = parseDocument(text);
  // One message per line (YAML gives three for a `- id:` indented under the theme before it), with what to do
  // when the slip is that one (the researcher trial met only the parser's words)
  const badLines = new Set<number>();
  for (const error of document.errors) {
    const line = lines.positionAt(error.pos[0]).line;
    if (badLines.has(line)) continue;
    badLines.add(line);
    report(error.pos[0], `Invalid YAML: ${yamlErrorText(error.message)}.${indentHint(lines, line)}`);
  }
  const root = document.contents;
  if (root === null || (isScalar(root) && root.value === null)) return codebook;
  if (!isMap(root)) {
    report(start(root), 'The codebook must be a mapping with `themes:` and `sources:`');
    return codebook;
  }

  const themesNode = root.get('themes', true) as Node | undefined;
  if (themesNode !== undefined && !isSeq(themesNode)) report(start(themesNode), '`themes:` must be a list of themes');
  if (isSeq(themesNode)) {
    for (const item of themesNode.items as Node[]) {
      const theme = readTheme(item, lines, report);
      if (!theme) continue;
      if (codebook.themes.some((other) => other.id === theme.id)) {
        report(theme.idOffset, `Duplicate theme id “${theme.id}”`);
        continue;
      }
      codebook.themes.push(theme);
    }
  }
  linkParents(codebook.themes, report);

  const sourcesNode = root.get('sources', true) as Node | undefined;
  if (sourcesNode !== undefined && !isMap(sourcesNode) && !(isScalar(sourcesNode) && sourcesNode.value === null)) {
    report(start(sourcesNode), '`sources:` must map citation keys to lists of themes');
  }
  if (isMap(sourcesNode)) {
    for (const pair of sourcesNode.items) {
      const keyNode = pair.key as Node;
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      if (!key) {
        report(start(keyNode), 'A source in `sources:` needs a citation key');
        continue;
      }
      const value = pair.value as Node | null;
      const refs = isSeq(value) ? (value.items as Node[]) : isScalar(value) && typeof value.value === 'string' ? [value] : null;
      if (!refs) {
        report(start(keyNode), `“${key}”: give a list of themes, e.g. “${key}: [theme-id]”`);
        continue;
      }
      for (const refNode of refs) {
        if (!isScalar(refNode) || typeof refNode.value !== 'string') {
          report(start(refNode), `“${key}”: a theme reference must be a string`);
          continue;
        }
        const ref = refNode.value;
        const offset = valueOffset(text, refNode);
        const theme = resolveTheme(codebook, ref);
        codebook.sources.push({ key, ref, offset, line: lines.positionAt(offset).line, themeId: theme?.id });
        if (!theme) report(offset, `Unknown theme “${ref}” for source “${key}”.`, 'error', closestThemes(codebook, ref));
      }
    }
  }
  codebook.diagnostics.sort((a, b) => a.range.start.line - b.range.start.line);
  return codebook;
}

/** For a `- id:` line indented otherwise than the first theme's: how to indent it. */
function indentHint(lines: LineIndex, line: number): string {
  const item = /^( *)- id:/.exec(lines.lineText(line));
  for (let other = 0; item && other < line; other++) {
    const first = /^( *)- id:/.exec(lines.lineText(other));
    if (first) return first[1].length === item[1].length ? '' : ` Indent “- id:” as the themes above (${first[1].length} spaces), not ${item[1].length}.`;
  }
  return '';
}

type Report = (offset: number, message: string, severity?: 'error' | 'warning', suggestions?: string[]) => void;

function readTheme(node: Node, lines: LineIndex, report: Report): Theme | undefined {
  if (!isMap(node)) {
    report(start(node), 'A theme must be a mapping with at least an `id`');
    return undefined;
  }
  const text = lines.text;
  const field = (name: string): Scalar | undefined => {
    const value = node.get(name, true) as Node | undefined;
    if (value === undefined || value === null) return undefined;
    if (isScalar(value) && (typeof value.value === 'string' || typeof value.value === 'number')) return value;
    report(start(value), `“${name}” must be a string`);
    return undefined;
  };
  const idNode = field('id');
  if (!idNode) {
    report(start(node), 'Theme without an `id`');
    return undefined;
  }
  const id = String(idNode.value);
  const idOffset = valueOffset(text, idNode);
  if (!THEME_ID.test(id)) {
    report(idOffset, `Invalid theme id “${id}”: use letters, digits, “-” and “_”, starting with a letter`);
    return undefined;
  }
  if (COLOUR_CODE.test(id)) report(idOffset, `Theme id “${id}” looks like a colour code: “#${id}” will not be read as a tag`, 'warning');
  const theme: Theme = { id, path: id, label: id, idOffset, line: lines.positionAt(idOffset).line };
  const label = field('label');
  if (label) theme.label = String(label.value);
  const description = field('description');
  if (description) theme.description = String(description.value);
  const color = field('color') ?? field('colour');
  if (color) {
    if (CSS_COLOUR.test(String(color.value))) theme.color = String(color.value);
    else report(start(color), `Colour “${color.value}” of “${id}” is not #rgb or #rrggbb`, 'warning');
  }
  const guid = field('guid');
  if (guid) {
    if (GUID.test(String(guid.value))) [theme.guid, theme.guidOffset] = [String(guid.value), valueOffset(text, guid)];
    else report(start(guid), `“guid” of “${id}” is not a GUID such as 1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294`, 'warning');
  }
  const parent = field('parent');
  if (parent) {
    theme.parent = String(parent.value);
    theme.parentOffset = valueOffset(text, parent);
  }
  return theme;
}

/** Drops unknown or cyclic parents (with a diagnostic) and computes each theme's path. */
function linkParents(themes: Theme[], report: Report): void {
  const byId = new Map(themes.map((theme) => [theme.id, theme]));
  for (const theme of themes) {
    if (theme.parent !== undefined && !byId.has(theme.parent)) {
      report(theme.parentOffset ?? theme.idOffset, `Unknown parent theme “${theme.parent}” of “${theme.id}”.`, 'error', closestThemes({ themes }, theme.parent));
      theme.parent = undefined;
    }
  }
  // Each theme is walked up once: a walk stops at a theme an earlier walk cleared, or at a theme of
  // its own walk (a cycle, broken there).
  const cleared = new Set<Theme>();
  for (const theme of themes) {
    const walk = new Set<Theme>();
    let current: Theme | undefined = theme;
    while (current && !cleared.has(current)) {
      if (walk.has(current)) {
        report(current.parentOffset ?? current.idOffset, `Theme “${current.id}” is its own ancestor`);
        current.parent = undefined;
        break;
      }
      walk.add(current);
      current = current.parent === undefined ? undefined : byId.get(current.parent);
    }
    walk.forEach((member) => cleared.add(member));
  }
  // Each path is its parent's plus its id: made parents first, without recursion (a chain may be deep).
  const paths = new Map<Theme, string>();
  for (const theme of themes) {
    const unresolved: Theme[] = [];
    let ancestor: Theme | undefined = theme;
    while (ancestor && !paths.has(ancestor)) {
      unresolved.push(ancestor);
      ancestor = ancestor.parent === undefined ? undefined : byId.get(ancestor.parent);
    }
    let path = ancestor ? paths.get(ancestor)! : undefined;
    for (const member of unresolved.reverse()) {
      path = path === undefined ? member.id : `${path}/${member.id}`;
      paths.set(member, path);
      member.path = path;
    }
  }
}

/** The theme a tag or `sources:` reference names: its id, full path or a tail of its path. */
export function resolveTheme(codebook: Codebook, ref: string): Theme | undefined {
  const leaf = ref.slice(ref.lastIndexOf('/') + 1);
  const theme = codebook.themes.find((candidate) => candidate.id === leaf);
  if (!theme) return undefined;
  return theme.path === ref || theme.path.endsWith(`/${ref}`) ? theme : undefined;
}

/** The theme and all its sub-themes, the theme first. */
export function themeDescendants(codebook: Codebook, id: string): Theme[] {
  const children = childrenOf(codebook);
  const result = codebook.themes.filter((theme) => theme.id === id);
  for (let i = 0; i < result.length; i++) result.push(...(children.get(result[i].id) ?? []));
  return result;
}

/** Per list of themes, each theme's sub-themes by its id (made once: the matrix asks for every theme's family). */
const childrenByThemes = new WeakMap<Theme[], Map<string, Theme[]>>();

function childrenOf(codebook: Codebook): Map<string, Theme[]> {
  let children = childrenByThemes.get(codebook.themes);
  if (children) return children;
  children = new Map();
  for (const theme of codebook.themes) {
    if (theme.parent === undefined) continue;
    const siblings = children.get(theme.parent);
    if (siblings) siblings.push(theme);
    else children.set(theme.parent, [theme]);
  }
  childrenByThemes.set(codebook.themes, children);
  return children;
}

/** Up to `limit` theme paths nearest to `ref` (edit distance on path or id), best first. */
export function closestThemes(codebook: Pick<Codebook, 'themes'>, ref: string, limit = 3): string[] {
  const leaf = ref.slice(ref.lastIndexOf('/') + 1).toLowerCase();
  const tolerance = Math.max(2, Math.ceil(leaf.length / 3));
  const scored = codebook.themes.map((theme) => ({
    path: theme.path,
    distance: Math.min(editDistance(ref.toLowerCase(), theme.path.toLowerCase(), tolerance), editDistance(leaf, theme.id.toLowerCase(), tolerance)),
  }));
  return scored
    .filter((candidate) => candidate.distance <= tolerance)
    .sort((a, b) => a.distance - b.distance || a.path.localeCompare(b.path))
    .slice(0, limit)
    .map((candidate) => candidate.path);
}

function start(node: Node | null | undefined): number {
  return node?.range?.[0] ?? 0;
}

/** Offset of a scalar's value itself, past an opening quote. */
function valueOffset(text: string, node: Scalar): number {
  const offset = start(node);
  return text[offset] === '"' || text[offset] === "'" ? offset + 1 : offset;
}

/** From `offset` to the end of its line; the whole line when `offset` is at its end. */
function lineRange(lines: LineIndex, offset: number): Range {
  const position = lines.positionAt(Math.min(offset, lines.text.length));
  const lineLength = lines.lineText(position.line).length;
  const character = position.character < lineLength ? position.character : 0;
  return { start: { line: position.line, character }, end: { line: position.line, character: lineLength } };
}
