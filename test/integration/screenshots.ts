// Saves PNGs of Citemark in a real VS Code workbench (offline: see workbench.ts) to screenshots/:
// the completion list after `[@`, a hover, the Problems panel, the Themes view, the synthesis matrix,
// the "Convert to @key" code action on an author-date citation; and to media/walkthrough/ the Zotero
// step's picture (a Better BibTeX entry whose keywords name a theme).
// Usage: node scripts/vscode-offline/screenshots.mjs   (CITEMARK_VSIX=<file> to shoot a given VSIX)
import * as fs from 'fs';
import * as path from 'path';
import { buildCitemarkVsix } from './build';
import { REPO_ROOT, Workbench } from './workbench';

const OUT_DIR = path.join(REPO_ROOT, 'screenshots');

async function main(): Promise<void> {
  const vsix = process.env.CITEMARK_VSIX ?? buildCitemarkVsix();
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const wb = await Workbench.start({
    workspaceFixture: path.join(REPO_ROOT, 'test/integration/workspace'),
    vsixFiles: [vsix],
    viewport: { width: 1400, height: 700 },
  });
  const { page } = wb;
  const shoot = async (name: string, folder = OUT_DIR) => {
    const file = path.join(folder, `${name}.png`);
    await page.screenshot({ path: file });
    console.log(`${path.relative(REPO_ROOT, file)} (${fs.statSync(file).size} bytes)`);
  };
  try {
    await wb.openFile('draft.md');
    await page.locator('.editor-instance .monaco-editor .view-lines').click();
    // The misspelt key's squiggle: Citemark is active and has read the draft's library.
    await page.waitForSelector('.editor-instance .squiggly-error', { timeout: 60_000 });

    await page.keyboard.press('Control+End');
    await page.keyboard.type('Literate programs [@');
    await wb.suggestions();
    // Ctrl+Space on an open list shows the focused item's details (the formatted reference).
    await page.keyboard.press('Control+Space');
    let since = Date.now();
    await page.locator('.suggest-details-container .suggest-details', { hasText: 'Analytical Engine' }).waitFor({ state: 'visible', timeout: 30_000 });
    console.log(`completion details shown in ${Date.now() - since} ms`);
    await page.waitForTimeout(300);
    await shoot('completion');
    await page.keyboard.press('Escape');

    await page.locator('.view-line span', { hasText: /lovelace1843notes/ }).last().hover();
    since = Date.now();
    await page.locator('.monaco-hover:not(.hidden) .monaco-hover-content', { hasText: 'Analytical Engine' }).last().waitFor({ state: 'visible', timeout: 30_000 });
    console.log(`hover shown in ${Date.now() - since} ms`);
    await page.waitForTimeout(300);
    await shoot('hover');
    await page.mouse.move(900, 600); // off the text, so no link underline or tooltip shows

    await wb.problems();
    await page.waitForTimeout(300);
    await shoot('problems');
    await page.keyboard.press('Control+Shift+M');

    await page.locator('.activitybar .action-label[aria-label*="Citemark Themes"]').click();
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Machines' }).click();
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Computability' }).waitFor({ timeout: 20_000 });
    await page.waitForTimeout(300);
    await shoot('themes-view');

    await page.locator('.part.sidebar .action-label[aria-label="Show Synthesis Matrix"]').first().click();
    await page.frameLocator('iframe.webview.ready').frameLocator('#active-frame').locator('#matrix tbody tr').first().waitFor({ timeout: 30_000 });
    await page.mouse.move(900, 600);
    await page.waitForTimeout(500);
    await shoot('matrix');

    // Zotero tags exported by Better BibTeX as `keywords`, read as themes with keywordsAsTags.
    fs.writeFileSync(path.join(wb.workspace, 'zotero.bib'),
      '@book{wirth1976algorithms,\n  author   = {Wirth, Niklaus},\n  title    = {Algorithms + Data Structures = Programs},\n  publisher = {Prentice-Hall},\n  year     = {1976},\n  keywords = {Compilers, Pascal},\n}\n');
    fs.mkdirSync(path.join(wb.workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(wb.workspace, '.vscode/settings.json'), JSON.stringify({ 'citemark.themes.keywordsAsTags': true }, null, 2));
    await page.keyboard.press('Control+W');
    await wb.openFile('zotero.bib');
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Programs' }).click();
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Compilers' }).click();
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Wirth (1976)' }).waitFor({ timeout: 30_000 });
    await page.mouse.move(900, 600);
    await page.waitForTimeout(500);
    await shoot('zotero-keywords', path.join(REPO_ROOT, 'media/walkthrough'));
    await page.keyboard.press('Control+W');

    // Linking a manuscript typed in a word processor: the code action on an author-date citation.
    fs.copyFileSync(path.join(REPO_ROOT, 'examples/manuscript-apa.md'), path.join(wb.workspace, 'manuscript-apa.md'));
    await wb.openFile('manuscript-apa.md');
    const { line, column } = wb.locate('manuscript-apa.md', 'Kaldor (2012)');
    await wb.goTo(line, column + 2);
    await page.keyboard.press('Control+.');
    await page.locator('.action-widget .monaco-list-row.action', { hasText: 'Convert to @kaldor2012new' }).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(300);
    await shoot('link-citation');
  } finally {
    await wb.stop();
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? String(error));
  process.exitCode = 1;
});
