// The details page of the installed extension, as a user opens it from the Extensions view: the
// README is shown in a webview and its screenshots must load.
// VS Code shows that README with the policy `img-src https: data:` and no base URL, so a relative
// image path never loads there (it resolves against the webview's own page); the VSIX carries the
// README with its image links rewritten by vsce to https URLs of the manifest's repository. This
// machine has no network: the browser is given those URLs from the working tree, as GitHub would
// serve them once the repository is pushed.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../workbench';
import { workbench } from './context';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { repository: { url: string } };
const RAW_PREFIX = `${manifest.repository.url.replace(/\.git$/, '')}/raw/HEAD/`;

describe('the extension details page', function () {
  this.timeout(90_000);
  const wb = workbench();
  const { page } = wb;
  const served: string[] = [];

  before(async () => {
    await page.context().route((url) => url.href.startsWith(RAW_PREFIX), async (route) => {
      const file = path.join(REPO_ROOT, decodeURIComponent(new URL(route.request().url()).href.slice(RAW_PREFIX.length)));
      served.push(path.relative(REPO_ROOT, file));
      if (fs.existsSync(file)) await route.fulfill({ path: file });
      else await route.fulfill({ status: 404 });
    });
  });

  after(async () => {
    await page.context().unrouteAll();
    await page.keyboard.press('Control+W');
    await page.keyboard.press('Control+Shift+E'); // back to the Explorer for the next suites
  });

  /** The README's screenshots in the webview frames: src, and whether it has loaded. */
  const readmeImages = async () => {
    const found: Array<{ src: string; loaded: boolean }> = [];
    for (const frame of page.frames().filter((candidate) => candidate !== page.mainFrame())) {
      const images = await frame.locator('img').evaluateAll((elements: Array<{ getAttribute(name: string): string | null; complete: boolean; naturalWidth: number }>) =>
        elements.map((image) => ({ src: image.getAttribute('src') ?? '', loaded: image.complete && image.naturalWidth > 0 }))).catch(() => []);
      found.push(...images.filter((image) => image.src.includes('screenshots/')));
    }
    return found;
  };

  it('shows the README with every screenshot loaded', async () => {
    await page.keyboard.press('Control+Shift+X');
    // The view opens with its search box focused
    await page.locator('.extensions-viewlet .suggest-input-container .monaco-editor.focused').waitFor({ timeout: 20_000 });
    await page.keyboard.type('@installed Citemark');
    const row = page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'Citations, library checks' }).first();
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    await row.click();
    await page.locator('.extension-editor .header .name', { hasText: 'Citemark' }).waitFor({ state: 'visible', timeout: 20_000 });

    const expected = [...fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8').matchAll(/!\[[^\]]*\]\((screenshots\/[^)]+)\)/g)].map((match) => match[1]);
    assert.ok(expected.length >= 5, `the README links ${expected.length} screenshots`);
    // Images load after the page renders: wait until every one has finished one way or the other.
    const deadline = Date.now() + 30_000;
    let images = await readmeImages();
    while ((images.length < expected.length || images.some((image) => !image.loaded)) && Date.now() < deadline) {
      await page.waitForTimeout(500);
      images = await readmeImages();
    }
    assert.deepStrictEqual(images.map((image) => image.src), expected.map((file) => `${RAW_PREFIX}${file}`), 'the screenshots the details page shows');
    assert.deepStrictEqual(images.filter((image) => !image.loaded), [], 'screenshots that did not load');
    assert.deepStrictEqual([...new Set(served)].sort(), [...expected].sort(), 'files the page asked the repository for');
  });
});
