// Restricted Mode in the real workbench: a second window on an untrusted workspace (see
// WorkbenchOptions.restricted). Libraries named from the workspace or the settings but lying outside it
// (front matter, `_quarto.yml`, `citemark.bibliographies`) and a codebook outside it
// (`citemark.themes.codebook`) are not read, and a warning says so; a library inside still works.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Workbench } from '../workbench';
import { citemarkVsix } from './context';

const INSIDE_KEY = 'inside1999';
/** Per outside file, the key only it holds (none for the codebook). */
const OUTSIDE = { 'front.bib': 'frontonly2001', 'quarto.bib': 'quartoonly2002', 'settings.bib': 'settingsonly2003', 'themes.yaml': undefined };

const entry = (key: string) => `@book{${key},\n  author = {Doe, Jane},\n  title = {Title of ${key}},\n  year = {${key.slice(-4)}}\n}\n`;

describe('Restricted Mode (an untrusted workspace)', function () {
  this.timeout(180_000);
  let dir: string;
  let wb: Workbench;

  before(async function () {
    this.timeout(240_000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citemark-restricted-'));
    const outside = path.join(dir, 'outside');
    const fixture = path.join(dir, 'fixture');
    fs.mkdirSync(outside);
    fs.mkdirSync(path.join(fixture, 'project'), { recursive: true });
    for (const [file, key] of Object.entries(OUTSIDE)) if (key) fs.writeFileSync(path.join(outside, file), entry(key));
    // Were it read, `#outsidr` would be an unknown theme close to `outsider`.
    fs.writeFileSync(path.join(outside, 'themes.yaml'), 'themes:\n  - id: outsider\n    label: Outsider\n');
    fs.writeFileSync(path.join(fixture, 'inside.bib'), entry(INSIDE_KEY));
    fs.writeFileSync(path.join(fixture, 'front.md'),
      `---\nbibliography: [inside.bib, ${JSON.stringify(path.join(outside, 'front.bib'))}]\n---\n\nSee [@${INSIDE_KEY}] and [@frontonly2001].\n`);
    fs.writeFileSync(path.join(fixture, 'project/_quarto.yml'),
      `project:\n  type: book\nbibliography: [../inside.bib, ${JSON.stringify(path.join(outside, 'quarto.bib'))}]\n`);
    fs.writeFileSync(path.join(fixture, 'project/chapter.md'), `See [@${INSIDE_KEY}] and [@quartoonly2002].\n`);
    // The workspace's own value of a restricted setting is ignored: settings.md sees the user's value.
    fs.mkdirSync(path.join(fixture, '.vscode'));
    fs.writeFileSync(path.join(fixture, '.vscode/settings.json'), JSON.stringify({ 'citemark.bibliographies': [path.join(outside, 'workspace.bib')] }));
    fs.writeFileSync(path.join(outside, 'workspace.bib'), entry('settingsonly2003'));
    fs.writeFileSync(path.join(fixture, 'settings.md'), `See [@${INSIDE_KEY}] and [@settingsonly2003]. #outsidr\n`);
    wb = await Workbench.start({
      workspaceFixture: fixture,
      vsixFiles: [citemarkVsix()],
      restricted: true,
      // User settings (a workspace's own values of these are ignored in Restricted Mode anyway).
      userSettings: {
        'citemark.bibliographies': ['inside.bib', path.join(outside, 'settings.bib')],
        'citemark.themes.codebook': path.join(outside, 'themes.yaml'),
      },
    });
  });

  after(async () => {
    await wb?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens the workspace in Restricted Mode', async () => {
    await wb.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 60_000 });
  });

  it('flags the keys of the libraries outside, not those of the library inside', async () => {
    for (const draft of ['front.md', 'chapter.md', 'settings.md']) await wb.openFile(draft);
    const missing = Object.values(OUTSIDE).filter((key) => key !== undefined);
    const rows = await problemsWhen(wb, (found) => missing.every((key) => found.some((row) => row.includes(`'${key}'`))));
    for (const key of missing) assert.strictEqual(rows.filter((row) => row.includes(`'${key}'`)).length, 1, `${key}: ${JSON.stringify(rows)}`);
    // (settings.md names no bibliography: an Info row says Pandoc will not find inside1999 then; no error names it)
    assert.ok(!rows.some((row) => row.includes(INSIDE_KEY) && !row.startsWith('Info: This draft names no bibliography')), `${INSIDE_KEY} is in the library inside: ${JSON.stringify(rows)}`);
    // No codebook was read, so no theme is unknown.
    assert.ok(!rows.some((row) => row.includes('outsidr')), JSON.stringify(rows));
  });

  it('says which files outside the workspace were not read', async () => {
    await wb.runCommand('Notifications: Show Notifications');
    const expected = Object.keys(OUTSIDE).map((file) => `Citemark: Restricted Mode: ${path.join(dir, 'outside', file)} is outside the workspace and was not read.`);
    let messages: string[] = [];
    const allShown = () => expected.every((text) => messages.some((message) => message.includes(text)));
    for (const deadline = Date.now() + 30_000; !allShown() && Date.now() < deadline; await wb.page.waitForTimeout(250)) {
      messages = await wb.page.locator('.notifications-center .notification-list-item-message').allInnerTexts();
    }
    assert.ok(allShown(), `expected ${JSON.stringify(expected, null, 1)}\namong ${JSON.stringify(messages, null, 1)}`);
    // The workspace's own citemark.bibliographies was not even tried (restrictedConfigurations).
    assert.ok(!messages.some((message) => message.includes('workspace.bib')), JSON.stringify(messages, null, 1));
  });
});

/** The Problems panel's rows once `done` holds of them (or as they are after 60 s). */
async function problemsWhen(wb: Workbench, done: (rows: string[]) => boolean): Promise<string[]> {
  await wb.page.keyboard.press('Control+Shift+M');
  const deadline = Date.now() + 60_000;
  for (;;) {
    const rows = await wb.page.locator('.markers-panel .monaco-list-row').evaluateAll((found) => found.map((row) => row.getAttribute('aria-label') ?? row.textContent ?? ''));
    if (done(rows) || Date.now() > deadline) return rows;
    await wb.page.waitForTimeout(250);
  }
}
