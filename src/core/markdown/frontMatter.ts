import { isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';
import { parsePandocCitations, type PandocCitation } from '../citations/pandoc';
import { aliasProblem, cslItemToEntry, MAX_ALIASES } from '../library/csl';
import { LineIndex, yamlErrorText } from '../text';
import type { CslItem, LibraryEntry, LibraryProblem } from '../types';

/** What Pandoc, Quarto and R Markdown read from a draft's YAML front matter that matters to citations. */
export interface FrontMatter {
  /** `bibliography:` paths as written (string or list), not yet resolved. */
  bibliography: string[];
  /** Inline `references:` as library entries whose source is the draft. */
  references: LibraryEntry[];
  /** `csl:` path or name, when given. */
  csl?: string;
  /** Keys named in `nocite:`; `*` stands for "every entry". */
  nocite: string[];
  /** Citations in metadata that pandoc reads as Markdown (`title: "Notes on @key"`, `abstract:`), offsets in the draft. */
  citations: PandocCitation[];
  /** 0-based line where the YAML block ends (the closing `---`), -1 when there is none. */
  endLine: number;
  problems: LibraryProblem[];
}

// Pandoc: `---` on the first line, not followed by a blank line; closed by `---` or `...`. A BOM may precede it.
const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n(?![ \t]*\r?\n)([\s\S]*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** Reads the front matter of a Markdown draft; never throws, reports invalid YAML as a problem. */
export function readFrontMatter(text: string, draftPath: string): FrontMatter {
  const result: FrontMatter = { bibliography: [], references: [], nocite: [], citations: [], endLine: -1, problems: [] };
  const match = FRONT_MATTER.exec(text);
  if (!match) return result;
  // The front matter's lines are the draft's first lines: no need to index the whole text.
  const lines = new LineIndex(match[0]);
  result.endLine = lines.positionAt(match[0].trimEnd().length).line;
  const yamlStart = match[0].indexOf('\n') + 1;
  const document = parseDocument(match[1] ?? '');
  for (const error of document.errors) {
    const line = lines.positionAt(yamlStart + error.pos[0]).line;
    if (error.code === 'DUPLICATE_KEY') {
      // pandoc reads such front matter (the last value counts), and so does this
      const key = /^[^:\n]*/u.exec(match[1]!.slice(error.pos[0]))![0].trim();
      result.problems.push({ source: draftPath, line, message: `Front matter: \`${key}\` is given twice in one map; the last value counts.`, severity: 'warning' });
    } else {
      result.problems.push({ source: draftPath, line, message: `Invalid YAML in front matter: ${yamlErrorText(error.message)}.`, severity: 'error' });
    }
  }
  if (!isMap(document.contents)) return result;
  let data: Record<string, unknown>;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIASES }) as Record<string, unknown>;
  } catch (error) {
    // `Excessive alias count`: an alias bomb, or more aliases than front matter needs
    result.problems.push({ source: draftPath, line: 0, message: `Front matter ${aliasProblem(error).replace(/^N/, 'n')}`, severity: 'error' });
    return result;
  }

  const bibliography = data.bibliography;
  if (typeof bibliography === 'string') result.bibliography = [bibliography];
  else if (Array.isArray(bibliography)) result.bibliography = bibliography.filter((item) => typeof item === 'string');
  if (typeof data.csl === 'string') result.csl = data.csl;
  const nocite = Array.isArray(data.nocite) ? data.nocite.join(', ') : data.nocite;
  if (typeof nocite === 'string') result.nocite = nociteKeys(nocite);
  if (bibliography !== undefined && bibliography !== null && result.bibliography.length === 0) {
    result.problems.push({ source: draftPath, line: 0, message: '`bibliography:` should be a file path or a list of paths', severity: 'error' });
  }

  for (const pair of document.contents.items) {
    if (!isScalar(pair.key) || NOT_MARKDOWN.has(String(pair.key.value))) continue;
    visit(pair.value, {
      Scalar(_, node) {
        if (typeof node.value !== 'string' || !node.value.includes('@') || !node.range) return;
        result.citations.push(...citationsIn(text, yamlStart + node.range[0], yamlStart + node.range[1]));
      },
    });
  }

  const references = document.get('references', true);
  if (isSeq(references)) {
    const values = data.references as unknown[]; // made by `toJS` above: aliases resolved within its limit
    for (const [i, node] of references.items.entries()) {
      const item = values[i] as CslItem;
      const range = (node as { range?: [number, number, number] }).range ?? [0, 0, 0];
      const startLine = lines.positionAt(yamlStart + range[0]).line;
      const endLine = lines.positionAt(yamlStart + Math.max(range[0], range[1] - 1)).line;
      if (!item || typeof item !== 'object' || typeof item.id !== 'string') {
        result.problems.push({ source: draftPath, line: startLine, message: 'Inline reference without an `id`', severity: 'error' });
        continue;
      }
      result.references.push(cslItemToEntry(item, draftPath, startLine, endLine));
    }
  }
  return result;
}

/** Metadata that pandoc does not read as Markdown text, or that Citemark reads on its own (`nocite`). */
const NOT_MARKDOWN = new Set(['bibliography', 'csl', 'nocite', 'references', 'citation-style', 'link-citations', 'lang', 'format', 'output']);

/**
 * The citations of a metadata value's source text [start, end): each line without its indentation (a block
 * scalar's lines are indented), read as Markdown, with offsets back in the draft.
 */
function citationsIn(text: string, start: number, end: number): PandocCitation[] {
  const citations: PandocCitation[] = [];
  let lineStart = start;
  for (const line of text.slice(start, end).split('\n')) {
    const indent = line.length - line.trimStart().length;
    const shift = lineStart + indent;
    for (const citation of parsePandocCitations(line.slice(indent))) {
      citations.push({
        ...citation, start: citation.start + shift, end: citation.end + shift,
        items: citation.items.map((item) => ({ ...item, keyStart: item.keyStart + shift, keyEnd: item.keyEnd + shift })),
      });
    }
    lineStart += line.length + 1;
  }
  return citations;
}

/** `nocite: "@a, @b"` or `@*`: Pandoc reads the value as Markdown citations (`*` is a key there), and so does Citemark. */
function nociteKeys(value: string): string[] {
  return parsePandocCitations(value).flatMap((citation) => citation.items.map((item) => item.key));
}
