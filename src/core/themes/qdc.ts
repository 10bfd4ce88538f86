/**
 * The codebook in the REFI-QDA Codebook Exchange format (`.qdc`), which NVivo, ATLAS.ti, MAXQDA,
 * QualCoder, Taguette and others read and write:
 *
 *   <CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="…">
 *     <Codes>
 *       <Code guid="…" name="Protection" isCodable="true" color="#b5483b">
 *         <Description>Keeping people safe.</Description>
 *         <Code guid="…" name="Reintegration" isCodable="true"/>   (a sub-code)
 *       </Code>
 *     </Codes>
 *     <Sets>…</Sets>   (code groups: not part of themes.yaml)
 *   </CodeBook>
 *
 * API:
 * - `readQdc(text)` → the code tree; throws an Error with the line and column when the XML is not a
 *   codebook. Accepts the namespaces tools actually write (`…:1.0`, NVivo for Mac's `…:1:0`, `…:0:4`).
 * - `qdcToThemes(qdc)` → themes (ids derived from the names, stable for the same file) and what could
 *   not be kept (`lost`, for the user).
 * - `themesYaml(themes)` → a new themes.yaml; `mergeThemesEdits(text, path, themes)` → the edits that
 *   add the themes a codebook does not have yet (edits.ts, appended to `themes:`).
 * - `codebookToQdc(codebook, origin)` → a `.qdc` that validates against the published Codebook.xsd;
 *   each code's GUID is the theme's `guid:` when it has one (kept from an import), else derived from
 *   its id, so exporting the same codebook twice gives the same bytes.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { stringify } from 'yaml';
import { COLOUR_CODE, GUID, guidFromId, THEME_ID, type Codebook, type Theme } from './codebook';
import { addThemeEdits, type NewTheme, type TextEdit } from './edits';

export const QDC_NAMESPACE = 'urn:QDA-XML:codebook:1.0';
const KNOWN_NAMESPACES = new Set([QDC_NAMESPACE, 'urn:QDA-XML:codebook:1:0', 'urn:QDA-XML:codebook:0:4']);
const RGB = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

export interface QdcCode {
  guid?: string;
  name: string;
  isCodable: boolean;
  color?: string;
  description?: string;
  children: QdcCode[];
}

export interface QdcCodebook {
  origin?: string;
  codes: QdcCode[];
  /** Names of the code sets (groups) in the file. */
  sets: string[];
}

export interface ImportedTheme extends NewTheme {
  label: string;
}

export interface QdcImport {
  themes: ImportedTheme[];
  /** What themes.yaml does not keep, one sentence each. */
  lost: string[];
}

interface XmlCode {
  guid?: string;
  name?: string;
  isCodable?: string;
  color?: string;
  Description?: string | { '#text'?: string };
  Code?: XmlCode[];
}

export function readQdc(text: string): QdcCodebook {
  const body = text.replace(/^\uFEFF/, '');
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    // The validator reports elements left open as a JSON list of their names, at line 1.
    const open = /^Invalid '(\[[^\]]*\])' found/.exec(valid.err.msg);
    if (open) throw new Error(`Not well-formed XML: the file ends before ${(JSON.parse(open[1]) as string[]).map((name) => `<${name}>`).join(' > ')} is closed (is it cut short?)`);
    throw new Error(`Not well-formed XML (line ${valid.err.line}${valid.err.col ? `, column ${valid.err.col}` : ''}): ${valid.err.msg}`);
  }
  const options = { ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false, trimValues: false } as const;
  // Namespace prefixes dropped, and with them the xmlns attributes: those are read from the root first.
  const [rootName, rootAttributes] = (Object.entries(new XMLParser(options).parse(body) as Record<string, unknown>).find(([name]) => !/^[?#]/.test(name)) ?? []) as [
    string | undefined,
    Record<string, unknown> | undefined,
  ];
  const prefix = rootName?.includes(':') ? rootName.slice(0, rootName.indexOf(':')) : undefined;
  const namespace = rootAttributes?.[prefix ? `xmlns:${prefix}` : 'xmlns'];
  const document = new XMLParser({
    ...options,
    removeNSPrefix: true,
    htmlEntities: true, // also decodes numeric references such as &#xE8;
    isArray: (name) => ['Code', 'Set'].includes(name),
  }).parse(body) as Record<string, unknown>;
  // A project file (.qde) carries its codebook inside <Project>.
  const project = document.Project as Record<string, unknown> | undefined;
  const root = (document.CodeBook ?? project?.CodeBook) as Record<string, unknown> | undefined;
  if (!root || typeof root !== 'object') throw new Error('Not a REFI-QDA codebook: the root element is not <CodeBook>');
  if (typeof namespace === 'string' && !KNOWN_NAMESPACES.has(namespace) && !(project && namespace.startsWith('urn:QDA-XML:project:'))) {
    throw new Error(`Not a REFI-QDA codebook: unknown namespace ${namespace}`);
  }
  const codes = (root.Codes as { Code?: XmlCode[] } | undefined)?.Code ?? [];
  if (codes.length === 0) throw new Error('The codebook has no codes');
  const sets = ((root.Sets as { Set?: { name?: string }[] } | undefined)?.Set ?? []).map((set) => set.name ?? '').filter(Boolean);
  return { origin: typeof root.origin === 'string' ? root.origin : undefined, codes: codes.map(readCode), sets };
}

function readCode(code: XmlCode): QdcCode {
  const description = typeof code.Description === 'object' ? code.Description['#text'] : code.Description;
  const result: QdcCode = { name: code.name ?? '', isCodable: code.isCodable !== 'false' && code.isCodable !== '0', children: (code.Code ?? []).map(readCode) };
  if (code.guid) result.guid = code.guid.trim();
  if (code.color) result.color = code.color.trim();
  if (description !== undefined && description.trim() !== '') result.description = description;
  return result;
}

/**
 * Themes for the codes of `qdc`. A code whose GUID is that of a theme in `existing` (its `guid:`, or
 * the one an export derived from its id) keeps that theme's id, so tags in the drafts still name it
 * after the codebook went through another tool and came back renamed.
 */
export function qdcToThemes(qdc: QdcCodebook, existing?: Pick<Codebook, 'themes'>): QdcImport {
  const themes: ImportedTheme[] = [];
  const lost: string[] = [];
  const ids = new Set<string>();
  const categories: string[] = [];
  const idByGuid = new Map<string, string>();
  for (const theme of existing?.themes ?? []) {
    idByGuid.set(guidKey(guidFromId(theme.id)), theme.id);
    if (theme.guid) idByGuid.set(guidKey(theme.guid), theme.id);
  }
  const knownId = (code: QdcCode) => (code.guid === undefined ? undefined : idByGuid.get(guidKey(code.guid)));
  // Ids that come back by GUID are taken first, so a name never claims one of them.
  const all = (codes: QdcCode[]): QdcCode[] => codes.flatMap((code) => [code, ...all(code.children)]);
  const reserved = new Set(all(qdc.codes).map(knownId).filter((id): id is string => id !== undefined));
  const visit = (code: QdcCode, parent: string | undefined) => {
    const known = knownId(code);
    const id = known !== undefined && !ids.has(known) ? known : uniqueId(themeIdFromName(code.name), ids, reserved);
    ids.add(id);
    const theme: ImportedTheme = { id, label: code.name || id };
    if (parent) theme.parent = parent;
    if (code.description !== undefined) theme.description = code.description;
    if (code.color !== undefined) {
      if (RGB.test(code.color)) theme.color = code.color;
      else lost.push(`Colour “${code.color}” of “${code.name}” is not #rgb or #rrggbb: left out.`);
    }
    if (code.guid !== undefined) {
      if (GUID.test(code.guid)) theme.guid = code.guid;
      else lost.push(`GUID “${code.guid}” of “${code.name}” is not a GUID: a new one is derived from the id on export.`);
    }
    if (!code.isCodable) categories.push(code.name);
    themes.push(theme);
    for (const child of code.children) visit(child, id);
  };
  for (const code of qdc.codes) visit(code, undefined);
  if (categories.length > 0) {
    lost.push(`${categories.length} code${categories.length === 1 ? ' is' : 's are'} marked not codable (${quoteList(categories)}): imported as ordinary themes; exported again as codable.`);
  }
  if (qdc.sets.length > 0) lost.push(`Code sets (groups) are not part of themes.yaml and were left out: ${quoteList(qdc.sets)}.`);
  return { themes, lost };
}

/** "Land rights (2019)" → `land-rights-2019`; a letter first, never a colour code such as `#bad`. */
export function themeIdFromName(name: string): string {
  const slug = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_]+/gu, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  let id = /^\p{L}/u.test(slug) ? slug : `code-${slug}`.replace(/-$/, '');
  if (COLOUR_CODE.test(id)) id = `${id}-code`;
  return THEME_ID.test(id) ? id : 'code';
}

function guidKey(guid: string): string {
  return guid.replace(/[{}]/g, '').toUpperCase();
}

function uniqueId(base: string, taken: Set<string>, reserved: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id) || reserved.has(id); n++) id = `${base}-${n}`;
  return id;
}

function quoteList(names: string[]): string {
  const shown = names.slice(0, 5).map((name) => `“${name}”`);
  return shown.join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
}

/** A whole new themes.yaml holding `themes`, one mapping per theme, in order. */
export function themesYaml(themes: ImportedTheme[], header?: string): string {
  const items = themes.map((theme) => ({ ...themeFields(theme) }));
  const comment = header ? header.split('\n').map((line) => `# ${line}`.trimEnd()).join('\n') + '\n' : '';
  return comment + stringify({ themes: items }, { lineWidth: 0 });
}

/** Edits adding the themes whose ids `codebookText` does not have; `skipped` lists the others. */
export function mergeThemesEdits(codebookText: string, codebookPath: string, themes: ImportedTheme[], existing: Codebook): { edits: TextEdit[]; skipped: string[] } {
  const have = new Set(existing.themes.map((theme) => theme.id));
  // A theme whose id is taken is the user's: kept as it is, its imported sub-themes go under it.
  const added = themes.filter((theme) => !have.has(theme.id));
  const skipped = themes.filter((theme) => have.has(theme.id)).map((theme) => theme.id);
  // Each addition appends to the end of `themes:`; together they are one insertion at the first one's offset.
  let text = codebookText;
  for (const theme of added) {
    for (const edit of addThemeEdits(text, codebookPath, theme)) text = text.slice(0, edit.offset) + edit.newText + text.slice(edit.offset + edit.length);
  }
  if (text === codebookText) return { edits: [], skipped };
  let start = 0;
  while (start < codebookText.length && text[start] === codebookText[start]) start++;
  let tail = 0;
  while (tail < codebookText.length - start && text[text.length - 1 - tail] === codebookText[codebookText.length - 1 - tail]) tail++;
  return { edits: [{ path: codebookPath, offset: start, length: codebookText.length - start - tail, newText: text.slice(start, text.length - tail) }], skipped };
}

function themeFields(theme: ImportedTheme): Record<string, string> {
  const fields: Record<string, string> = { id: theme.id };
  if (theme.parent) fields.parent = theme.parent;
  fields.label = theme.label;
  if (theme.description !== undefined) fields.description = theme.description;
  if (theme.color !== undefined) fields.color = theme.color;
  if (theme.guid !== undefined) fields.guid = theme.guid;
  return fields;
}

export function codebookToQdc(codebook: Pick<Codebook, 'themes'>, origin = 'Citemark'): string {
  const codeOf = (theme: Theme): Record<string, unknown> => {
    const code: Record<string, unknown> = { '@_guid': theme.guid ?? guidFromId(theme.id), '@_name': xmlText(theme.label), '@_isCodable': 'true' };
    if (theme.color) code['@_color'] = theme.color;
    if (theme.description) code.Description = xmlText(theme.description);
    const children = codebook.themes.filter((child) => child.parent === theme.id);
    if (children.length > 0) code.Code = children.map(codeOf);
    return code;
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ', suppressEmptyNode: true, suppressBooleanAttributes: false });
  const top = codebook.themes.filter((theme) => theme.parent === undefined);
  if (top.length === 0) throw new Error('The codebook has no themes: a .qdc needs at least one code');
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' },
    CodeBook: { '@_xmlns': QDC_NAMESPACE, '@_origin': origin, Codes: { Code: top.map(codeOf) } },
  }) as string;
}

/** Without the characters XML 1.0 cannot hold at all (control characters, lone surrogates). */
function xmlText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}
