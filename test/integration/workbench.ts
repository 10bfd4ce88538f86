// A real VS Code workbench, offline: the VS Code server shipped by the `code-server` npm package
// (installed by scripts/vscode-offline/install.sh), shown in Debian's Chromium driven by
// playwright-core. The extension host only starts once a browser window connects.
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const REPO_ROOT = path.resolve(__dirname, '../..');
const CODE_SERVER_DIR = process.env.CITEMARK_CODE_SERVER_DIR ?? path.join(REPO_ROOT, '.vscode-test/code-server');
const CODE_SERVER_ENTRY = path.join(CODE_SERVER_DIR, 'node_modules/code-server/out/node/entry.js');
const CHROMIUM = process.env.CITEMARK_CHROMIUM ?? '/usr/bin/chromium';
// No network but loopback: keep Chromium from calling home.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'editor.minimap.enabled': false,
  'editor.quickSuggestionsDelay': 0,
  'editor.hover.delay': 100,
  'window.commandCenter': false,
};

/**
 * An untrusted workspace, as a folder of unknown origin opens: trust on, no startup dialog (the folder
 * opens in Restricted Mode), no `--disable-workspace-trust`. Chromium's fresh profile holds no trusted folder.
 */
const RESTRICTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
};

export function offlineWorkbenchInstalled(): boolean {
  return fs.existsSync(CODE_SERVER_ENTRY) && fs.existsSync(CHROMIUM);
}

export interface WorkbenchOptions {
  /** Folder to copy and open; the copy is what the workbench edits. */
  workspaceFixture: string;
  /** VSIX files to install before the server starts. */
  vsixFiles: string[];
  /** Extra environment for the server and so for the extension host. */
  env?: Record<string, string>;
  viewport?: { width: number; height: number };
  /** Open the workspace untrusted, in Restricted Mode (by default it is trusted). */
  restricted?: boolean;
  /** User settings on top of the harness's own. */
  userSettings?: Record<string, unknown>;
}

export class Workbench {
  /** The workbenches started and not stopped yet: the harness's failure report shows each. */
  static readonly running = new Set<Workbench>();

  private constructor(
    readonly page: Page,
    readonly workspace: string,
    readonly tempDir: string,
    private readonly browser: Browser,
    private readonly server: ChildProcess,
    readonly serverLog: string[],
    /** Errors and warnings the workbench page logged, for failure reports. */
    readonly browserLog: string[],
    private readonly killServer: () => void,
  ) {}

  static async start(options: WorkbenchOptions): Promise<Workbench> {
    if (!offlineWorkbenchInstalled()) {
      throw new Error(`No offline VS Code: run scripts/vscode-offline/install.sh (looked for ${CODE_SERVER_ENTRY} and ${CHROMIUM})`);
    }
    const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citemark-workbench-'));
    const userDataDir = path.join(tempDir, 'user-data');
    const extensionsDir = path.join(tempDir, 'extensions');
    const workspace = path.join(tempDir, 'workspace');
    fs.cpSync(options.workspaceFixture, workspace, { recursive: true });
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify({ ...USER_SETTINGS, ...(options.restricted ? RESTRICTED_SETTINGS : {}), ...options.userSettings }, null, 2));
    // code-server writes a config file and state under XDG folders: keep them in the temp dir.
    const env = { ...process.env, XDG_CONFIG_HOME: path.join(tempDir, 'config'), XDG_DATA_HOME: path.join(tempDir, 'data'), ...options.env };
    const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

    const install = spawnSync(process.execPath, [CODE_SERVER_ENTRY, ...common,
      ...options.vsixFiles.flatMap((file) => ['--install-extension', file])], { env, encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`Installing ${options.vsixFiles.join(', ')} failed:\n${install.stdout}${install.stderr}`);

    const port = await freePort();
    const server = spawn(process.execPath, [CODE_SERVER_ENTRY, ...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry', '--disable-update-check', ...(options.restricted ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override', workspace],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    // Never leave the server behind, even when the harness is interrupted (playwright closes its own browser).
    const killServer = () => killGroup(server);
    process.once('exit', killServer);
    const serverLog: string[] = [];
    server.stdout?.on('data', (chunk) => serverLog.push(String(chunk)));
    server.stderr?.on('data', (chunk) => serverLog.push(String(chunk)));

    let browser: Browser | undefined;
    try {
      await waitForHttp(`http://127.0.0.1:${port}/healthz`, 30_000);
      // launch() gives Chromium a fresh profile of its own each time
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 800 } });
      const browserLog: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') browserLog.push(`${message.type()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => browserLog.push(`page error: ${error.message}`));
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      const workbench = new Workbench(page, workspace, tempDir, browser, server, serverLog, browserLog, killServer);
      Workbench.running.add(workbench);
      return workbench;
    } catch (error) {
      await browser?.close().catch(() => undefined);
      killServer();
      process.removeListener('exit', killServer);
      throw new Error(`${(error as Error).message}\nserver log:\n${serverLog.join('')}`);
    }
  }

  /**
   * Opens a workspace file in an editor through Quick Open, as a user does. Quick Open's file search may
   * not know a file written a moment ago ("No matching results", seen in CI): then, as a user would, it
   * is closed and asked again.
   */
  async openFile(relativePath: string): Promise<void> {
    // The focused row, not any row: under load the list can still show recent files, another one first.
    await this.typeAndTake('Control+P', relativePath, `.quick-input-list .monaco-list-row.focused[aria-label*="${path.basename(relativePath)}"]`);
    await this.page.waitForSelector(`.tab.active[aria-label*="${path.basename(relativePath)}"]`);
    await this.page.waitForSelector('.editor-instance .monaco-editor .view-lines');
  }

  /** Runs a command from the Command Palette by its title. */
  async runCommand(title: string): Promise<void> {
    await this.typeAndTake('Control+Shift+P', title, `.quick-input-list .monaco-list-row[aria-label*="${title}"]`);
  }

  /**
   * Opens the quick input `key` opens, types `text` and takes the row `row` once it shows. When it does
   * not show in 15 s the quick input is closed and asked again, as a user would: Quick Open may not know
   * a file written a moment ago, and a quick input closes when something else takes the focus (CI: the
   * Command Palette hid, its row with it, while the command was typed).
   */
  private async typeAndTake(key: string, text: string, row: string): Promise<void> {
    const { page } = this;
    for (let attempt = 1; ; attempt++) {
      await this.openQuickInput(key);
      await page.keyboard.type(text);
      if (await page.waitForSelector(row, { timeout: 15_000 }).then(() => true, () => false)) break;
      await page.keyboard.press('Escape');
      if (attempt === 3) throw new Error(`${key} did not list '${text}' (3 tries, 15 s each)`);
    }
    await page.keyboard.press('Enter');
  }

  /**
   * Presses `key` until the quick input it opens shows. A key pressed while the focus is in a webview
   * being closed goes nowhere (CI: Quick Open did not open after the matrix was closed with Ctrl+W):
   * then the focus is taken back to the workbench and the key pressed again.
   */
  async openQuickInput(key: string): Promise<void> {
    const { page } = this;
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press(key);
      const shown = await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 10_000 }).then(() => true, () => false);
      if (shown) return;
      if (attempt === 3) throw new Error(`${key} opened no quick input (3 tries, 10 s each)`);
      await page.evaluate('document.activeElement?.blur()');
    }
  }

  /** In the quick pick that is open, types `label` and takes the row it names. */
  async pick(label: string, timeoutMs = 30_000): Promise<void> {
    const { page } = this;
    await page.keyboard.type(label);
    await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${label}"]`, { timeout: timeoutMs });
    await page.keyboard.press('Enter');
  }

  /** Moves the cursor with Go to Line (1-based line and column, as the status bar shows them). */
  async goTo(line: number, column = 1): Promise<void> {
    await this.openQuickInput('Control+G');
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
  }

  /** 1-based line and column of the first `text` in a workspace file, as it is on disk. */
  locate(relativePath: string, text: string): { line: number; column: number } {
    const lines = fs.readFileSync(path.join(this.workspace, relativePath), 'utf8').split('\n');
    const line = lines.findIndex((candidate) => candidate.includes(text));
    if (line < 0) throw new Error(`'${text}' is not in ${relativePath}`);
    return { line: line + 1, column: lines[line].indexOf(text) + 1 };
  }

  /**
   * The visible text of the active editor (Monaco renders spaces as no-break spaces), its lines in the
   * order they show: after an edit Monaco reuses line elements, so the DOM order is not the text's.
   */
  async editorText(): Promise<string> {
    const lines = await this.page.locator('.editor-instance .monaco-editor .view-lines .view-line')
      .evaluateAll((elements) => elements.map((element) => ({ top: Number(/top:\s*(-?[\d.]+)px/.exec(element.getAttribute('style') ?? '')?.[1] ?? 0), text: element.textContent ?? '' })));
    return lines.sort((a, b) => a.top - b.top).map((line) => line.text).join('\n').replace(/\u00a0/g, ' ');
  }

  async waitForEditorText(fragment: string, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = await this.editorText();
      if (text.includes(fragment)) return text;
      if (Date.now() > deadline) throw new Error(`The editor never showed '${fragment}'; it shows:\n${text}`);
      await this.page.waitForTimeout(100);
    }
  }

  /** Labels of the rows of the open suggestion list. */
  async suggestions(): Promise<string[]> {
    await this.page.waitForSelector('.suggest-widget.visible .monaco-list-row', { timeout: 20_000 });
    return this.page.locator('.suggest-widget.visible .monaco-list-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
  }

  /**
   * Opens the code-action menu at the cursor (Ctrl+.) and picks an entry with the arrow keys and Enter.
   * Asks again while the entry is not offered: in a workbench just opened, the extension may still be
   * reading the draft's libraries ("No code actions available").
   */
  async chooseAction(title: string, timeoutMs = 30_000): Promise<void> {
    const { page } = this;
    const deadline = Date.now() + timeoutMs;
    let titles: Array<string | null> = [];
    for (;;) {
      await page.keyboard.press('Control+.');
      const shown = await page.waitForSelector('.action-widget .monaco-list-row.action', { timeout: 5_000 }).then(() => true, () => false);
      if (shown) titles = await page.locator('.action-widget .monaco-list-row.action').evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label')));
      if (titles.includes(title)) break;
      if (Date.now() > deadline) throw new Error(`No action '${title}' among ${JSON.stringify(titles)}`);
      await page.keyboard.press('Escape');
      await page.waitForTimeout(500);
    }
    for (let step = 0; step <= titles.length; step++) {
      if ((await page.locator('.action-widget .monaco-list-row.focused').getAttribute('aria-label')) === title) {
        await page.keyboard.press('Enter');
        return;
      }
      await page.keyboard.press('ArrowDown');
    }
    throw new Error(`Could not move to the action '${title}'`);
  }

  /** Rows of the Problems panel, opened with its keyboard shortcut. */
  async problems(): Promise<string[]> {
    await this.page.keyboard.press('Control+Shift+M');
    await this.page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 20_000 });
    return this.page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? row.textContent ?? ''));
  }

  /** Throws, with the server's log, when the server has died. */
  assertServerRunning(): void {
    if (this.server.exitCode !== null || this.server.signalCode !== null) {
      throw new Error(`code-server exited (${this.server.exitCode ?? this.server.signalCode}); its log:\n${this.serverLog.join('')}`);
    }
  }

  async stop(): Promise<void> {
    Workbench.running.delete(this);
    await this.browser.close().catch(() => undefined);
    this.killServer();
    process.removeListener('exit', this.killServer);
    fs.rmSync(this.tempDir, { recursive: true, force: true });
  }
}

/** Ends the server and the processes it started (extension host, file watcher): its own group only. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
