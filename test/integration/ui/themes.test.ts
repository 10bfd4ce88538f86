// The Themes view and the synthesis matrix, as a user opens them: the activity-bar icon, then the
// view's title-bar button. Expected counts come from the fixture: one paragraph tagged
// #machines/computability cites Lovelace and Turing; one tagged #programs/compilers #programs cites
// Hopper and the misspelt knuth1984literat; themes.yaml gives Lovelace the theme `programs`.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { workbench } from './context';

describe('the Themes view and the synthesis matrix', function () {
  this.timeout(60_000);
  const wb = workbench();
  const { page } = wb;

  const themeRows = () =>
    page.locator('.part.sidebar .monaco-list-row').evaluateAll((rows) =>
      rows.map((row) => `${row.querySelector('.label-name')?.textContent} | ${row.querySelector('.label-description')?.textContent}`));

  /** The view follows the workspace: drafts the extension-host suites wrote and deleted may take a moment to leave it. */
  const waitForRows = async (expected: string[]) => {
    const deadline = Date.now() + 15_000;
    let rows = await themeRows();
    while (JSON.stringify(rows) !== JSON.stringify(expected) && Date.now() < deadline) {
      await page.waitForTimeout(250);
      rows = await themeRows();
    }
    assert.deepStrictEqual(rows, expected);
  };

  after(async () => {
    await page.keyboard.press('Control+Shift+E'); // back to the Explorer for the next suites
  });

  it('lists the codebook themes with how many passages and sources each has', async () => {
    await page.locator('.activitybar .action-label[aria-label*="Citemark Themes"]').click();
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Machines' }).waitFor({ timeout: 20_000 });
    await waitForRows(['Machines | 1 passage · 2 sources', 'Programs | 1 passage · 3 sources']);
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Machines' }).click();
    await waitForRows(['Machines | 1 passage · 2 sources', 'Computability | 1 passage · 2 sources', 'Programs | 1 passage · 3 sources']);
  });

  it("exports the codebook from the view's `…` menu through the save dialog, a theme row selected", async () => {
    // (the researcher trial: from this menu the command took the selected row for the file, "could not write undefined")
    const exported = path.join(wb.workspace, 'codebook.qdc');
    fs.rmSync(exported, { force: true });
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Machines' }).click();
    await page.locator('.part.sidebar .action-label[aria-label*="More Actions"]').first().click();
    // A menu takes no click in its first moments (VS Code guards against a click-through): click until it closes.
    const item = page.locator('.monaco-menu .action-label', { hasText: 'Export Codebook (REFI-QDA .qdc)…' });
    await item.waitFor({ timeout: 10_000 });
    for (let attempt = 1; (await item.isVisible()) && attempt <= 10; attempt++) await item.click({ timeout: 5_000 }).catch(() => page.waitForTimeout(500));
    // code-server's own save dialog: a quick input holding the path, codebook.qdc in the workspace
    const pathBox = page.locator('.quick-input-widget input');
    await pathBox.waitFor({ state: 'visible', timeout: 20_000 });
    const asked = Date.now() + 10_000;
    while (!(await pathBox.inputValue()).endsWith('codebook.qdc') && Date.now() < asked) await page.waitForTimeout(100);
    assert.match(await pathBox.inputValue(), /codebook\.qdc$/);
    await page.keyboard.press('Enter');
    const deadline = Date.now() + 20_000;
    while (!fs.existsSync(exported) && Date.now() < deadline) await page.waitForTimeout(100);
    try {
      assert.match(fs.readFileSync(exported, 'utf8'), /<Code [^>]*name="Machines"/);
    } finally {
      fs.rmSync(exported, { force: true });
    }
  });

  it('opens the synthesis matrix from the view, one row per cited source', async () => {
    const openMatrix = () => page.locator('.part.sidebar .action-label[aria-label="Show Synthesis Matrix"]').first().click();
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const firstRow = frame.locator('#matrix tbody tr').first();
    await openMatrix();
    // In about one full run in five on a loaded machine the panel stayed blank (no page error
    // logged): say so in the log and reopen it once, as a user would; a second blank fails.
    if (!(await firstRow.waitFor({ timeout: 20_000 }).then(() => true, () => false))) {
      const frames = await page.locator('iframe.webview').evaluateAll((found) => found.map((element) => element.className));
      console.log(`    (the matrix webview stayed blank for 20 s, webview frames ${JSON.stringify(frames)}: reopening it)`);
      await page.keyboard.press('Control+W');
      await openMatrix();
      await firstRow.waitFor({ timeout: 30_000 });
    }
    const header = await frame.locator('#matrix thead th').allInnerTexts();
    assert.deepStrictEqual(header.map((cell) => cell.replace(/\s+\d+$/, '').replace(/\s*[▲▼]$/, '').trim()),
      ['Source', 'Machines', 'Computability', 'Programs', 'Compilers', 'Passages']);
    const rows: string[][] = [];
    for (const tableRow of await frame.locator('#matrix tbody tr').all()) {
      rows.push((await tableRow.locator('th, td').allInnerTexts()).map((cell) => cell.trim()));
    }
    const row = (source: string) => rows.find((cells) => cells[0].startsWith(source));
    assert.deepStrictEqual(row('Lovelace'), ['Lovelace (1843)', '1', '1', '✓', '', '1']);
    assert.deepStrictEqual(row('Turing'), ['Turing (1936)', '1', '1', '', '', '1']);
    assert.deepStrictEqual(row('Hopper'), ['Hopper (1952)', '', '', '1', '1', '1']);
    assert.strictEqual(rows.length, 4, JSON.stringify(rows));
    await page.keyboard.press('Control+W');
  });

  it('opens the draft at a clicked passage in the text editor, beside the matrix and not in the preview', async () => {
    // A writer keeps the draft's Markdown preview to the side, then opens the matrix over the draft.
    await wb.openFile('draft.md');
    await wb.runCommand('Markdown: Open Preview to the Side');
    await page.locator('.tab', { hasText: '[Preview] draft.md' }).waitFor({ timeout: 20_000 });
    await page.keyboard.press('Control+1');
    await page.locator('.part.sidebar .action-label[aria-label="Show Synthesis Matrix"]').first().click();
    const matrixFrame = async () => {
      for (const frame of page.frames()) if (await frame.locator('#matrix tbody tr').count().catch(() => 0)) return frame;
      return undefined;
    };
    const deadline = Date.now() + 30_000;
    let frame = await matrixFrame();
    while (!frame && Date.now() < deadline) {
      await page.waitForTimeout(250);
      frame = await matrixFrame();
    }
    assert.ok(frame, 'the matrix page');
    await frame.locator('#matrix tbody tr', { hasText: 'Lovelace' }).locator('button.count').first().click();
    const passage = frame.locator('#passage-list button.passage').first();
    assert.strictEqual(await passage.innerText(), 'draft.md:8');
    await passage.click();

    const activeTab = page.locator('.editor-group-container.active .tab.active');
    const opened = Date.now() + 20_000;
    while (!((await activeTab.getAttribute('aria-label').catch(() => null)) ?? '').startsWith('draft.md') && Date.now() < opened) await page.waitForTimeout(250);
    assert.match((await activeTab.getAttribute('aria-label')) ?? '', /^draft\.md/, 'the draft itself, not its preview');
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').waitFor();
    await page.locator('#status\\.editor\\.selection', { hasText: 'Ln 8, Col 1' }).waitFor({ timeout: 10_000 });
    const groups = await page.locator('.editor-group-container').evaluateAll((containers) =>
      containers.map((container) => [...container.querySelectorAll('.tab')].map((tab) => `${tab.classList.contains('active') ? '*' : ''}${tab.getAttribute('aria-label')?.split(',')[0]}`)));
    assert.ok(groups.some((tabs) => tabs.includes('*Synthesis Matrix')), `the matrix stays in view: ${JSON.stringify(groups)}`);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+W'); // close all editors for the next suites
  });
});
