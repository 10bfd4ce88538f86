// Runs the matrix page (matrixHtml.ts + media/matrix.js + media/matrix.css) in headless Chromium under
// its own Content-Security-Policy, with acquireVsCodeApi() recording the messages the page posts.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { parseBibtex } from '../../src/core/library/bibtex';
import { parseCodebook } from '../../src/core/themes/codebook';
import { buildMatrix, type SynthesisMatrix } from '../../src/core/themes/matrix';
import { matrixHtml } from '../../src/core/themes/matrixHtml';

const CHROMIUM = process.env.CITEMARK_CHROMIUM ?? '/usr/bin/chromium';
const ORIGIN = 'https://webview.test';
const repo = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(repo, file), 'utf8');

function matrixOf(folder: string, codebook: string, draft: string, library: string): SynthesisMatrix {
  return buildMatrix(
    parseCodebook(read(`${folder}/${codebook}`), codebook),
    [{ path: draft, text: read(`${folder}/${draft}`) }],
    parseBibtex(read(`${folder}/${library}`), library).entries,
  );
}

interface MatrixPage {
  page: Page;
  /** Dialogs, page errors and console errors (CSP violations among them). */
  problems: string[];
}

async function openMatrix(browser: Browser, matrix: SynthesisMatrix): Promise<MatrixPage> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await page.route(`${ORIGIN}/**`, (route) => {
    const file = new URL(route.request().url()).pathname.slice(1);
    if (file === 'index.html') {
      const html = matrixHtml(matrix, { nonce: 'n0nce4test', cspSource: ORIGIN, scriptUri: `${ORIGIN}/media/matrix.js`, styleUri: `${ORIGIN}/media/matrix.css` });
      return route.fulfill({ contentType: 'text/html', body: html });
    }
    if (file.startsWith('media/')) return route.fulfill({ contentType: file.endsWith('.js') ? 'text/javascript' : 'text/css', body: read(file) });
    return route.fulfill({ status: 404, body: '' });
  });
  // A string, not a function: tsx would add helpers to a function that do not exist in the page.
  await page.addInitScript(`
    window.posted = [];
    let state;
    window.acquireVsCodeApi = () => ({ postMessage: (m) => window.posted.push(m), getState: () => state, setState: (v) => { state = v; } });
  `);
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForSelector('#matrix tbody tr');
  return { page, problems };
}

const visibleRows = (page: Page) => page.$$eval('#matrix tbody tr:not([hidden]) th', (cells) => cells.map((cell) => cell.textContent));
const posted = (page: Page) => page.evaluate('window.posted');

describe('synthesis matrix webview in Chromium', function () {
  this.timeout(60000);
  let browser: Browser;

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) this.skip();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  });

  after(async () => {
    await browser?.close();
  });

  describe('on the example review', () => {
    const matrix = matrixOf('examples', 'themes.yaml', 'review.md', 'library.bib');
    let page: Page;
    let problems: string[];
    before(async () => ({ page, problems } = await openMatrix(browser, matrix)));

    it('loads its script and style under the CSP', async () => {
      assert.strictEqual(await page.$$eval('#matrix tbody tr', (rows) => rows.length), matrix.rows.length);
      const background = await page.evaluate("getComputedStyle(document.querySelector('td.hit')).backgroundColor");
      assert.notStrictEqual(background, 'rgba(0, 0, 0, 0)', 'matrix.css and the theme colours apply');
      assert.deepStrictEqual(problems, []);
    });

    it('filters rows by text and by theme', async () => {
      await page.fill('#filter', 'okafor');
      assert.deepStrictEqual(await visibleRows(page), ['Okafor & Bergström (2018)']);
      await page.fill('#filter', '');
      const column = matrix.themes.findIndex((theme) => theme.id === 'human-rights');
      await page.selectOption('#theme-filter', String(column));
      const expected = matrix.rows.filter((row) => row.cells[column].passages.length > 0 || row.cells[column].direct).map((row) => row.label);
      assert.deepStrictEqual(await visibleRows(page), expected);
      await page.selectOption('#theme-filter', '');
      assert.strictEqual((await visibleRows(page)).length, matrix.rows.length);
    });

    it('sorts by a column, then back by source', async () => {
      await page.click('th[data-sort="total"]');
      const totals = await page.$$eval('#matrix tbody tr td.total', (cells) => cells.map((cell) => Number(cell.textContent)));
      assert.deepStrictEqual(totals, [...totals].sort((a, b) => b - a));
      assert.strictEqual(await page.getAttribute('th[data-sort="total"]', 'aria-sort'), 'descending');
      await page.click('th[data-sort="label"]');
      assert.deepStrictEqual(await visibleRows(page), matrix.rows.map((row) => row.label));
    });

    it('lists a cell’s passages and asks the extension to open one or to export', async () => {
      const row = matrix.rows.findIndex((candidate) => candidate.key === 'kovac2014');
      const column = matrix.themes.findIndex((theme) => theme.id === 'movement-against-violence');
      await page.click(`button.count[data-row="${row}"][data-column="${column}"]`);
      const passages = matrix.rows[row].cells[column].passages;
      const items = await page.$$eval('#passage-list li', (lis) => lis.map((li) => li.textContent));
      assert.deepStrictEqual(items, passages.map((index) => `review.md:${matrix.passages[index].line + 1} ${matrix.passages[index].preview}`));
      await page.click('#passage-list li:nth-child(2) button.passage');
      await page.click('button.export[data-format="md"]');
      assert.deepStrictEqual(await posted(page), [{ type: 'open', passage: passages[1] }, { type: 'export', format: 'md' }]);
      assert.deepStrictEqual(problems, []);
    });
  });

  describe('with hostile fields', () => {
    const matrix = matrixOf('test/fixtures/themes', 'hostile-themes.yaml', 'hostile.md', 'hostile.bib');

    it('shows every field as text and runs none of it', async () => {
      const { page, problems } = await openMatrix(browser, matrix);
      const labels = await visibleRows(page);
      assert.ok(labels.includes('"><img src=x onerror=alert(1)> (2021)'), labels.join(' / '));
      assert.ok(labels.includes('<script>alert(1)</script> (2022)'), labels.join(' / '));
      const header = await page.$eval('th.theme-1 span', (span) => span.textContent);
      assert.strictEqual(header, 'Radio | <b>airwaves</b>');
      const items: (string | null)[] = [];
      for (const button of await page.$$('button.count')) {
        await button.click();
        items.push(...(await page.$$eval('#passage-list li', (lis) => lis.map((li) => li.textContent))));
      }
      assert.ok(items.some((item) => item?.includes('<img src=x onerror=alert(2)>')), items.join(' / '));
      assert.strictEqual(await page.$$eval('img, b, body script:not([nonce])', (elements) => elements.length), 0);
      assert.deepStrictEqual(problems, []);
    });
  });
});
