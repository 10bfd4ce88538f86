// Entry of the test-runner extension that the offline harness installs beside Citemark: once the
// workbench has started it runs the extension-host suites and writes their outcome to the JSON
// file named by CITEMARK_TEST_RESULT (the harness waits for that file). Also exports `run`, the
// `extensionTestsPath` entry point, so a downloaded VS Code runs the same bundle.
import { runSuites, writeResult, type HostRunResult } from './index';

export { run } from './index';

export async function activate(): Promise<void> {
  const resultFile = process.env.CITEMARK_TEST_RESULT;
  if (!resultFile) return;
  const result: HostRunResult = await runSuites().catch((error: Error) => ({
    passes: 0,
    failures: 1,
    tests: [{ title: 'extension-host mocha run', state: 'failed', durationMs: 0, error: error.stack ?? String(error) }],
  }));
  writeResult(resultFile, result);
}
