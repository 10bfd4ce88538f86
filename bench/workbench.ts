// The editor path as a user meets it: a real workbench (the integration harness's offline VS Code in
// headless Chromium, the built VSIX installed) opens a workspace with the ACL library and a draft
// citing it; the time from the window being open to the first completion list after typing `[@`,
// cold (no cache) and warm (cache present, window reloaded), each the median of three fresh
// workbenches, as a ratio to `citemark check` on the same draft in the same run. The extension
// host's longest task meanwhile comes from its CITEMARK_LOOP_LOG (see src/extension/loopMonitor.ts);
// which of its long tasks ran Citemark's code comes from the host's CPU profile of each load (see
// hostProfile.ts).
//
// `npm run bench workbench` runs this file under tsx in a child process (see bench.ts): the harness
// finds the repository and the offline VS Code from its own place in test/, and stays out of the bundle.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BUILD_DIR, buildCitemarkVsix, vscePackage } from '../test/integration/build';
import { HostProfiles, isOurs, type HostTask } from './hostProfile';
import { offlineWorkbenchInstalled, Workbench } from '../test/integration/workbench';
import { gunzipFile, ms } from './util';

const REPO_ROOT = path.resolve(__dirname, '..');
/**
 * Without a list this long after the library was read (the extension's log says when; the floor's
 * extension reads none: after it activated), the user asks again (Escape, Ctrl+Space), and again after
 * as long: the list did not come by itself.
 */
const RETRIGGER_MS = 5000;
/** The events of the extensions' logs that start that wait (see readyTime). */
const LIBRARY_READ = 'library ';
const FLOOR_READY = 'activated';
const GIVE_UP_MS = 180_000;

interface Measured {
  /** Milliseconds from the window open to the first completion list, to the draft's editor open, and to `[@` typed in it. */
  firstList: number;
  draftOpen: number;
  /**
   * Milliseconds from the window open to a list holding the library's last key, typed after the first
   * list: the whole library searched (the first list may come from the entries the worker sends ahead of its parse).
   */
  searched: number;
  /** Whether the draft's editor was the one VS Code restored (else Quick Open opened it). */
  restored: boolean;
  typed: number;
  /** Milliseconds from the window open to the extension's activation (from its log; undefined if not seen). */
  activated?: number;
  /** How often the list had to be asked for again (0: it came by itself). */
  retriggers: number;
  /** The extension host's longest task in that time (ms), and the tasks over 50 ms. */
  longestTask: number;
  longTasks: HostTask[];
}

async function run(aclGz: string): Promise<void> {
  if (!offlineWorkbenchInstalled()) {
    console.log('skipped: no offline VS Code (run scripts/vscode-offline/install.sh)');
    return;
  }
  const source = fs.mkdtempSync(path.join(os.tmpdir(), 'citemark-bench-wb-'));
  const bytes = await gunzipFile(aclGz);
  fs.writeFileSync(path.join(source, 'acl.bib'), bytes);
  const keys = new Set([...bytes.toString('latin1').matchAll(/^@\w+\{([^,\s]+),/gm)].map((match) => match[1]));
  const lastKey = [...keys].at(-1)!;
  const cited = [...keys].slice(1000, 1003);
  fs.writeFileSync(path.join(source, 'draft.md'),
    `---\ntitle: A draft\nbibliography: acl.bib\n---\n\nAs shown before [@${cited[0]}; @${cited[1]}], and by @${cited[2]}.\n`);

  const cli = cliCheck(source);
  const vsix = buildCitemarkVsix();
  // The extension host's CPU profile of each load (see loopMonitor.ts) tells which long tasks are ours; it
  // lands in CITEMARK_BENCH_PROFILE=<folder> if given; CITEMARK_BENCH_PROFILE=off: no profile, no attribution.
  // (logs and profiles beside the workspace, not in it: each workbench copies the workspace)
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'citemark-bench-logs-'));
  const profileRoot = process.env.CITEMARK_BENCH_PROFILE === 'off' ? undefined :
    path.resolve(process.env.CITEMARK_BENCH_PROFILE || path.join(scratch, 'profiles'));
  const floorVsix = buildFloorVsix();
  const sessions: Array<{ cold: Attributed; warm: Attributed }> = [];
  const floors: Array<{ cold: Measured; warm: Measured }> = [];
  try {
    // Citemark's sessions and the floor's taken in turn: a change of the machine's load falls on both.
    for (let session = 0; session < SESSIONS; session++) {
      sessions.push(await measureCitemark(source, vsix, keys, lastKey, path.join(scratch, 'loop.log'), profileRoot && path.join(profileRoot, `session-${session + 1}`)));
      floors.push(await measureFloor(source, floorVsix, cited, path.join(scratch, 'floor-loop.log')));
    }
  } finally {
    fs.rmSync(source, { recursive: true, force: true });
    if (!process.env.CITEMARK_BENCH_PROFILE) fs.rmSync(scratch, { recursive: true, force: true });
  }
  const cold = median(sessions.map((each) => each.cold), (each) => each.measured.firstList - each.measured.draftOpen);
  const warm = median(sessions.map((each) => each.warm), (each) => each.measured.firstList - each.measured.draftOpen);
  const floor = {
    cold: median(floors.map((each) => each.cold), (each) => each.firstList - each.draftOpen),
    warm: median(floors.map((each) => each.warm), (each) => each.firstList - each.draftOpen),
  };
  const each = (runs: Measured[]) => runs.map((run) => ms(run.firstList - run.draftOpen)).join(', ');

  // Judged from the draft's editor being open: the extension activates when a draft opens, and the
  // issue's "after the draft opened"; the time from the window open adds the harness's Quick Open.
  const report = (name: string, { measured, ours: whose }: Attributed, floorMeasured: Measured, target: number) => {
    const fromDraft = measured.firstList - measured.draftOpen;
    const ratio = fromDraft / cli;
    const floorFromDraft = floorMeasured.firstList - floorMeasured.draftOpen;
    const activated = measured.activated === undefined ? 'not seen' :
      `${ms(measured.activated - measured.draftOpen)} after it; from activation ${ms(measured.firstList - measured.activated)} = ${((measured.firstList - measured.activated) / cli).toFixed(2)}×`;
    console.log(`${name}: first completion list ${ms(fromDraft)} after the draft's editor opened = ${ratio.toFixed(2)}× the CLI's check ` +
      `(target <= ${target}×: ${ratio <= target ? 'holds' : 'MISSED'}; activation ${activated}, \`[@\` typed ${ms(measured.typed - measured.draftOpen)} after it); ` +
      `the floor's ${ms(floorFromDraft)} = ${(floorFromDraft / cli).toFixed(2)}× the check${floorFromDraft / cli > target ? ' (above the target: no extension meets it here)' : ''}, Citemark ${ms(fromDraft - floorFromDraft)} over it; ` +
      `from the window open ${ms(measured.firstList)} = ${(measured.firstList / cli).toFixed(2)}× (${measured.restored ? 'the draft\'s restored editor showed' : 'Quick Open of the draft'} ${ms(measured.draftOpen)}); ` +
      `${measured.retriggers === 0 ? 'the list came by itself' : `the list had to be asked for again ${measured.retriggers} time(s)`}; ` +
      `the library's last key typed then listed ${ms(measured.searched - measured.draftOpen)} after the draft's editor opened = ${((measured.searched - measured.draftOpen) / cli).toFixed(2)}× (the whole library searched); ` +
      `extension host's longest task ${ms(measured.longestTask)}, ${measured.longTasks.length} over 50 ms; ` +
      whose);
  };
  console.log(`baseline: citemark check on the draft (fresh process, median of 3): ${ms(cli)}; load average ${os.loadavg()[0].toFixed(1)}`);
  const floorLine = (name: string, measured: Measured) => `${name} ${ms(measured.firstList - measured.draftOpen)} after the draft's editor` +
    (measured.activated === undefined ? '' : ` (activated ${ms(measured.activated - measured.draftOpen)} after it)`) + (measured.restored ? ', restored' : '');
  console.log(`floor: an extension that answers \`[@\` at once with the draft's keys and reads no library, in a workbench of its own, the same steps: ` +
    `${floorLine('cold', floor.cold)}; ${floorLine('warm', floor.warm)}`);
  console.log(`first lists after the draft's editor, ${SESSIONS} fresh workbenches each, taken in turn (the median is reported below): ` +
    `Citemark cold ${each(sessions.map((one) => one.cold.measured))}, warm ${each(sessions.map((one) => one.warm.measured))}; ` +
    `floor cold ${each(floors.map((one) => one.cold))}, warm ${each(floors.map((one) => one.warm))}`);
  report('cold (no cache)', cold, floor.cold, 2);
  report('warm (cache present, window reloaded)', warm, floor.warm, 0.5);
  console.log(`load average after: ${os.loadavg()[0].toFixed(1)}`);
}

/** Fresh workbenches of Citemark and of the floor, each measured cold then warm: the bench reports the medians. */
const SESSIONS = 3;

type Attributed = { measured: Measured; ours: string };

/** The run of median `value` (of an odd count). */
function median<T>(runs: T[], value: (run: T) => number): T {
  return [...runs].sort((a, b) => value(a) - value(b))[runs.length >> 1];
}

/**
 * One fresh workbench with Citemark: the first list cold, then after Reload Window with the cache
 * written (warm), each with its long tasks attributed from the host's profile in `profileFolder`.
 */
async function measureCitemark(source: string, vsix: string, keys: Set<string>, lastKey: string, loopLog: string, profileFolder: string | undefined): Promise<{ cold: Attributed; warm: Attributed }> {
  fs.rmSync(loopLog, { force: true });
  if (profileFolder) fs.mkdirSync(profileFolder, { recursive: true });
  const profile: Record<string, string> = profileFolder ? { CITEMARK_CPU_PROFILE: profileFolder } : {};
  const workbench = await Workbench.start({ workspaceFixture: source, vsixFiles: [vsix], env: { CITEMARK_LOOP_LOG: loopLog, ...profile } });
  // Which long tasks were Citemark's: each load's profile is written a few seconds after its first list, before the next load.
  const attributed = async (measured: Measured) => ({ measured, ours: profileFolder ? await ours(profileFolder, measured.longTasks) : 'not attributed (no profile)' });
  try {
    const cold = await attributed(await firstCompletion(workbench, keys, lastKey, loopLog, false, LIBRARY_READ));
    await workbench.page.keyboard.press('Escape');
    await workbench.runCommand('File: Revert File');
    await waitForCache(workbench.tempDir);
    await reloadWindow(workbench);
    return { cold, warm: await attributed(await firstCompletion(workbench, keys, lastKey, loopLog, true, LIBRARY_READ)) };
  } finally {
    // (kept beside the profiles, to look at them again)
    if (profileFolder && fs.existsSync(loopLog)) fs.copyFileSync(loopLog, path.join(profileFolder, 'loop.log'));
    await workbench.stop();
  }
}

/** Reload Window, as a user does it; resolves once the workbench shows again. */
async function reloadWindow(workbench: Workbench): Promise<void> {
  await workbench.page.reload();
  await workbench.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
}

/**
 * VS Code's own part of the wait: the first list of an extension that does nothing but answer `[@` at once
 * with the draft's cited keys (it reads no library), cold and after Reload Window, measured as Citemark is.
 */
async function measureFloor(workspaceFixture: string, vsix: string, cited: string[], loopLog: string): Promise<{ cold: Measured; warm: Measured }> {
  fs.rmSync(loopLog, { force: true });
  const workbench = await Workbench.start({ workspaceFixture, vsixFiles: [vsix], env: { CITEMARK_LOOP_LOG: loopLog, CITEMARK_FLOOR_KEYS: cited.join(',') } });
  try {
    const keys = new Set(cited);
    const cold = await firstCompletion(workbench, keys, cited[0], loopLog, false, FLOOR_READY);
    await workbench.page.keyboard.press('Escape');
    await workbench.runCommand('File: Revert File');
    // as long as Citemark's cache takes to appear, about: VS Code has stored which editors are open
    await new Promise((resolve) => setTimeout(resolve, 5000));
    await reloadWindow(workbench);
    return { cold, warm: await firstCompletion(workbench, keys, cited[0], loopLog, true, FLOOR_READY) };
  } finally {
    await workbench.stop();
  }
}

/** The floor's extension (see measureFloor), packaged as Citemark is; it says when it activates in CITEMARK_LOOP_LOG. */
function buildFloorVsix(): string {
  const folder = path.join(BUILD_DIR, 'floor');
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  const manifest = {
    name: 'citemark-bench-floor', displayName: 'Citemark bench floor', description: 'Answers [@ at once, for a benchmark (never published).',
    publisher: 'citemark', version: '0.0.0', license: 'MIT', engines: { vscode: '^1.90.0' }, main: './extension.js',
    activationEvents: ['onLanguage:markdown'], files: ['extension.js', 'README.md'],
  };
  fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(folder, 'README.md'), `${manifest.description}\n`);
  fs.writeFileSync(path.join(folder, 'extension.js'), `const fs = require('fs');
const vscode = require('vscode');
exports.activate = (context) => {
  fs.appendFileSync(process.env.CITEMARK_LOOP_LOG, JSON.stringify({ at: Date.now(), event: 'activated' }) + '\\n');
  const keys = process.env.CITEMARK_FLOOR_KEYS.split(',');
  context.subscriptions.push(vscode.languages.registerCompletionItemProvider({ language: 'markdown' },
    { provideCompletionItems: () => keys.map((key) => new vscode.CompletionItem(key, vscode.CompletionItemKind.Reference)) }, '@', '['));
  // \`[@\` typed before the activation: asked again, as Citemark does
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.lineAt(editor.selection.active).text.slice(0, editor.selection.active.character).endsWith('@')) {
    void vscode.commands.executeCommand('editor.action.triggerSuggest');
  }
};
`);
  const vsixFile = path.join(BUILD_DIR, 'citemark-bench-floor.vsix');
  vscePackage(folder, vsixFile, ['--allow-missing-repository', '--skip-license']);
  return vsixFile;
}

/** `citemark check draft.md` in a fresh process, median of 3 (milliseconds). */
function cliCheck(workspace: string): number {
  const times = [0, 1, 2].map(() => {
    const start = performance.now();
    const child = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist/cli.js'), 'check', 'draft.md'], { cwd: workspace, encoding: 'utf8' });
    if (child.status === 2) throw new Error(`citemark check failed: ${child.stderr}`);
    return performance.now() - start;
  });
  return times.sort((a, b) => a - b)[1];
}

/**
 * Opens the draft, types `[@` at its end and waits for a list of library keys. `restored`: after a
 * reload VS Code restores the editors that were open, as a user sees after Reload Window: the draft is
 * open once its restored editor shows (Quick Open only if it does not). `ready`: see readyTime.
 */
async function firstCompletion(workbench: Workbench, keys: Set<string>, lastKey: string, loopLog: string, restored: boolean, ready: string): Promise<Measured> {
  const { page } = workbench;
  const opened = Date.now();
  const restoredEditor = restored && await page.waitForSelector('.tab.active[aria-label*="draft.md"]', { timeout: 30_000 })
    .then(() => page.waitForSelector('.editor-instance .monaco-editor .view-lines'))
    .then(() => true, () => false);
  if (!restoredEditor) await workbench.openFile('draft.md');
  const draftOpen = Date.now() - opened;
  await page.locator('.editor-instance .monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' See [@');
  mark(loopLog, 'typed [@');
  const typed = Date.now() - opened;
  let retriggers = 0;
  let asked = 0;
  for (;;) {
    if ((await listedKeys(page)).some((key) => keys.has(key))) break;
    if (Date.now() - opened > GIVE_UP_MS) throw new Error(`no completion list within ${GIVE_UP_MS} ms`);
    const libraryRead = asked || readyTime(loopLog, opened, ready);
    if (libraryRead && Date.now() - libraryRead > RETRIGGER_MS) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Space');
      retriggers++;
      mark(loopLog, 'asked again');
      asked = Date.now();
    }
    await page.waitForTimeout(50);
  }
  const firstList = Date.now() - opened;
  await page.keyboard.type(lastKey);
  mark(loopLog, 'typed the last key');
  while (!(await listedKeys(page)).includes(lastKey)) {
    if (Date.now() - opened > GIVE_UP_MS) throw new Error(`${lastKey} not listed within ${GIVE_UP_MS} ms`);
    await page.waitForTimeout(50);
  }
  const searched = Date.now() - opened;
  const lines = (fs.existsSync(loopLog) ? fs.readFileSync(loopLog, 'utf8').split('\n').filter(Boolean) : [])
    .map((line) => JSON.parse(line) as { at: number; event?: string } & Partial<HostTask>)
    // the tasks until the whole library is searched: the load may go on after a first list of the entries sent ahead
    .filter((line) => line.at >= opened && line.at <= opened + searched);
  const tasks = lines.flatMap((line) => (line.ms === undefined ? [] : [line.ms]));
  if (process.env.CITEMARK_BENCH_TIMELINE) {
    console.log(`  timeline (ms after the window opened): ${lines.filter((line) => line.event || line.ms! > 100)
      .map((line) => `${line.at - opened} ${line.event ?? `task ${line.ms} ms`}`).join('; ')}`);
  }
  const activation = lines.find((line) => line.event === 'activated');
  return {
    firstList, searched, draftOpen, restored: restoredEditor, typed, activated: activation && activation.at - opened, retriggers,
    longestTask: Math.max(0, ...tasks), longTasks: lines.flatMap(({ ms, hr, cpu, wait }) => (ms !== undefined && ms > 50 ? [{ ms, hr: hr!, cpu, wait }] : [])),
  };
}

/**
 * "ours: N over 50 ms, longest X" (the target: none), and each long task with Citemark's share of it,
 * from the extension host's CPU profile of the load. The host writes it a few seconds after the
 * first list (see loopMonitor.ts): this waits for it.
 */
async function ours(profileFolder: string, longTasks: HostTask[]): Promise<string> {
  const deadline = Date.now() + 15_000;
  let profiles = new HostProfiles(profileFolder);
  while (longTasks.some((task) => !profiles.attribute(task).profiled) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    profiles = new HostProfiles(profileFolder);
  }
  const attributed = longTasks.map((task) => ({ task, attribution: profiles.attribute(task) }));
  if (attributed.some(({ attribution }) => !attribution.profiled)) return 'not attributed (the profile did not cover the load)';
  const mine = attributed.filter(({ task, attribution }) => isOurs(task, attribution));
  const top = (tally: [string, number][]) => tally.filter(([, time]) => time >= 1).slice(0, 3).map(([name, time]) => `${name} ${time.toFixed(0)}`).join(', ');
  const each = attributed.map(({ task, attribution }) => `${task.ms} ms` + (task.cpu === undefined ? '' : ` (cpu ${task.cpu}, wait ${task.wait})`) +
    `: ours ${attribution.ours.toFixed(0)}` +
    (attribution.ours >= 1 ? ` (${top(attribution.by)})` : '') + `; others ${top(attribution.others)}`);
  // Citemark's time on the CPU in a task, taken as its share of the task's samples (waits fall on whatever code was running).
  const oursOnCpu = mine.flatMap(({ task, attribution }) => (task.cpu === undefined ? [] : [(task.cpu * attribution.ours) / task.ms]));
  return `ours: ${mine.length} over 50 ms, longest ${ms(Math.max(0, ...mine.map(({ task }) => task.ms)))} (target none: ${mine.length === 0 ? 'holds' : 'MISSED'}; ` +
    (oursOnCpu.length > 0 ? `Citemark's code on the CPU in them at most ~${ms(Math.max(...oursOnCpu))}, ${oursOnCpu.filter((time) => time > 50).length} over 50 ms; ` : '') +
    `timed with the CPU profiler on)\n    each (ms; cpu: the thread ran, wait: it waited for a CPU; whose code ran): ${each.join(' | ') || 'no long task'}`;
}

/** The first word of each row of the completion list shown (a key, for Citemark's items). */
async function listedKeys(page: Workbench['page']): Promise<string[]> {
  const labels = await page.locator('.suggest-widget.visible .monaco-list-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
  return labels.map((label) => label.split(/[\s,]/)[0]);
}

/** When the extension last logged (after `since`) an event starting with `ready`; 0 if not yet. */
function readyTime(loopLog: string, since: number, ready: string): number {
  const lines = fs.existsSync(loopLog) ? fs.readFileSync(loopLog, 'utf8').split('\n').filter((line) => line.includes(`"event":"${ready}`)) : [];
  const times = lines.map((line) => (JSON.parse(line) as { at: number }).at).filter((at) => at >= since);
  return times.length > 0 ? Math.max(...times) : 0;
}

function mark(loopLog: string, event: string): void {
  fs.appendFileSync(loopLog, `${JSON.stringify({ at: Date.now(), event })}\n`);
}

/** Waits until the extension has written its persisted index in the workspace storage. */
async function waitForCache(tempDir: string): Promise<void> {
  const storage = path.join(tempDir, 'user-data/User/workspaceStorage');
  const deadline = Date.now() + 60_000;
  let lastSize = -1;
  while (Date.now() < deadline) {
    const files = fs.existsSync(storage) ? fs.readdirSync(storage, { recursive: true, encoding: 'utf8' }).filter((name) => name.includes('citemark') && name.endsWith('.index')) : [];
    const size = files.reduce((sum, name) => sum + fs.statSync(path.join(storage, name)).size, 0);
    if (size > 0 && size === lastSize) return;
    lastSize = size;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`no Citemark cache appeared in ${storage}`);
}

if (process.argv[2] === '--run') {
  run(process.argv[3]).then(
    () => process.exit(0),
    (error: Error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
