// The "Citemark" output channel, as a user opens it to see what was read (or for a bug report).
import { workbench } from './context';

describe('the Citemark output channel', function () {
  this.timeout(60_000);
  const wb = workbench();
  const { page } = wb;

  it('lists each library read with its entries, problems and time', async () => {
    await wb.runCommand('Output: Show Output Channels...');
    await wb.pick('Citemark', 20_000);
    // The channel shows its last lines (wrapped): libraries the extension-host suites wrote and read.
    const view = page.locator('.part.panel .monaco-editor .view-lines');
    const loaded = /\.bib: \d+ entr(?:y|ies), \d+ problems?, read in \d+ ms/;
    for (let waited = 0; !loaded.test((await view.innerText()).replace(/\s+/g, ' ')); waited += 200) {
      if (waited > 20_000) throw new Error(`No library read in the Citemark channel:\n${await view.innerText()}`);
      await page.waitForTimeout(200);
    }
    await page.keyboard.press('Control+J'); // hide the panel again
  });
});
