import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { checkDocument, libraryPathsFor, uncitedEntries } from '../../src/core/check';
import { Draft } from '../../src/core/draft';
import { referenceReport, referenceReportHtml } from '../../src/core/citations/referenceReport';
import { checkCommand } from '../../src/cli/check';
import { LibraryIndex } from '../../src/core/library/libraryIndex';
import { parseLibraryFile } from '../../src/core/library/load';
import { readFrontMatter } from '../../src/core/markdown/frontMatter';
import type { LibraryEntry } from '../../src/core/types';

const paper = path.resolve(__dirname, '../fixtures/report/paper.md');

async function reportOf(draftPath: string, text?: string) {
  text ??= await fs.readFile(draftPath, 'utf8');
  const frontMatter = readFrontMatter(text, draftPath);
  const index = new LibraryIndex();
  const paths = (await libraryPathsFor(draftPath, frontMatter)) ?? [];
  for (const file of paths) index.set(parseLibraryFile(await fs.readFile(file), file));
  const view = index.view(paths, frontMatter.references);
  const draft = new Draft(text, draftPath);
  const check = checkDocument(draft, view, { authorDate: 'on', suggest: false });
  return referenceReport(draft, check, uncitedEntries(view, check.citedKeys));
}

const page = { nonce: 'n0nce', link: (file: string, line: number) => `command:citemark.openAtLine?${encodeURIComponent(JSON.stringify([file, line]))}` };

/** The text a reader sees: tags dropped, character references decoded once. */
function visibleText(html: string): string {
  return html
    .replace(/<(style|title)[^>]*>[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&(amp|lt|gt|quot);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"' })[name]!)
    .replace(/\s+/g, ' ');
}

describe('reviewer report', () => {
  it('shows each problem with the whole citation it is in, never a cut one', async () => {
    const report = await reportOf(paper);
    const rows = report.sections.flatMap((section) => section.rows.map((row) => `${section.heading} | ${row.line + 1} | ${row.text}`));
    assert.deepStrictEqual(rows.filter((row) => !row.startsWith('Uncited')), [
      'Keys not in the library | 12 | [@bad1]',
      'Keys not in the library | 12 | [@nobody2020]',
      'Unmatched citations | 9 | Autesserre (2009, 2010)',
      'Unmatched citations | 10 | (Smith & Jones, 2002)',
    ]);
    for (const row of rows) assert.ok(!/\([^)]*$/.test(row), `a cell is cut: ${row}`);
  });

  it('shows an uncited list item as it reads, without its Markdown emphasis or link address', async () => {
    const report = await reportOf(paper);
    const uncited = report.sections.find((section) => section.heading === 'Uncited references')!.rows.map((row) => row.text);
    assert.ok(uncited.length > 0 && uncited.every((text) => !/[*_]|\]\(/.test(text)), JSON.stringify(uncited));
  });

  it('counts each kind of problem under the heading of its section, one count a row (no header squeezed into a narrow editor)', async () => {
    const report = await reportOf(paper);
    for (const section of report.sections) {
      assert.deepStrictEqual(report.counts.find(([label]) => label === section.heading), [section.heading, section.rows.length], section.heading);
    }
    const html = referenceReportHtml(report, page);
    const countsTable = /<table class="counts">([\s\S]*?)<\/table>/.exec(html)![1];
    assert.deepStrictEqual([...countsTable.matchAll(/<tr><th>([^<]*)<\/th><td>(\d+)<\/td><\/tr>/g)].map((match) => [match[1], Number(match[2])]), report.counts);
  });

  it("says why a key whose entry the library rejected is missing", async () => {
    const report = await reportOf(paper);
    const rejected = report.sections.flatMap((section) => section.rows).find((row) => row.text === '[@bad1]');
    assert.strictEqual(rejected?.problem, "Entry 'bad1' in library.bib could not be read: line 15, not closed: missing '}'.");
  });

  it("lists the library entries the draft never cites: the CLI's `uncited`", async () => {
    const report = await reportOf(paper);
    let json = '';
    await checkCommand([path.relative(process.cwd(), paper), '--format', 'json', '--author-date', 'on'], (text) => (json += text));
    const cli = (JSON.parse(json) as { uncited: string[] }).uncited;
    assert.deepStrictEqual(report.uncited.map((row) => row.text), cli);
    assert.deepStrictEqual(cli, ['smithjones2001', 'galtung1969', 'macginty2011']);
    assert.deepStrictEqual(report.counts.find(([label]) => label === 'Library entries not cited'), ['Library entries not cited', 3]);
    assert.deepStrictEqual(report.uncited[1], { line: 40, file: path.join(path.dirname(paper), 'library.bib'), text: 'galtung1969', problem: 'Galtung (1969). Violence, Peace, and Peace Research' });
  });

  it('renders a page whose text shows `&` as `&`, whose lines are links, and that runs no script', async () => {
    const html = referenceReportHtml(await reportOf(paper), page);
    const text = visibleText(html);
    assert.ok(text.includes('(Smith & Jones, 2002)'), text);
    assert.ok(text.includes('Smith & Jones (2002)'), text);
    assert.ok(!text.includes('&amp;') && !text.includes('&#'), text);
    assert.match(html, /content="default-src 'none'; style-src 'nonce-n0nce';"/);
    assert.ok(!/<script/i.test(html));
    const links = [...html.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)].map((match) => [decodeURIComponent(match[1].replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)))), match[2]]);
    assert.deepStrictEqual(links.find(([, label]) => label === '9'), [`command:citemark.openAtLine?${JSON.stringify([paper, 8])}`, '9']);
    assert.deepStrictEqual(links.find(([, label]) => label === 'library.bib:41')?.[0], `command:citemark.openAtLine?${JSON.stringify([path.join(path.dirname(paper), 'library.bib'), 40])}`);
  });

  it('escapes hostile text from the draft and the library', async () => {
    const hostile: LibraryEntry = {
      key: 'evil"><img src=x onerror=alert(1)>', type: 'article', source: '/lib.bib', startLine: 0, endLine: 0, keyOffset: -1,
      authors: [{ family: '<script>alert(2)</script>' }], editors: [], year: '2020', title: '[run](command:workbench.action.terminal.new)', keywords: [],
    };
    const text = 'Doe (2019) <img src=x onerror=alert(3)> [x](command:evil).\n\n## References\n\nDoe, A. (2018). <script>alert(4)</script>. Pub.\n';
    const index = new LibraryIndex();
    index.set({ source: '/lib.bib', entries: [hostile], problems: [] });
    const view = index.view(['/lib.bib']);
    const draft = new Draft(text, '/p"<b>.md');
    const check = checkDocument(draft, view, { authorDate: 'on' });
    const html = referenceReportHtml(referenceReport(draft, check, uncitedEntries(view, check.citedKeys)), page);
    assert.ok(!/<(img|script|b>)/i.test(html.replace(/<style[\s\S]*?<\/style>/, '')), html);
    assert.strictEqual([...html.matchAll(/href="/g)].length, [...html.matchAll(/href="command:citemark\.openAtLine\?/g)].length);
    assert.ok(visibleText(html).includes('<script>alert(2)</script>'), 'shown as text');
  });

  it('never throws on damaged drafts', async () => {
    const text = await fs.readFile(paper, 'utf8');
    for (let cut = 0; cut < text.length; cut += 37) {
      const damaged = text.slice(0, cut) + text.slice(cut + 53);
      const report = await reportOf(paper, damaged);
      referenceReportHtml(report, page);
    }
  });
});
