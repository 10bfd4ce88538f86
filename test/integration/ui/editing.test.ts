// Inserting citations as a writer does: the "Insert Citation" picker with the keyboard, where the
// Zotero command stands for someone who never used Zotero, and completion typed fast enough that lists
// are replaced while an entry is still being formatted.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { workbench } from './context';

const DRAFT = 'writing.md';

describe('inserting citations', function () {
  this.timeout(90_000);
  const wb = workbench();
  const { page } = wb;
  const rows = '.quick-input-list .monaco-list-row';

  before(async () => {
    await page.mouse.click(640, 400); // the keyboard goes to the workbench only once it was clicked
    fs.writeFileSync(path.join(wb.workspace, DRAFT), '---\nbibliography: library.bib\n---\n\nStart.\n');
    await wb.openFile(DRAFT);
    await page.locator('.editor-instance .monaco-editor .view-lines').click();
  });

  afterEach(async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
  });

  after(async () => {
    await wb.runCommand('View: Revert and Close Editor');
    fs.rmSync(path.join(wb.workspace, DRAFT), { force: true });
  });

  /** Opens "Insert Citation" on a new line and waits for the library's entries. */
  const openPicker = async () => {
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await wb.runCommand('Citemark: Insert Citation');
    await page.waitForSelector(`${rows}[aria-label*="lovelace1843notes"]`);
  };

  it('lists "Insert Citation" first, and no Zotero command for someone who never used Zotero', async () => {
    await wb.openQuickInput('Control+Shift+P');
    await page.keyboard.type('Citemark: Insert Citation');
    await page.waitForSelector(`${rows}[aria-label*="Insert Citation"]`);
    const labels = await page.locator(rows).evaluateAll((found) => found.map((row) => row.getAttribute('aria-label') ?? ''));
    assert.match(labels[0], /^Citemark: Insert Citation…/, JSON.stringify(labels));
    assert.ok(!labels.some((label) => label.includes('Zotero')), JSON.stringify(labels));
  });

  it('inserts the highlighted entry on Enter; a space typed in the query ticks nothing', async () => {
    await openPicker();
    await page.keyboard.type('Hopper compiler');
    await page.waitForSelector(`${rows}[aria-label*="hopper1952compiler"]`);
    assert.strictEqual(await page.locator('.quick-input-widget input').inputValue(), 'Hopper compiler');
    assert.strictEqual(await page.locator(`${rows}[aria-checked="true"]`).count(), 0);
    await page.keyboard.press('Enter');
    await wb.waitForEditorText('[@hopper1952compiler]');
  });

  it('adds the entry to the citation the cursor is in, not a citation inside it', async () => {
    // (the student trial: `[@a, p. 3[@b]]`, which pandoc prints as one citation of `a`, `b` lost)
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('See [@hopper1952compiler, p. 3]');
    await page.keyboard.press('ArrowLeft');
    await wb.runCommand('Citemark: Insert Citation');
    await page.waitForSelector(`${rows}[aria-label*="hopper1952compiler"]`);
    await page.keyboard.type('Lovelace notes');
    await page.waitForSelector(`${rows}[data-index="0"][aria-label*="lovelace1843notes"]`);
    await page.keyboard.press('Enter');
    await wb.waitForEditorText('See [@hopper1952compiler, p. 3; @lovelace1843notes]');
  });

  it('says so when no entry matches, and what to search by', async () => {
    await openPicker();
    await page.keyboard.type('Grace Hopper');
    const title = page.locator('.quick-input-widget .quick-input-title');
    await title.filter({ hasText: 'No entry matches "Grace Hopper": search by family name, title words, year or key' }).waitFor({ timeout: 20_000 });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Hopper');
    await page.waitForSelector(`${rows}[aria-label*="hopper1952compiler"]`);
    assert.strictEqual(await title.filter({ hasText: 'No entry matches' }).count(), 0);
  });

  it('inserts the row moved to with the arrow keys', async () => {
    await openPicker();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const focused = await page.locator(`${rows}.focused`).getAttribute('aria-label');
    const key = /^([^\s,]+)/.exec(focused ?? '')?.[1];
    assert.ok(key, `no highlighted row: ${focused}`);
    await page.keyboard.press('Enter');
    await wb.waitForEditorText(`[@${key}]`);
  });

  it('still inserts several ticked entries together', async () => {
    await openPicker();
    for (const key of ['turing1936computable', 'lovelace1843notes']) {
      await page.locator(`${rows}[aria-label*="${key}"] .monaco-checkbox, ${rows}[aria-label*="${key}"] input[type="checkbox"]`).first().click();
      await page.locator(`${rows}[aria-label*="${key}"][aria-checked="true"]`).waitFor();
    }
    // Back to the search box: a checkbox that keeps the focus after its click takes Enter as "untick"
    // (VS Code's Toggle), and the picker is not accepted.
    await page.locator('.quick-input-widget input').click();
    assert.strictEqual(await page.locator(`${rows}[aria-checked="true"]`).count(), 2);
    await page.keyboard.press('Enter');
    const deadline = Date.now() + 20_000;
    const both = /\[@(turing1936computable; @lovelace1843notes|lovelace1843notes; @turing1936computable)\]/;
    while (!both.test(await wb.editorText()) && Date.now() < deadline) await page.waitForTimeout(100);
    assert.match(await wb.editorText(), both);
  });

  it('leaves no "provider FAILED" in the extension host log after completion is used while typing', async () => {
    // The formatted reference a suggestion shows comes from the worker. A style's first use builds a
    // citeproc engine (most of a second), and a big library being re-read (a Zotero auto-export) keeps
    // the worker busy: lists are replaced by typing while their entry is still being formatted.
    const styles = JSON.parse(fs.readFileSync(require.resolve('@citation-js/plugin-csl/lib/styles.json'), 'utf8')) as Record<string, string>;
    const busy = path.join(wb.workspace, 'busy.bib');
    const settings = path.join(wb.workspace, '.vscode/settings.json');
    const written: string[] = [busy];
    const settingsBefore = fs.existsSync(settings) ? fs.readFileSync(settings, 'utf8') : undefined;
    try {
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('See [@');
      // Run alone, this is the session's first completion: the library may still be loading.
      await wb.suggestions().catch(() => page.keyboard.press('Control+Space').then(() => wb.suggestions()));
      for (let round = 0; round < 10; round++) {
        const style = path.join(wb.workspace, `style-${round}.csl`);
        fs.writeFileSync(style, styles.apa.replace('<title>', `<title>Round ${round} `));
        written.push(style);
        fs.mkdirSync(path.dirname(settings), { recursive: true });
        fs.writeFileSync(settings, JSON.stringify({ ...JSON.parse(settingsBefore || '{}'), 'citemark.style': path.basename(style) }));
        fs.writeFileSync(busy, Array.from({ length: 100_000 }, (_, i) =>
          `@misc{busy${round}x${i}, author = {Worker, Busy}, title = {Entry ${i} of a library being re-read}, year = {2020}}\n`).join(''));
        await page.waitForTimeout(450); // past the 300 ms the extension waits before reading a changed library
        await page.keyboard.type('lovelace', { delay: 10 });
        await page.keyboard.press('Control+Space'); // details open: the focused entry is resolved (formatted)
        for (let i = 0; i < 8; i++) await page.keyboard.press('Backspace', { delay: 10 });
        await page.keyboard.type('turing', { delay: 10 });
        await page.keyboard.press('ArrowDown');
        for (let i = 0; i < 6; i++) await page.keyboard.press('Backspace', { delay: 10 });
      }
    } finally {
      written.forEach((file) => fs.rmSync(file, { force: true }));
      if (settingsBefore === undefined) fs.rmSync(settings, { force: true });
      else fs.writeFileSync(settings, settingsBefore);
    }
    await page.keyboard.press('Escape');
    await page.waitForTimeout(2000); // the last answers reach the log
    const logs = extensionHostLogs(wb.tempDir);
    assert.ok(logs.length > 0, `no extension host log under ${wb.tempDir}`);
    const failures = logs.flatMap((file) => fs.readFileSync(file, 'utf8').split('\n').filter((line) => /provider FAILED|DisposableStore is missing/.test(line)));
    assert.deepStrictEqual(failures, []);
  });
});

/** The extension host's log files under the workbench's user data (code-server keeps them in logs/<session>/). */
function extensionHostLogs(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /exthost.*\.log$/i.test(entry.name)) found.push(path.join(entry.parentPath, entry.name));
  }
  return found;
}
