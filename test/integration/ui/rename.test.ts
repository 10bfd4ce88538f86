// F2 on a citation key, as a user presses it in a draft.
import * as assert from 'assert';
import { workbench } from './context';

describe('renaming a citation key with F2', function () {
  this.timeout(60_000);
  const wb = workbench();
  const { page } = wb;

  afterEach(async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+W');
  });

  it("answers with Citemark's message on a key that is in no library", async () => {
    await wb.runCommand('Notifications: Clear All Notifications');
    await wb.openFile('draft.md');
    // Citemark has checked the draft: its rename provider is there
    await page.locator('.editor-instance .squiggly-error').first().waitFor({ state: 'attached', timeout: 30_000 });
    const { line, column } = wb.locate('draft.md', '@knuth1984literat]');
    await wb.goTo(line, column + 3);
    await page.keyboard.press('F2');
    const toast = page.locator('.notification-toast', { hasText: "'knuth1984literat' is in no library: nothing to rename." });
    await toast.first().waitFor({ state: 'visible', timeout: 20_000 });
    // the rename box is Citemark's (VS Code's Markdown rename did not take the key for a link label): leave it
    await page.keyboard.press('Escape');
    const text = await wb.editorText();
    assert.ok(text.includes('[@knuth1984literat]'), text);
  });
});
