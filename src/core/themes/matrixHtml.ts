/**
 * The synthesis matrix as a webview page and as CSV / Markdown exports. Pure functions, no VS Code.
 *
 * `matrixHtml(matrix, { nonce, cspSource, scriptUri, styleUri })`: a full HTML page with a strict
 * Content-Security-Policy (no inline script or handler; scripts and styles only with the nonce or from
 * `cspSource`). Every string from the codebook, the library or the drafts is HTML-escaped; the matrix
 * also travels as JSON in a `<script type="application/json">` block with `<`, `>` and `&` escaped, so
 * no data can close the block. media/matrix.js adds sorting, filtering and the passage list, and posts
 * to the extension: `{ type: 'open', passage: index }` and `{ type: 'export', format }` (an EXPORT_FORMATS key).
 *
 * `matrixToCsv(matrix)`: UTF-8 with a byte-order mark (so spreadsheets read "Kovač" and ✓), RFC 4180
 * (CRLF, quotes doubled), cells starting with `= + - @` (or tab/CR) prefixed with `'` so spreadsheets
 * do not run them as formulas; per theme two columns: the number of passages (always a number, to sum)
 * and ✓ when the source is given the theme in the codebook.
 * `matrixToMarkdown(matrix)`: a pipe table with Markdown punctuation backslash-escaped, a cell being
 * the number of passages followed by ✓.
 * `synthesisMarkdown(matrix)` / `synthesisHtml(matrix)`: the synthesis table a student hands in, one
 * row per passage, quoted under its source and theme (Source | Theme | Passage), the HTML a standalone
 * page without scripts. A passage is listed under the themes tagged on it, not again under their
 * parents; a tagged section is named by its heading; a source given a theme in the codebook gets a ✓ row.
 */
import type { MatrixCell, MatrixPassage, SynthesisMatrix } from './matrix';
import { escapeHtml } from '../html';

export interface MatrixPageOptions {
  /** A fresh random value per page load. */
  nonce: string;
  /** The webview's `cspSource`, allowed for the script and the stylesheet. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
}

const DIRECT_MARK = '✓';

/** The matrix exports: file extension, save-dialog filter name and writer. */
export const EXPORT_FORMATS = {
  csv: { extension: 'csv', filter: 'CSV', write: (matrix: SynthesisMatrix) => matrixToCsv(matrix) },
  md: { extension: 'md', filter: 'Markdown', write: (matrix: SynthesisMatrix) => matrixToMarkdown(matrix) },
  'synthesis-md': { extension: 'md', filter: 'Markdown', write: (matrix: SynthesisMatrix) => synthesisMarkdown(matrix) },
  'synthesis-html': { extension: 'html', filter: 'HTML', write: (matrix: SynthesisMatrix) => synthesisHtml(matrix) },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;
const CSS_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

export function matrixHtml(matrix: SynthesisMatrix, options: MatrixPageOptions): string {
  const nonce = escapeHtml(options.nonce);
  const csp = [
    "default-src 'none'",
    `style-src ${escapeHtml(options.cspSource)} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${escapeHtml(options.cspSource)}`,
  ].join('; ');
  const colours = matrix.themes
    .map((theme, index) => (theme.color && CSS_COLOUR.test(theme.color) ? `.theme-${index} { --theme-color: ${theme.color}; }` : ''))
    .filter(Boolean)
    .join('\n');

  const headers = matrix.themes
    .map((theme, index) => {
      const title = escapeHtml(theme.description ? `${theme.path}: ${theme.description}` : theme.path);
      return `<th scope="col" class="theme theme-${index} depth-${theme.depth}" data-sort="${index}" title="${title}" aria-sort="none"><span>${escapeHtml(theme.label)}</span> <small>${theme.passages.length}</small></th>`;
    })
    .join('');
  const rows = matrix.rows
    .map((row, rowIndex) => {
      const cells = row.cells.map((cell, column) => cellHtml(cell, rowIndex, column)).join('');
      return `<tr data-row="${rowIndex}"><th scope="row" title="${escapeHtml(row.key)}">${escapeHtml(row.label)}</th>${cells}<td class="total">${row.total}</td></tr>`;
    })
    .join('\n');
  const themeOptions = matrix.themes
    .map((theme, index) => `<option value="${index}">${'\u00a0\u00a0'.repeat(theme.depth)}${escapeHtml(theme.label)}</option>`)
    .join('');

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Synthesis matrix</title>
<link rel="stylesheet" href="${escapeHtml(options.styleUri)}" nonce="${nonce}">
<style nonce="${nonce}">
${colours}
</style>
</head>
<body>
<header>
<input type="search" id="filter" placeholder="Filter sources" aria-label="Filter sources">
<select id="theme-filter" aria-label="Only sources under a theme"><option value="">All themes</option>${themeOptions}</select>
<button type="button" class="export" data-format="csv">Export CSV</button>
<button type="button" class="export" data-format="md">Export Markdown</button>
<button type="button" class="export" data-format="synthesis-md" title="Each passage quoted under its source and theme">Synthesis table (Markdown)</button>
<button type="button" class="export" data-format="synthesis-html" title="Each passage quoted under its source and theme">Synthesis table (HTML)</button>
</header>
<p class="legend">Cells: tagged passages citing the source under the theme (sub-themes included). ${DIRECT_MARK}: source given the theme in the codebook. Click a number for the passages.</p>
<table id="matrix">
<thead><tr><th scope="col" data-sort="label" aria-sort="ascending">Source</th>${headers}<th scope="col" data-sort="total" aria-sort="none">Passages</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p id="empty" ${matrix.rows.length > 0 ? 'hidden' : ''}>${matrix.themes.length === 0
    // (tags with no codebook were told "no tagged passages yet": the researcher trial)
    ? 'No themes in the codebook yet: list them in themes.yaml (Citemark: Open the Codebook); tags count once their theme is there.'
    : 'No tagged passages or tagged sources yet: tag a paragraph with #theme-id.'}</p>
<section id="passages" hidden aria-live="polite"><h2 id="passages-title"></h2><ul id="passage-list"></ul></section>
<script type="application/json" id="matrix-data" nonce="${nonce}">${jsonForScript(matrix)}</script>
<script nonce="${nonce}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>
`;
}

export function matrixToCsv(matrix: SynthesisMatrix): string {
  const header = ['Key', 'Source', ...matrix.themes.flatMap((theme) => [`${theme.path} passages`, `${theme.path} ${DIRECT_MARK}`]), 'Passages'];
  const rows = matrix.rows.map((row) => [
    row.key,
    row.label,
    ...row.cells.flatMap((cell) => [String(cell.passages.length), cell.direct ? DIRECT_MARK : '']),
    String(row.total),
  ]);
  return '\uFEFF' + [header, ...rows].map((fields) => fields.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export function matrixToMarkdown(matrix: SynthesisMatrix): string {
  const header = ['Source', ...matrix.themes.map((theme) => (theme.depth > 0 ? `↳ ${theme.label}` : theme.label)), 'Passages'];
  const rows = matrix.rows.map((row) => [row.label, ...row.cells.map(cellText), String(row.total)]);
  const line = (fields: string[]) => `| ${fields.map(markdownCell).join(' | ')} |`;
  const rule = `|${header.map((_, index) => (index === 0 ? ' --- ' : ' ---: ')).join('|')}|`;
  const legend = `Cells: tagged passages citing the source under the theme (sub-themes included); ${DIRECT_MARK}: source given the theme in the codebook.`;
  return [line(header), rule, ...rows.map(line), '', legend].join('\n') + '\n';
}

interface SynthesisLine {
  /** Set on the first line of a source, and of a theme within it. */
  source?: string;
  theme?: string;
  passage?: MatrixPassage;
}

/** Per source (matrix row order), per theme (tree order): its passages, then ✓ if given the theme. */
function synthesisLines(matrix: SynthesisMatrix): SynthesisLine[] {
  const labels = new Map(matrix.themes.map((theme) => [theme.id, theme.label]));
  const themeTitle = (path: string) => path.split('/').map((id) => labels.get(id) ?? id).join(' › ');
  const lines: SynthesisLine[] = [];
  for (const row of matrix.rows) {
    let source: string | undefined = row.label;
    row.cells.forEach((cell, column) => {
      const theme = matrix.themes[column];
      const own = cell.passages.map((index) => matrix.passages[index]).filter((passage) => passage.themes.includes(theme.id));
      const entries: (MatrixPassage | undefined)[] = [...own, ...(cell.direct && !hasDirectChild(matrix, row.cells, column) ? [undefined] : [])];
      entries.forEach((passage, index) => {
        lines.push({ source, theme: index === 0 ? themeTitle(theme.path) : undefined, passage });
        source = undefined;
      });
    });
  }
  return lines;
}

/** A ✓ shows on the most specific theme given: not again on the parents whose column inherits it. */
function hasDirectChild(matrix: SynthesisMatrix, cells: MatrixCell[], column: number): boolean {
  const prefix = `${matrix.themes[column].path}/`;
  return matrix.themes.some((theme, index) => theme.path.startsWith(prefix) && cells[index].direct);
}

function passageLocation(passage: MatrixPassage): string {
  return `${passage.path}:${passage.line + 1}`;
}

const DIRECT_NOTE = `${DIRECT_MARK} the whole source is given this theme in the codebook`;

export function synthesisMarkdown(matrix: SynthesisMatrix): string {
  const line = (fields: string[]) => `| ${fields.map(markdownCell).join(' | ')} |`;
  const rows = synthesisLines(matrix).map(({ source, theme, passage }) =>
    line([source ?? '', theme ?? '', passage ? `${passage.kind === 'section' ? 'Section ' : ''}“${passage.quote}” (${passageLocation(passage)})` : DIRECT_NOTE]),
  );
  if (rows.length === 0) return 'No tagged passages or tagged sources yet: tag a paragraph with #theme-id.\n';
  return [line(['Source', 'Theme', 'Passage']), '| --- | --- | --- |', ...rows].join('\n') + '\n';
}

export function synthesisHtml(matrix: SynthesisMatrix, title = 'Synthesis table'): string {
  const lines = synthesisLines(matrix);
  // Row spans: a source cell spans its lines, a theme cell the lines up to the next theme or source.
  const span = (from: number, starts: (line: SynthesisLine) => boolean) => {
    let end = from + 1;
    while (end < lines.length && !starts(lines[end]) && lines[end].source === undefined) end++;
    return end - from;
  };
  const body = lines
    .map((line, index) => {
      const cells: string[] = [];
      if (line.source !== undefined) cells.push(`<th scope="rowgroup" rowspan="${span(index, () => false)}">${escapeHtml(line.source)}</th>`);
      if (line.theme !== undefined) cells.push(`<td class="theme" rowspan="${span(index, (next) => next.theme !== undefined)}">${escapeHtml(line.theme)}</td>`);
      const passage = line.passage;
      // A tagged section is named by its heading, not quoted whole.
      const quoted = passage && (passage.kind === 'section' ? `<p>Section “${escapeHtml(passage.quote)}”</p>` : `<blockquote>${escapeHtml(passage.quote)}</blockquote>`);
      cells.push(passage ? `<td>${quoted}<cite>${escapeHtml(passageLocation(passage))}</cite></td>` : `<td class="direct">${escapeHtml(DIRECT_NOTE)}</td>`);
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 0.4em 0.6em; text-align: left; vertical-align: top; }
blockquote { margin: 0 0 0.3em; font-style: italic; }
blockquote::before { content: "“"; } blockquote::after { content: "”"; }
cite { font-size: 0.85em; color: #555; font-style: normal; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${lines.length === 0 ? '<p>No tagged passages or tagged sources yet: tag a paragraph with #theme-id.</p>' : `<table>
<thead><tr><th scope="col">Source</th><th scope="col">Theme</th><th scope="col">Passage</th></tr></thead>
<tbody>
${body}
</tbody>
</table>`}
</body>
</html>
`;
}

function cellHtml(cell: MatrixCell, row: number, column: number): string {
  const count = cell.passages.length;
  const mark = cell.direct ? `<span class="direct" title="Source given this theme in the codebook">${DIRECT_MARK}</span>` : '';
  const button = count > 0 ? `<button type="button" class="count" data-row="${row}" data-column="${column}">${count}</button>` : '';
  const classes = ['cell', `theme-${column}`, count > 0 ? 'hit' : '', cell.direct ? 'tagged' : ''].filter(Boolean).join(' ');
  return `<td class="${classes}" data-count="${count}">${button}${mark}</td>`;
}

function cellText(cell: MatrixCell): string {
  const count = cell.passages.length;
  return [count > 0 ? String(count) : '', cell.direct ? DIRECT_MARK : ''].filter(Boolean).join(' ');
}

/** JSON that can sit inside a `<script>` element: nothing in it can end the element or open a comment. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function markdownCell(value: string): string {
  return value.replace(/\r?\n/g, ' ').replace(/[\\|<>*_`[\]#]/g, (char) => `\\${char}`);
}
