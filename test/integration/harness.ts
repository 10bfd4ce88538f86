// Runs the integration tests in a real VS Code:
// - with a downloaded VS Code (CITEMARK_VSCODE_EXECUTABLE, or one @vscode/test-electron cached in
//   .vscode-test/), the ordinary way: runTests with extensionDevelopmentPath / extensionTestsPath;
// - otherwise offline, in the workbench of the `code-server` npm package shown in Debian's
//   Chromium: Citemark's VSIX and a test-runner extension are installed, the runner runs the
//   extension-host suites when the window opens, then playwright suites drive the UI.
// CITEMARK_VSIX=<file> tests that VSIX instead of building one; CITEMARK_TEST_GREP=<pattern> runs only
// the tests whose full titles match it.
// Prints mocha's report, then `N passed, N failed`; exits non-zero on any failure or timeout.
// Usage: npx tsx test/integration/harness.ts
import { runTests } from '@vscode/test-electron';
import * as fs from 'fs';
import Mocha from 'mocha';
import * as os from 'os';
import * as path from 'path';
import { CORPORA_DIR } from '../corpora';
import { buildCitemarkVsix, buildExtension, buildRunner, buildRunnerVsix, RUNNER_DIR } from './build';
import type { HostRunResult } from './index';
import { setCitemarkVsix, setHostResult, setWorkbench } from './ui/context';
import { offlineWorkbenchInstalled, REPO_ROOT, Workbench } from './workbench';

const WORKSPACE_FIXTURE = path.join(REPO_ROOT, 'test/integration/workspace');
const FAILURE_SHOTS = path.join(REPO_ROOT, '.vscode-test/failures');
// The suites that write the 51 MB ACL library several times take a few minutes on a busy machine.
const HOST_TIMEOUT_MS = Number(process.env.CITEMARK_HOST_TIMEOUT_MS ?? 600_000);
/** The extension-host suites run from an installed extension: they are told where the fixtures and corpora are. */
const SUITE_ENV = { CITEMARK_FIXTURES: path.join(REPO_ROOT, 'test/fixtures'), CITEMARK_CORPORA: CORPORA_DIR };

function downloadedVSCode(): string | undefined {
  if (process.env.CITEMARK_VSCODE_EXECUTABLE) return process.env.CITEMARK_VSCODE_EXECUTABLE;
  const cache = path.join(REPO_ROOT, '.vscode-test');
  const folders = fs.existsSync(cache) ? fs.readdirSync(cache).filter((name) => name.startsWith('vscode-')) : [];
  return folders.map((name) => path.join(cache, name, 'code')).find((file) => fs.existsSync(file));
}

function copyWorkspace(): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'citemark-workspace-'));
  fs.cpSync(WORKSPACE_FIXTURE, copy, { recursive: true });
  return copy;
}

async function runWithDownloadedVSCode(executable: string): Promise<HostRunResult> {
  buildExtension();
  await buildRunner();
  const resultFile = path.join(os.tmpdir(), `citemark-host-result-${process.pid}.json`);
  const workspace = copyWorkspace();
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(RUNNER_DIR, 'extension.js'),
      extensionTestsEnv: { CITEMARK_TEST_RESULT: resultFile, ...SUITE_ENV },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    }).catch(() => undefined); // the failures are in the result file
    if (!fs.existsSync(resultFile)) throw new Error(`VS Code exited without writing ${resultFile}`);
    return JSON.parse(fs.readFileSync(resultFile, 'utf8')) as HostRunResult;
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(resultFile, { force: true });
  }
}

async function waitForHostResult(file: string, workbench: Workbench, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    workbench.assertServerRunning();
    if (Date.now() > deadline) {
      throw new Error(`The extension-host suites did not finish within ${timeoutMs} ms; server log:\n${workbench.serverLog.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The extension-host outcome, test by test, followed by the workbench (playwright) suites. */
async function runMocha(files: string[], workbench?: Workbench): Promise<{ passes: number; failures: number; pending: number }> {
  const rootHooks: Mocha.RootHookObject = {
    // What the browsers showed when a workbench test failed, for whoever reads the CI log: the shared
    // workbench and any a suite started of its own.
    async afterEach(this: Mocha.Context) {
      const test = this.currentTest;
      if (!workbench || !test || test.state !== 'failed' || test.fullTitle().startsWith('in the extension host')) return;
      for (const [i, running] of [...Workbench.running].entries()) {
        const file = path.join(FAILURE_SHOTS, `${test.fullTitle().replace(/\W+/g, '-')}${i > 0 ? `-${i + 1}` : ''}.png`);
        await running.page.screenshot({ path: file }).then(() => console.log(`    (screenshot: ${path.relative(REPO_ROOT, file)})`), () => undefined);
        const recent = running.browserLog.splice(0).slice(-15);
        if (recent.length > 0) console.log(`    (browser log, last ${recent.length}:)\n${recent.map((line) => `      ${line.slice(0, 300)}`).join('\n')}`);
      }
    },
  };
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 60_000, rootHooks, color: Boolean(process.stdout.isTTY), grep: process.env.CITEMARK_TEST_GREP });
  for (const file of files) mocha.addFile(file);
  await mocha.loadFilesAsync();
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve({ passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? 0, pending: runner.stats?.pending ?? 0 }));
  });
}

function uiSuites(only: 'host' | 'all'): string[] {
  const dir = path.join(REPO_ROOT, 'test/integration/ui');
  const files = fs.readdirSync(dir).filter((name) => name.endsWith('.test.ts')).sort();
  return files.filter((name) => only === 'all' || name === 'host.test.ts').map((name) => path.join(dir, name));
}

async function runOffline(): Promise<{ passes: number; failures: number; pending: number }> {
  const started = Date.now();
  fs.rmSync(FAILURE_SHOTS, { recursive: true, force: true });
  const vsixFiles = [process.env.CITEMARK_VSIX ?? buildCitemarkVsix(), await buildRunnerVsix()];
  console.log(`built VSIX files in ${Date.now() - started} ms`);
  const resultDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citemark-host-result-'));
  const resultFile = path.join(resultDir, 'result.json');
  const workbench = await Workbench.start({ workspaceFixture: WORKSPACE_FIXTURE, vsixFiles, env: { CITEMARK_TEST_RESULT: resultFile, ...SUITE_ENV } });
  try {
    console.log(`workbench up in ${Date.now() - started} ms`);
    await waitForHostResult(resultFile, workbench, HOST_TIMEOUT_MS);
    const host = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as HostRunResult;
    console.log(`extension-host suites done in ${Date.now() - started} ms`);
    setHostResult(host);
    setWorkbench(workbench);
    setCitemarkVsix(vsixFiles[0]);
    return await runMocha(uiSuites('all'), workbench);
  } finally {
    await workbench.stop();
    fs.rmSync(resultDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const executable = downloadedVSCode();
  let outcome: { passes: number; failures: number; pending: number };
  if (executable) {
    console.log(`Using the VS Code at ${executable}`);
    setHostResult(await runWithDownloadedVSCode(executable));
    outcome = await runMocha(uiSuites('host'));
  } else if (offlineWorkbenchInstalled() || process.env.CI) {
    outcome = await runOffline();
  } else {
    // A developer's machine without any VS Code: say so plainly; CI installs one and never gets here.
    console.log('SKIPPED: the extension-host and workbench tests need a VS Code. Run `bash scripts/vscode-offline/install.sh` once');
    console.log('(about 3 minutes, as root: code-server from npm and Debian\'s Chromium), or set CITEMARK_VSCODE_EXECUTABLE.');
    return;
  }
  // (a test skipped says why in the report above: a machine too busy for its premise)
  console.log(`${outcome.passes} passed, ${outcome.failures} failed${outcome.pending ? `, ${outcome.pending} skipped` : ''}`);
  process.exitCode = outcome.failures > 0 ? 1 : 0;
}

// Ctrl+C or a CI time-out: exit through the 'exit' handlers that stop the server.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(1));

main().catch((error: Error) => {
  console.error(error.stack ?? String(error));
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
}).finally(() => {
  // playwright or a stray handle must not keep the process (and CI) waiting
  setTimeout(() => process.exit(), 500).unref();
});
