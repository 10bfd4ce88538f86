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
    await wb.openFile('draft.md');
    const { line, column } = wb.locate('draft.md', '@knuth1984literat]');
    await wb.goTo(line, column + 3);
    await page.keyboard.press('F2');
    const toast = page.locator('.notification-toast', { hasText: "'knuth1984literat' is in no library: nothing to rename." });
    await toast.first().waitFor({ state: 'visible', timeout: 20_000 });
    // the rename box has the key selected: a new name replaces it
    await page.locator('.rename-box input').waitFor({ state: 'visible', timeout: 20_000 });
    await page.keyboard.type('knuth1984');
    await page.keyboard.press('Enter');
    // nothing was renamed (VS Code's Markdown rename did not take the key for a link label)
    await page.waitForTimeout(1000);
    assert.ok((await wb.editorText()).includes('[@knuth1984literat]'));
  });
});
