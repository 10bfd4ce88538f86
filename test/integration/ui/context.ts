// What the harness hands to the suites it runs itself: the outcome of the extension-host suites
// and, offline, the running workbench (the same window the extension-host suites ran in).
import type { HostRunResult } from '../index';
import type { Workbench } from '../workbench';

let hostResult: HostRunResult | undefined;
let currentWorkbench: Workbench | undefined;
let vsixFile: string | undefined;

export function setHostResult(result: HostRunResult): void {
  hostResult = result;
}

export function setWorkbench(workbench: Workbench): void {
  currentWorkbench = workbench;
}

/** The Citemark VSIX the harness built, for suites that start a workbench of their own. */
export function setCitemarkVsix(file: string): void {
  vsixFile = file;
}

export function citemarkVsix(): string {
  if (!vsixFile) throw new Error('No Citemark VSIX: run these suites through test/integration/harness.ts');
  return vsixFile;
}

export function extensionHostResult(): HostRunResult {
  if (!hostResult) throw new Error('No extension-host result: run these suites through test/integration/harness.ts');
  return hostResult;
}

export function workbench(): Workbench {
  if (!currentWorkbench) throw new Error('No workbench: run these suites through test/integration/harness.ts');
  return currentWorkbench;
}
