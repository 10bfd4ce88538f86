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
    await page.keyboard.press('Control+.');
    await wb.chooseAction('Convert to @kaldor2012new');
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
    const text = await wb.waitForEditorText('# Citations left as text: manuscript-link.md');
    assert.match(text, /- line \d+: .* — /);
    await wb.runCommand('View: Revert and Close Editor');
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Z');
    await wb.waitForEditorText('structural violence (Galtung, 1969)');
  });
});
