// What a user sees in the workbench: suggestions, hovers, the Problems panel, quick fixes and
// "Insert Citation", driven through the browser with keyboard and mouse.
import * as assert from 'assert';
import { workbench } from './context';

const KEYS = ['lovelace1843notes', 'knuth1984literate', 'hopper1952compiler', 'turing1936computable'];

describe('the workbench', function () {
  this.timeout(60_000);
  const wb = workbench();
  const { page } = wb;

  before(async () => {
    await wb.openFile('draft.md');
    await page.locator('.editor-instance .monaco-editor .view-lines').click();
  });

  afterEach(async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
  });

  it('suggests library keys after typing `[@`', async () => {
    await page.keyboard.press('Control+End');
    await page.keyboard.type('See [@');
    const labels = await wb.suggestions();
    for (const key of KEYS) assert.ok(labels.some((label) => label.includes(key)), `${key} not in ${JSON.stringify(labels)}`);
  });

  it('keeps searching across words typed inside brackets', async () => {
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('More [@analytical engine', { delay: 20 });
    const labels = await wb.suggestions();
    assert.ok(labels[0]?.includes('lovelace1843notes'), JSON.stringify(labels));
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Z');
  });

  it('keeps the list while an author and a year, or a title word starting like a locator (`p`, `n`), is typed', async () => {
    const typed: Array<[string, string]> = [['hopper 1952', 'hopper1952compiler'], ['knuth programming', 'knuth1984literate'], ['turing computable numbers', 'turing1936computable']];
    for (const [query, key] of typed) {
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Enter');
      await page.keyboard.type(`More [@${query}`, { delay: 20 });
      const labels = await wb.suggestions();
      assert.ok(labels[0]?.includes(key), `${query}: ${JSON.stringify(labels)}`);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Z');
    }
  });

  it('shows the formatted reference on hover', async () => {
    await page.locator('.view-line span', { hasText: /lovelace1843notes/ }).last().hover();
    // The hover may say "Loading…" first: wait for the reference itself.
    const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content', { hasText: 'Analytical Engine' }).last();
    await hover.waitFor({ state: 'visible', timeout: 20_000 });
    const text = await hover.innerText();
    assert.match(text, /Notes on the Analytical Engine/);
    assert.match(text, /Lovelace/);
    await page.mouse.move(0, 0);
  });

  it('scopes a citation with the grammar the VSIX contributes', async () => {
    const { line, column } = wb.locate('draft.md', 'lovelace1843notes');
    await wb.goTo(line, column + 3);
    await wb.runCommand('Developer: Inspect Editor Tokens and Scopes');
    const widget = page.locator('.token-inspect-widget');
    await widget.waitFor({ state: 'visible', timeout: 20_000 });
    const text = await widget.innerText();
    assert.match(text, /entity\.name\.citation\.key\.markdown/);
    assert.match(text, /meta\.citation\.bracketed\.markdown/);
  });

  it('lists the missing key in the Problems panel', async () => {
    const rows = await wb.problems();
    const missing = rows.filter((row) => row.includes("'knuth1984literat'"));
    assert.strictEqual(missing.length, 1, JSON.stringify(rows));
    assert.match(missing[0], /^Error: .*citemark/);
    await page.keyboard.press('Control+Shift+M'); // hide the panel again
  });

  it('fixes the misspelt key with the quick fix', async () => {
    const { line, column } = wb.locate('draft.md', 'knuth1984literat]');
    await wb.goTo(line, column + 2);
    await wb.chooseAction("Replace with 'knuth1984literate'");
    const text = await wb.waitForEditorText('[@knuth1984literate]');
    assert.ok(!text.includes('knuth1984literat]'), text);
  });

  it('inserts a citation chosen by author from "Insert Citation"', async () => {
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await wb.runCommand('Citemark: Insert Citation');
    // The picker opens once the draft's library is read: wait for its entries before typing.
    await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="lovelace1843notes"]');
    await page.keyboard.type('Hopper');
    const hopper = page.locator('.quick-input-list .monaco-list-row[aria-label*="hopper1952compiler"]');
    await hopper.waitFor();
    const rows = await page.locator('.quick-input-list .monaco-list-row').evaluateAll((found) => found.map((row) => row.getAttribute('aria-label')));
    assert.match(rows[0] ?? '', /hopper1952compiler/, JSON.stringify(rows));
    // The picker takes several entries: tick this one (a click), then accept.
    await hopper.click();
    await page.locator('.quick-input-list .monaco-list-row[aria-label*="hopper1952compiler"][aria-checked="true"]').waitFor();
    await page.keyboard.press('Enter');
    await wb.waitForEditorText('[@hopper1952compiler]');
  });
});
