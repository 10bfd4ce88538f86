// Runs the extension-host suites (test/integration/suite/*.test.ts, bundled to
// out/integration/suite/*.js) with mocha inside a VS Code extension host, where `vscode` is real.
// `run` is the entry point @vscode/test-electron expects of `extensionTestsPath`; the offline
// harness calls `runSuites` through its runner extension to get every test's outcome as data.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export interface HostTestResult {
  title: string;
  state: 'passed' | 'failed';
  durationMs: number;
  error?: string;
}

export interface HostRunResult {
  passes: number;
  failures: number;
  tests: HostTestResult[];
}

export function runSuites(): Promise<HostRunResult> {
  // CITEMARK_TEST_GREP runs only the tests whose titles match, here and in the harness's own suites.
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 30000, grep: process.env.CITEMARK_TEST_GREP });
  const suiteDir = path.join(__dirname, 'suite');
  for (const file of fs.readdirSync(suiteDir).filter((name) => name.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(suiteDir, file));
  }
  const tests: HostTestResult[] = [];
  return new Promise((resolve) => {
    const runner = mocha.run(() => {
      const failures = tests.filter((test) => test.state === 'failed').length;
      resolve({ passes: tests.length - failures, failures, tests });
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, (test: Mocha.Test) => {
      tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 });
    });
    // Hook failures are reported here too, under the hook's title.
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test: Mocha.Runnable, error: Error) => {
      tests.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error: error.stack ?? String(error) });
    });
  });
}

/** Writes atomically, so the harness never reads half a file. */
export function writeResult(file: string, result: HostRunResult): void {
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(result, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

export async function run(): Promise<void> {
  const result = await runSuites();
  if (process.env.CITEMARK_TEST_RESULT) writeResult(process.env.CITEMARK_TEST_RESULT, result);
  if (result.failures > 0) throw new Error(`${result.failures} extension-host test(s) failed`);
}
