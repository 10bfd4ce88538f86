// CSL-JSON and CSL-YAML library readers. Invalid files give one problem with its line, never a throw;
// items without an `id` are reported and skipped.
import { parseAllDocuments, isMap, isSeq, isScalar, type Node } from 'yaml';
import { LineIndex, yamlErrorText } from '../text';
import type { CslItem, LibraryEntry, LibraryProblem, ParsedLibrary, Person } from '../types';

/** Where an item sits in its file, as offsets; `idOffset` is -1 when the id is not a plain string. */
interface ItemSpan {
  start: number;
  end: number;
  idOffset: number;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

function people(value: unknown): Person[] {
  if (!Array.isArray(value)) return [];
  const result: Person[] = [];
  for (const name of value) {
    if (typeof name !== 'object' || name === null) continue;
    const n = name as Record<string, unknown>;
    const person: Person = {};
    const family = [text(n['non-dropping-particle']), text(n.family)].filter(Boolean).join(' ');
    const given = [text(n.given), text(n['dropping-particle'])].filter(Boolean).join(' ');
    if (family) person.family = family;
    if (given) person.given = given;
    const literal = text(n.literal);
    if (literal) person.literal = literal;
    if (person.family || person.given || person.literal) result.push(person);
  }
  return result;
}

function yearOf(issued: unknown): string | undefined {
  if (typeof issued === 'object' && issued !== null) {
    const date = issued as Record<string, unknown>;
    const parts = date['date-parts'];
    if (Array.isArray(parts) && Array.isArray(parts[0]) && parts[0][0] !== undefined) return String(parts[0][0]);
    issued = date.raw ?? date.literal;
  }
  const match = typeof issued === 'string' || typeof issued === 'number' ? /\d{4}/.exec(String(issued)) : null;
  return match ? match[0] : undefined;
}

export function cslItemToEntry(item: CslItem, source: string, startLine: number, endLine: number): LibraryEntry {
  const entry: LibraryEntry = {
    key: item.id,
    type: item.type,
    source,
    startLine,
    endLine,
    keyOffset: -1,
    authors: people(item.author),
    editors: people(item.editor),
    keywords: (text(item.keyword) ?? '').split(/[,;]/).map((k) => k.trim()).filter((k) => k !== ''),
    csl: item,
  };
  const optional: [keyof LibraryEntry, string | undefined][] = [
    ['year', yearOf(item.issued)],
    ['title', text(item.title)],
    ['container', text(item['container-title'])],
    ['abstract', text(item.abstract)],
    ['doi', text(item.DOI)],
    ['url', text(item.URL)],
  ];
  for (const [name, value] of optional) if (value !== undefined) (entry as unknown as Record<string, string>)[name] = value;
  return entry;
}

/** Builds entries from items read in order, reporting items that are not objects with an id. */
function toLibrary(items: unknown[], spans: (ItemSpan | undefined)[], lines: LineIndex, source: string): ParsedLibrary {
  const entries: LibraryEntry[] = [];
  const problems: LibraryProblem[] = [];
  const firstLine = new Map<string, number>();
  items.forEach((value, index) => {
    const span = spans[index];
    const startLine = span ? lines.positionAt(span.start).line : 0;
    const endLine = span ? lines.positionAt(span.end).line : 0;
    const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    const id = record ? text(record.id) : undefined;
    if (!record || id === undefined) {
      problems.push({ source, line: startLine, severity: 'error', message: `Item ${index + 1} has no 'id'; it is ignored` });
      return;
    }
    const first = firstLine.get(id);
    if (first !== undefined) {
      problems.push({
        source, line: startLine, key: id, severity: 'warning',
        message: `Duplicate key '${id}' (first defined on line ${first + 1}); this one is ignored`,
      });
      return;
    }
    firstLine.set(id, startLine);
    const item = { ...record, id, type: text(record.type) ?? 'document' } as CslItem;
    const entry = cslItemToEntry(item, source, startLine, endLine);
    entry.keyOffset = span?.idOffset ?? -1;
    entries.push(entry);
  });
  return { source, entries, problems };
}

/** Offsets of the items of a valid CSL-JSON text: the root array's objects, or those of a root `items` array. */
function locateJsonItems(json: string): ItemSpan[] {
  const spans: ItemSpan[] = [];
  const keys: string[] = []; // last key read at each depth
  let depth = 0;
  let itemsDepth = -1; // depth inside the items array; 0 once that array has closed
  let current: ItemSpan | undefined;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 34) { // a string: key or value
      let end = i + 1;
      while (json.charCodeAt(end) !== 34) end += json.charCodeAt(end) === 92 ? 2 : 1;
      let after = end + 1;
      while (/\s/.test(json[after] ?? '')) after++;
      if (json[after] === ':') keys[depth] = json.slice(i + 1, end);
      else if (current && depth === itemsDepth + 1 && keys[depth] === 'id') current.idOffset = i + 1;
      i = end;
    } else if (c === 91 || c === 123) { // [ {
      depth++;
      keys[depth] = '';
      if (c === 91 && itemsDepth === -1 && (depth === 1 || (depth === 2 && keys[1] === 'items'))) itemsDepth = depth;
      if (c === 123 && depth === itemsDepth + 1) spans.push((current = { start: i, end: i, idOffset: -1 }));
    } else if (c === 93 || c === 125) { // ] }
      if (c === 125 && current && depth === itemsDepth + 1) {
        current.end = i;
        current = undefined;
      }
      if (c === 93 && depth === itemsDepth) itemsDepth = 0;
      depth--;
    }
  }
  return spans;
}

const JSON_TOKEN = /"(?:[^"\\\u0000-\u001f]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/** Offset of the first syntax error in a JSON text (JSON.parse does not always say where, in Node 20). */
function jsonErrorOffset(json: string): number {
  let i = 0;
  const space = () => {
    while (/\s/.test(json[i] ?? '')) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    space();
    const c = json[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      space();
      if (json[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          space();
          if (json[i] !== '"') fail();
          value();
          space();
          if (json[i++] !== ':') fail();
        }
        value();
        space();
        if (json[i] === close) {
          i++;
          return;
        }
        if (json[i++] !== ',') fail();
      }
    }
    JSON_TOKEN.lastIndex = i;
    if (!JSON_TOKEN.test(json)) fail();
    i = JSON_TOKEN.lastIndex;
  };
  try {
    if (json.charCodeAt(0) === 0xfeff) i = 1;
    value();
    space();
    if (i < json.length) fail();
  } catch (offset) {
    if (typeof offset === 'number') return Math.min(offset, json.length);
    throw offset;
  }
  return 0;
}

/**
 * More items than this is no one's reference library (the largest real ones hold about 100,000): such a
 * file is refused before it is parsed, where a million tiny items would take a gigabyte and half a minute.
 */
const MAX_CSL_ITEMS = 300_000;

/** The problem of a CSL file with more `id`s than MAX_CSL_ITEMS, or undefined (a cheap count, before any parse). */
function tooManyItems(text: string, idKey: string, source: string): ParsedLibrary | undefined {
  let count = 0;
  for (let at = text.indexOf(idKey); at !== -1 && count <= MAX_CSL_ITEMS; at = text.indexOf(idKey, at + idKey.length)) count++;
  if (count <= MAX_CSL_ITEMS) return undefined;
  const message = `Not read: more than ${MAX_CSL_ITEMS.toLocaleString('en-US')} items, far more than a reference library holds`;
  return { source, entries: [], problems: [{ source, line: 0, severity: 'error', message }] };
}

/** CSL-JSON: an array of items, or an object with an `items` array. */
export function parseCslJson(json: string, source: string): ParsedLibrary {
  const refused = tooManyItems(json, '"id"', source);
  if (refused) return refused;
  const lines = new LineIndex(json);
  let root: unknown;
  try {
    root = JSON.parse(json.charCodeAt(0) === 0xfeff ? json.slice(1) : json);
  } catch (error) {
    const message = (error as Error).message;
    const line = lines.positionAt(jsonErrorOffset(json)).line;
    return { source, entries: [], problems: [{ source, line, severity: 'error', message: `Invalid JSON: ${message}` }] };
  }
  const items = Array.isArray(root) ? root : (root as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) {
    const message = 'Not a CSL-JSON library: expected an array of items (or an object with an "items" array)';
    return { source, entries: [], problems: [{ source, line: 0, severity: 'error', message }] };
  }
  const spans = locateJsonItems(json);
  return toLibrary(items, spans.length === items.length ? spans : [], lines, source);
}

/** Alias resolutions allowed in one YAML document (the yaml library's default): more is reported, never expanded. */
export const MAX_ALIASES = 100;

/** The problem message when a YAML document cannot be turned into data (too many aliases). */
export function aliasProblem(error: unknown): string {
  return `Not read: ${(error as Error).message.split('\n')[0]} (YAML aliases are resolved up to ${MAX_ALIASES} times)`;
}

/** CSL-YAML: a list of items, or a mapping with `references:` (as in Pandoc metadata). */
export function parseCslYaml(yamlText: string, source: string): ParsedLibrary {
  const refused = tooManyItems(yamlText, 'id:', source);
  if (refused) return refused;
  const lines = new LineIndex(yamlText);
  const documents = parseAllDocuments(yamlText);
  const list = Array.isArray(documents) ? documents : [];
  const failed = list.find((document) => document.errors.length > 0);
  if (failed || !Array.isArray(documents)) {
    const error = failed?.errors[0];
    const line = error?.linePos ? error.linePos[0].line - 1 : 0;
    const message = `Invalid YAML: ${yamlErrorText(error?.message ?? 'unreadable')}.`;
    return { source, entries: [], problems: [{ source, line, severity: 'error', message }] };
  }
  const document = list.find((d) => d.contents !== null);
  let sequence: Node | null | undefined = document?.contents;
  if (isMap(sequence)) sequence = sequence.get('references', true) as Node | undefined;
  if (!isSeq(sequence)) {
    const message = 'Not a CSL-YAML library: expected a list of items or a `references:` list';
    return { source, entries: [], problems: [{ source, line: 0, severity: 'error', message }] };
  }
  const spans: ItemSpan[] = [];
  let items: unknown[];
  try {
    // with the document, aliases (`author: *au`) resolve, counted against one limit for the whole list
    items = sequence.toJS(document!, { maxAliasCount: MAX_ALIASES }) as unknown[];
  } catch (error) {
    return { source, entries: [], problems: [{ source, line: lines.positionAt(sequence.range?.[0] ?? 0).line, severity: 'error', message: aliasProblem(error) }] };
  }
  for (const node of sequence.items as Node[]) {
    const id = isMap(node) ? node.get('id', true) : undefined;
    const range = node?.range ?? [0, 0, 0];
    let idOffset = isScalar(id) && id.range ? id.range[0] : -1;
    if (yamlText[idOffset] === '"' || yamlText[idOffset] === "'") idOffset++;
    spans.push({ start: range[0], end: Math.max(range[0], range[1] - 1), idOffset });
  }
  return toLibrary(items, spans, lines, source);
}
