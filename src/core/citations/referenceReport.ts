// The reviewer's report of one draft ("Check References"): counts, then each problem with its line
// and the citation as written, then the library entries the draft never cites. Built as data, then
// as an HTML page that runs no script, in which every text is escaped once and each line is a link.
import * as path from 'path';
import type { DocumentCheck } from '../check';
import type { Draft } from '../draft';
import { escapeHtml } from '../html';
import type { LibraryEntry } from '../types';
import { creditedPeople } from '../library/names';
import { EMPHASIS_MARK, MARKDOWN_LINK } from './referenceList';

export interface ReportRow {
  /** 0-based line in `file`. */
  line: number;
  file: string;
  text: string;
  problem: string;
}

export interface ReferenceReport {
  /** The page's heading, before the draft's name. */
  title: string;
  draft: string;
  /** One sentence under the heading. */
  summary: string;
  counts: Array<[label: string, count: number]>;
  sections: Array<{ heading: string; rows: ReportRow[] }>;
  /** Library entries no citation of the draft reaches (as `citemark check` lists them). */
  uncited: ReportRow[];
}

const SECTIONS: Array<[code: string, heading: string]> = [
  ['front-matter', 'Front matter'],
  ['missing-key', 'Keys not in the library'],
  ['unmatched', 'Unmatched citations'],
  ['ambiguous', 'Ambiguous citations'],
  ['inconsistent', 'Inconsistent citations'],
  ['uncited', 'Uncited references'],
];

export function referenceReport(parsed: Draft, check: DocumentCheck, uncited: LibraryEntry[]): ReferenceReport {
  const { text, lines, path: draft } = parsed;
  const authorDate = check.authorDate;
  // A problem's row shows the whole citation it is in: "Paffenholz (2006, 2010)", not its first item.
  const spans = [
    ...(authorDate?.citations ?? []),
    ...check.citations.filter((citation) => citation.kind !== 'author-date'),
  ].sort((a, b) => a.start - b.start);
  const textAt = (start: number, end: number) => {
    const citation = spans.find((span) => span.start <= start && end <= span.end);
    // (a list item, as it reads: without its Markdown emphasis and link addresses)
    const shown = citation ? citation.text : text.slice(start, end).replace(MARKDOWN_LINK, '$1').replace(EMPHASIS_MARK, '$1');
    return shown.replace(/\s+/g, ' ').trim();
  };
  const count = (code: string) => check.diagnostics.filter((diagnostic) => diagnostic.code === code).length;
  const items = authorDate?.citations.flatMap((citation) => citation.items) ?? [];
  const pandoc = check.citations.filter((citation) => citation.kind !== 'author-date');
  const pandocKeys = pandoc.reduce((sum, citation) => sum + citation.keys.length, 0);
  const listed = authorDate?.referenceList?.entries.length;
  return {
    title: 'Reference check',
    draft,
    summary: `References: ${listed === undefined ? 'no reference list found in the document' : `${listed} in the document's reference list`}.`,
    counts: [
      ['Citations', (authorDate?.citations.length ?? 0) + pandoc.length],
      // (a work cited twice counts twice: not the number of works in the list)
      ['Works named in them, each time', items.length + pandocKeys],
      ['Matched', items.filter((item) => item.status === 'matched').length + pandocKeys - count('missing-key')],
      // each count under the heading of its section below
      ...SECTIONS.filter(([code]) => code !== 'front-matter').map(([code, heading]): [string, number] => [heading, count(code)]),
      ['Library entries not cited', uncited.length],
    ],
    sections: SECTIONS.map(([code, heading]) => ({
      heading,
      rows: check.diagnostics
        .filter((diagnostic) => diagnostic.code === code)
        .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
        .map((diagnostic) => ({
          line: diagnostic.range.start.line,
          file: draft,
          text: textAt(lines.offsetAt(diagnostic.range.start), lines.offsetAt(diagnostic.range.end)),
          problem: diagnostic.message,
        })),
    })).filter((section) => section.rows.length > 0),
    uncited: uncited.map((entry) => ({ line: entry.startLine, file: entry.source, text: entry.key, problem: describeEntry(entry) })),
  };
}

function describeEntry(entry: LibraryEntry): string {
  const people = creditedPeople(entry);
  const names = people.slice(0, 3).map((person) => person.family ?? person.literal ?? '').filter((name) => name);
  const who = names.length === 0 ? '' : `${names.join(', ')}${people.length > 3 ? ' et al.' : ''} `;
  return `${who}(${entry.year ?? 'n.d.'}). ${entry.title ?? ''}`.trim();
}

export interface ReportPage {
  /** Where a line link goes: a `command:` URI that opens `file` at the 0-based `line`. */
  link: (file: string, line: number) => string;
  nonce: string;
}

/** The report as a page: no script; the CSP allows only its own nonce'd style block. */
export function referenceReportHtml(report: ReferenceReport, page: ReportPage): string {
  const nonce = escapeHtml(page.nonce);
  const row = (cells: ReportRow, label: string) =>
    `<tr><td class="line"><a href="${escapeHtml(page.link(cells.file, cells.line))}">${escapeHtml(label)}</a></td>` +
    `<td>${escapeHtml(cells.text)}</td><td>${escapeHtml(cells.problem)}</td></tr>`;
  const table = (heading: string, columns: [string, string, string], rows: string[]) =>
    `<h2>${escapeHtml(heading)} (${rows.length})</h2>\n<table><thead><tr>${columns.map((column) => `<th>${column}</th>`).join('')}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody></table>`;
  const sections = report.sections.map((section) =>
    table(section.heading, ['Line', 'Citation', 'Problem'], section.rows.map((cells) => row(cells, String(cells.line + 1)))));
  if (report.uncited.length > 0) {
    sections.push(table('Library entries not cited', ['Entry', 'Key', 'Reference'],
      report.uncited.map((cells) => row(cells, `${path.basename(cells.file)}:${cells.line + 1}`))));
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';">
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 1.5em 2em; line-height: 1.5; }
h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 1.5em; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0.2em 0.6em; border-bottom: 1px solid var(--vscode-editorWidget-border, #8884); overflow-wrap: anywhere; }
td.line, .counts td { white-space: nowrap; text-align: right; }
th { overflow-wrap: normal; white-space: nowrap; }
table.counts { width: auto; } .counts th { overflow-wrap: normal; font-weight: normal; }
a { color: var(--vscode-textLink-foreground); }
</style>
<title>${escapeHtml(report.title)}: ${escapeHtml(report.draft)}</title>
</head>
<body>
<h1>${escapeHtml(report.title)}: ${escapeHtml(path.basename(report.draft))}</h1>
<p>${escapeHtml(report.summary)}</p>
<table class="counts"><tbody>
${report.counts.map(([label, count]) => `<tr><th>${escapeHtml(label)}</th><td>${count}</td></tr>`).join('\n')}
</tbody></table>
${sections.join('\n')}
</body>
</html>`;
}
