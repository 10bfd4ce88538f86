// The first completion list while the libraries are still being read, in a workbench of its own (the
// shared one read its libraries long ago). The library here is held unread for as long as the test
// likes: it is touched every few ms, and a file is read only once it holds still (see stableState).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT, Workbench } from '../workbench';
import { citemarkVsix } from './context';

const LIBRARY = path.join(REPO_ROOT, 'test/integration/workspace/library.bib');
const KEYS = [...fs.readFileSync(LIBRARY, 'utf8').matchAll(/^@\w+\{([^,\s]+),/gm)].map((match) => match[1]);

describe('completion while the libraries load', function () {
  this.timeout(180_000);
  let dir: string;
  let wb: Workbench;
  let touching: NodeJS.Timeout | undefined;

  before(async function () {
    this.timeout(240_000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citemark-loading-'));
    fs.copyFileSync(LIBRARY, path.join(dir, 'slow.bib'));
    // Words enough for VS Code's own word suggestions, which fill a list no provider fills.
    fs.writeFileSync(path.join(dir, 'draft.md'), '---\nbibliography: slow.bib\n---\n\nAnalytical engines and literate programs, as argued before.\n');
    wb = await Workbench.start({ workspaceFixture: dir, vsixFiles: [citemarkVsix()] });
  });

  after(async () => {
    clearInterval(touching);
    await wb?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists the keys by itself once the library is read, after a Ctrl+Space that came first', async () => {
    const { page } = wb;
    const library = path.join(wb.workspace, 'slow.bib');
    let mtime = Date.now() / 1000;
    touching = setInterval(() => fs.utimesSync(library, (mtime += 1), mtime), 20);
    await wb.openFile('draft.md');
    // the extension is active and reading the workspace's libraries (slow.bib, which waits)
    await page.locator('.statusbar-item', { hasText: 'reading libraries' }).first().waitFor({ timeout: 60_000 });
    await page.locator('.editor-instance .monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('See [@');
    await page.waitForTimeout(1000);
    // Nothing shows yet: the user asks. The list says it is loading (or shows other words meanwhile).
    await page.keyboard.press('Control+Space');
    await page.locator('.suggest-widget.visible').waitFor({ timeout: 20_000 });
    await page.waitForTimeout(1000);
    clearInterval(touching);
    let labels: string[] = [];
    for (const deadline = Date.now() + 30_000; Date.now() < deadline && !labels.some((label) => KEYS.includes(label.split(/[\s,]/)[0])); await page.waitForTimeout(100)) {
      labels = await page.locator('.suggest-widget.visible .monaco-list-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
    }
    assert.ok(labels.some((label) => KEYS.includes(label.split(/[\s,]/)[0])), `no library key in the list: ${JSON.stringify(labels)}`);
  });
});
