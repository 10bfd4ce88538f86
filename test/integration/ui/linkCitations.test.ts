// Linking a manuscript as a user does: Ctrl+. on an author-date citation offers "Convert to @key";
// the Command Palette's "Convert All Author-Date Citations" converts the rest; Ctrl+Z undoes it in one step.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../workbench';
import { workbench } from './context';

describe('linking author-date citations in the editor', function () {
  this.timeout(120_000);
  const wb = workbench();
  const { page } = wb;
  const file = 'manuscript-link.md';
  const onDisk = () => path.join(wb.workspace, file);

  before(() => {
    fs.copyFileSync(path.join(REPO_ROOT, 'examples/manuscript-apa.md'), onDisk());
  });

  after(async () => {
    await wb.runCommand('File: Revert File');
    await page.keyboard.press('Control+W');
    fs.rmSync(onDisk(), { force: true });
    fs.rmSync(path.join(wb.workspace, 'manuscript-link-references.json'), { force: true });
  });

  it('converts the citation under the cursor with the code action', async () => {
    await wb.openFile(file);
    const { line, column } = wb.locate(file, 'Kaldor (2012)');
    await wb.goTo(line, column + 2);
    // (the draft has no library: the action says that it writes one from the draft's list)
    await wb.chooseAction("Convert to @kaldor2012new (writes the draft's reference list to manuscript-link-references.json)");
    const text = await wb.waitForEditorText('(Kaldor, 2012). @kaldor2012new');
    assert.ok(text.includes('bibliography: manuscript-link-references.json'), 'the front matter names the extracted library');
    assert.ok(fs.existsSync(path.join(wb.workspace, 'manuscript-link-references.json')));
  });

  it('converts all the others from the Command Palette, and Ctrl+Z undoes that in one step', async () => {
    await wb.runCommand('Citemark: Convert All Author-Date Citations');
    // The editor shows the lines in view only: the first paragraph.
    await wb.waitForEditorText('structural violence [@galtung1969violence]');
    assert.ok((await wb.editorText()).includes('@collier2004greed traced their onset'));
    await page.keyboard.press('Escape'); // the notification keeps no focus from the editor
    await page.locator('.editor-instance .monaco-editor .view-lines').click();
    await page.keyboard.press('Control+Z');
    const text = await wb.waitForEditorText('structural violence (Galtung, 1969)');
    assert.ok(text.includes('(Kaldor, 2012). @kaldor2012new'), 'the code action before stays');
    assert.ok(text.includes('Collier and Hoeffler (2004) traced'));
  });

  it('run a second time, converts nothing more and still lists, on request, the citations it leaves as text', async () => {
    await wb.runCommand('Notifications: Clear All Notifications');
    await wb.runCommand('Citemark: Convert All Author-Date Citations');
    await wb.waitForEditorText('structural violence [@galtung1969violence]');
    await wb.runCommand('Notifications: Clear All Notifications');
    await wb.runCommand('Citemark: Convert All Author-Date Citations');
    const toast = page.locator('.notification-toast', { hasText: 'no author-date citation could be converted' });
    await toast.getByRole('button', { name: 'Show the Citations Left' }).click({ timeout: 20_000 });
    // A page beside the draft, grouped by why; not an untitled document that asks to be saved when closed.
    const left = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await left.locator('h1', { hasText: 'Citations left as text: manuscript-link.md' }).waitFor({ timeout: 20_000 });
    assert.strictEqual(await page.locator('.tab[aria-label*="Untitled"]').count(), 0);
    const headings = await left.locator('h2').allInnerTexts();
    assert.ok(headings.length > 0 && headings.every((heading) => /^(No reference|More than one reference|Written in a form .*) \(\d+\)$/.test(heading)), JSON.stringify(headings));
    // Its line number opens the draft at that line.
    const line = left.locator('td.line a').first();
    const number = await line.innerText();
    await line.click();
    await page.locator('.tab.active[data-resource-name="manuscript-link.md"]').waitFor();
    const status = page.locator('[id$="status.editor.selection"]');
    const deadline = Date.now() + 20_000;
    while (!(await status.innerText()).includes(`Ln ${number}, Col 1`) && Date.now() < deadline) await page.waitForTimeout(100);
    assert.ok((await status.innerText()).includes(`Ln ${number}, Col 1`), await status.innerText());
    // The page follows the draft: a line added above the citation (the cursor is at its line's start) moves its link.
    await page.keyboard.press('Enter');
    const moved = String(Number(number) + 1);
    await left.locator('td.line a', { hasText: new RegExp(`^${moved}$`) }).first().waitFor({ timeout: 20_000 });
    assert.strictEqual(await left.locator('td.line a').first().innerText(), moved);
    const pageTab = page.locator('.tab', { hasText: 'Left as text: manuscript-link.md' });
    await pageTab.hover();
    await pageTab.locator('.codicon-close').click();
    await pageTab.waitFor({ state: 'detached' });
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Z'); // the line added
    await page.keyboard.press('Control+Z');
    await wb.waitForEditorText('structural violence (Galtung, 1969)');
  });
});
