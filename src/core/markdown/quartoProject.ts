// Project-level citation settings of a Quarto project. Quarto documents inherit the metadata of the nearest
// `_quarto.yml` (or `_quarto.yaml`) above them (quarto.org/docs/projects/quarto-projects.html, "Shared
// Metadata"): `bibliography` and `csl` may be set at the top level, for every format, or inside one
// format's options (`format: html: bibliography: ...`), which Quarto merges per format.
// Not read here: profiles (`_quarto-<profile>.yml`), directory `_metadata.yml` files and `metadata-files:`.
import * as path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { LineIndex, yamlErrorText } from '../text';
import type { LibraryProblem } from '../types';

export const QUARTO_PROJECT_FILES = ['_quarto.yml', '_quarto.yaml'];

export interface QuartoProject {
  /**
   * Absolute bibliography paths (URLs kept as written) from the top level, then from each format, without
   * repeats. Formats are merged because the format a draft renders to is not known while editing.
   */
  bibliography: string[];
  /** The top-level `csl`, else the first format's; a path made absolute, or a URL as written. */
  csl?: string;
  problems: LibraryProblem[];
}

/** Reads `_quarto.yml`; never throws. Relative paths resolve against `projectDir`, as Quarto does. */
export function readQuartoProject(yamlText: string, projectDir: string, fileName = QUARTO_PROJECT_FILES[0]): QuartoProject {
  const source = path.join(projectDir, fileName);
  const result: QuartoProject = { bibliography: [], problems: [] };
  const lines = new LineIndex(yamlText);
  const document = parseDocument(yamlText);
  for (const error of document.errors) {
    result.problems.push({
      source,
      line: lines.positionAt(error.pos[0]).line,
      message: `Invalid YAML in ${fileName}: ${yamlErrorText(error.message)}.`,
      severity: 'error',
    });
  }
  if (!isMap(document.contents)) return result;

  const report = (node: unknown, message: string) =>
    result.problems.push({ source, line: lines.positionAt(nodeStart(node)).line, message, severity: 'warning' });
  const resolve = (value: string) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : path.resolve(projectDir, value));

  const scopes: { node: YAMLMap; where: string }[] = [{ node: document.contents, where: '' }];
  const formats = document.get('format', true);
  if (isMap(formats)) {
    for (const pair of formats.items) {
      if (isMap(pair.value)) scopes.push({ node: pair.value, where: ` under format ${String(scalarValue(pair.key))}` });
    }
  }

  for (const { node, where } of scopes) {
    const bibliography = node.get('bibliography', true);
    for (const item of bibliographyItems(bibliography, where, report)) {
      const file = resolve(item);
      if (!result.bibliography.includes(file)) result.bibliography.push(file);
    }
    const csl = node.get('csl', true);
    if (csl === undefined || csl === null) continue;
    const value = scalarValue(csl);
    if (typeof value === 'string' && value.trim() !== '') result.csl ??= resolve(value.trim());
    else report(csl, `\`csl\`${where} should be a path to a .csl file; it was ignored.`);
  }
  return result;
}

/** The nearest `_quarto.yml`/`_quarto.yaml` in the draft's folder or above it, as Quarto looks for it. */
export async function findQuartoProjectFile(draftPath: string, exists: (p: string) => Promise<boolean>): Promise<string | undefined> {
  let dir = path.dirname(path.resolve(draftPath));
  for (;;) {
    for (const name of QUARTO_PROJECT_FILES) {
      const candidate = path.join(dir, name);
      if (await exists(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** `bibliography:` as a path or a list of paths; anything else is reported and skipped. */
function bibliographyItems(node: unknown, where: string, report: (node: unknown, message: string) => void): string[] {
  if (node === undefined || node === null) return [];
  const items = isSeq(node) ? node.items : [node];
  const paths: string[] = [];
  for (const item of items) {
    const value = scalarValue(item);
    if (typeof value === 'string' && value.trim() !== '') paths.push(value.trim());
    else report(item ?? node, `\`bibliography\`${where} should be a path or a list of paths; ${describe(value)} was ignored.`);
  }
  return paths;
}

function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : node === null || node === undefined ? node : (node as { toJSON(): unknown }).toJSON();
}

function describe(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'an empty value';
  return typeof value === 'object' ? 'a nested block' : `\`${String(value)}\``;
}

function nodeStart(node: unknown): number {
  return (node as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
}
