// Builds what the integration tests install: the Citemark VSIX, exactly as `npm run package`
// makes it, and the test-runner extension that carries the extension-host suites.
import { execFileSync } from 'child_process';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';

const REPO_ROOT = path.resolve(__dirname, '../..');
const VSCE = path.join(REPO_ROOT, 'node_modules/.bin/vsce');
export const BUILD_DIR = path.join(REPO_ROOT, '.vscode-test/build');
/** The runner extension's folder; its extension.js is also the `extensionTestsPath`. */
export const RUNNER_DIR = path.join(BUILD_DIR, 'runner');

export function vscePackage(folder: string, vsixFile: string, flags: string[] = []): void {
  execFileSync(VSCE, ['package', '--no-dependencies', ...flags, '-o', vsixFile],
    { cwd: folder, stdio: ['ignore', 'pipe', 'inherit'] });
}

/** `node esbuild.mjs`: the bundles in dist/. */
export function buildExtension(): void {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

export function buildCitemarkVsix(): string {
  buildExtension();
  const vsixFile = path.join(BUILD_DIR, 'citemark.vsix');
  fs.mkdirSync(BUILD_DIR, { recursive: true });
  vscePackage(REPO_ROOT, vsixFile);
  return vsixFile;
}

/** Bundles the runner and each suite (mocha included, `vscode` left to the extension host). */
export async function buildRunner(): Promise<void> {
  fs.rmSync(RUNNER_DIR, { recursive: true, force: true });
  const suiteDir = path.join(REPO_ROOT, 'test/integration/suite');
  const suites = fs.readdirSync(suiteDir).filter((name) => name.endsWith('.test.ts')).map((name) => path.join(suiteDir, name));
  const common: esbuild.BuildOptions = { bundle: true, platform: 'node', target: 'node18', format: 'cjs', external: ['vscode'], logLevel: 'error' };
  await esbuild.build({ ...common, entryPoints: [path.join(REPO_ROOT, 'test/integration/runner.ts')], outfile: path.join(RUNNER_DIR, 'extension.js') });
  await esbuild.build({ ...common, entryPoints: suites, outdir: path.join(RUNNER_DIR, 'suite') });
  const manifest = {
    name: 'citemark-test-runner',
    displayName: 'Citemark test runner',
    description: 'Runs the Citemark extension-host suites (tests only, never published).',
    publisher: 'citemark',
    version: '0.0.0',
    license: 'MIT',
    engines: { vscode: '^1.90.0' },
    main: './extension.js',
    activationEvents: ['onStartupFinished'],
    files: ['extension.js', 'suite/*.js', 'README.md'],
  };
  fs.writeFileSync(path.join(RUNNER_DIR, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(RUNNER_DIR, 'README.md'), manifest.description + '\n');
}

export async function buildRunnerVsix(): Promise<string> {
  await buildRunner();
  const vsixFile = path.join(BUILD_DIR, 'citemark-test-runner.vsix');
  vscePackage(RUNNER_DIR, vsixFile, ['--allow-missing-repository', '--skip-license']);
  return vsixFile;
}
