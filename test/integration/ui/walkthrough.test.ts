// The getting-started walkthrough, as a student opens it from the Command Palette.
import * as assert from 'assert';
import { workbench } from './context';

describe('the getting-started walkthrough', function () {
  this.timeout(60_000);
  const wb = workbench();
  const { page } = wb;

  it('opens with its five steps, and a step shows its Markdown page', async () => {
    await wb.runCommand('Welcome: Open Walkthrough...');
    await wb.pick('Get started with Citemark');
    const container = page.locator('.gettingStartedContainer');
    await container.waitFor({ state: 'visible', timeout: 20_000 });
    for (const title of ['Open your library', 'Insert your first citation', 'See a missing citation flagged', 'Tag a theme', 'Themes from your Zotero tags']) {
      await container.locator('.getting-started-step', { hasText: title }).first().waitFor({ state: 'visible', timeout: 20_000 });
    }
    await container.locator('.getting-started-step', { hasText: 'Insert your first citation' }).first().click();
    // The step's media is a Markdown page shown in a webview frame.
    const media = page.frameLocator('.getting-started-media iframe').frameLocator('iframe');
    await media.locator('text=Insert your first citation').first().waitFor({ state: 'visible', timeout: 20_000 });
    const table = await media.locator('table').first().innerText();
    assert.match(table, /\[@doe2020, p\. 12\]/);
    // The Zotero step's page shows its screenshot, loaded from the extension's media.
    await container.locator('.getting-started-step', { hasText: 'Themes from your Zotero tags' }).first().click();
    // While the page changes the webview holds a pending frame beside the active one.
    const image = page.frameLocator('.getting-started-media iframe').frameLocator('#active-frame').locator('img[alt^="The Themes view"]');
    await image.waitFor({ state: 'visible', timeout: 20_000 });
    assert.ok((await image.evaluate((element) => (element as { naturalWidth?: number }).naturalWidth ?? 0)) > 100, 'the screenshot loaded');
    await page.keyboard.press('Control+W');
  });
});
