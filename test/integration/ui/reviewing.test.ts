// "Check References" as a reviewer uses it: the report opens beside the draft, reads as plain text
// (no `&amp;`, no cut citation), lists the library entries the draft never cites, and its line
// numbers open the draft at that line. Draft and library: test/fixtures/report.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkCommand } from '../../../src/cli/check';
import { REPO_ROOT } from '../workbench';
import { workbench } from './context';

describe('the reviewer report', function () {
  this.timeout(90_000);
  const wb = workbench();
  const { page } = wb;
  const folder = path.join(wb.workspace, 'reviewed');
  const report = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

  before(async () => {
    await page.mouse.click(640, 400); // the keyboard goes to the workbench only once it was clicked
    fs.mkdirSync(folder, { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, 'test/fixtures/report/paper.md'), path.join(folder, 'reviewed.md'));
    fs.copyFileSync(path.join(REPO_ROOT, 'test/fixtures/report/library.bib'), path.join(folder, 'library.bib'));
  });

  after(async () => {
    await page.keyboard.press('Escape');
    await wb.runCommand('View: Close All Editors');
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('opens as a page, not as an untitled Markdown draft', async () => {
    await wb.openFile('reviewed/reviewed.md');
    await wb.runCommand('Citemark: Check References');
    await report.locator('h1').waitFor({ timeout: 30_000 });
    assert.strictEqual(await page.locator('.tab[aria-label*="Untitled"]').count(), 0);
    await page.locator('.tab', { hasText: 'References: reviewed.md' }).waitFor();
  });

  it('shows citations whole and `&` as `&`', async () => {
    const text = await report.locator('body').innerText();
    assert.ok(!text.includes('&amp;'), text);
    const cells = await report.locator('td').allInnerTexts();
    assert.ok(cells.includes('Autesserre (2009, 2010)'), JSON.stringify(cells));
    assert.ok(cells.includes('(Smith & Jones, 2002)'), JSON.stringify(cells));
    assert.ok(!cells.some((cell) => /\([^)]*$/.test(cell)), `a cell is cut: ${JSON.stringify(cells)}`);
  });

  it("lists the library entries the draft never cites, as the CLI's `uncited`", async () => {
    let json = '';
    await checkCommand([path.join(folder, 'reviewed.md'), '--format', 'json', '--author-date', 'on'], (chunk) => (json += chunk));
    const expected = (JSON.parse(json) as { uncited: string[] }).uncited;
    assert.strictEqual(expected.length, 3);
    await report.locator('h2', { hasText: `Library entries not cited (${expected.length})` }).waitFor();
    const keys = await report.locator('table').last().locator('tbody tr td:nth-child(2)').allInnerTexts();
    assert.deepStrictEqual(keys, expected);
  });

  it("opens the draft at a problem's line from its line number", async () => {
    await report.locator('a', { hasText: /^10$/ }).first().click();
    await page.locator('.tab.active[data-resource-name="reviewed.md"]').waitFor();
    const status = page.locator('[id$="status.editor.selection"]');
    const deadline = Date.now() + 20_000;
    while (!/Ln 10, Col 1/.test(await status.innerText()) && Date.now() < deadline) await page.waitForTimeout(100);
    assert.match(await status.innerText(), /Ln 10, Col 1/);
  });

  it('follows the draft as it changes: a line added above a problem moves its line number, and back', async () => {
    await page.keyboard.press('Enter'); // at the start of line 10, where the link put the cursor
    await report.locator('a', { hasText: /^11$/ }).first().waitFor({ timeout: 20_000 });
    assert.strictEqual(await report.locator('a', { hasText: /^10$/ }).count(), 0);
    await page.keyboard.press('Control+Z');
    await report.locator('a', { hasText: /^10$/ }).first().waitFor({ timeout: 20_000 });
  });
});
