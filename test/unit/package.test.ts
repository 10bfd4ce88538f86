// The `citemark` CLI as a user gets it from npm: `npm pack` (its prepack builds the bundle), the
// tarball installed in an empty folder, then `npx citemark check` and `citemark themes` there.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';

const root = path.resolve(__dirname, '../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the npm package (citemark CLI)', function () {
  this.timeout(240_000);
  let temp: string;
  let project: string;
  let packed: { filename: string; files: Array<{ path: string }> };

  before(() => {
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'citemark-package-'));
    [packed] = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', temp], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    project = path.join(temp, 'paper');
    fs.mkdirSync(project);
    for (const file of ['first-draft.md', 'review.md', 'library.bib', 'themes.yaml']) fs.copyFileSync(path.join(root, 'examples', file), path.join(project, file));
    execFileSync(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(temp, packed.filename)], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
  });

  after(() => {
    if (temp) fs.rmSync(temp, { recursive: true, force: true });
  });

  it('holds only the built CLI and the citation-js bundle it loads on first use, besides package.json, README, LICENSE and CHANGELOG', () => {
    assert.deepStrictEqual(packed.files.map((file) => file.path).sort(), ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/citation-js.js', 'dist/cli.js', 'package.json']);
  });

  it('installs with no dependency and runs `npx citemark check` in the folder it is installed in', () => {
    assert.deepStrictEqual(fs.readdirSync(path.join(project, 'node_modules')).filter((name) => !name.startsWith('.')), ['citemark']);
    const run = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['--no-install', 'citemark', 'check', 'first-draft.md'], { cwd: project, encoding: 'utf8' });
    assert.strictEqual(run.status, 1, run.stderr);
    const lines = run.stdout.split('\n');
    assert.ok(lines.includes("first-draft.md:12:47 error No entry 'haddad2002' in library.bib. Did you mean 'haddad2020'? [missing-key]"), run.stdout);
    assert.ok(lines.some((line) => /^first-draft\.md:\d+:\d+ warning .*Lederach \(1997\).*\[unmatched\]$/.test(line)), run.stdout);
    assert.ok(lines.some((line) => /^first-draft\.md:\d+:\d+ warning Tanaka \(2011\) .*\[uncited\]$/.test(line)), run.stdout);
  });

  const withBin = () => ({ ...process.env, PATH: `${path.join(project, 'node_modules/.bin')}${path.delimiter}${process.env.PATH}` });

  it('runs `citemark themes` from the installed bin', () => {
    const env = withBin();
    const run = spawnSync('citemark', ['themes', 'review.md', '--format', 'csv'], { cwd: project, encoding: 'utf8', env, shell: process.platform === 'win32' });
    assert.strictEqual(run.status, 0, run.stderr);
    const [header, ...rows] = run.stdout.trim().split('\n');
    assert.match(header, /protection/i);
    assert.ok(rows.some((row) => row.startsWith('varga2010')), run.stdout);
  });

  it('writes BibTeX through citation-js, which the installed CLI loads from its own bundle', () => {
    const run = spawnSync('citemark', ['extract', 'first-draft.md', '--format', 'bibtex'], { cwd: project, encoding: 'utf8', env: withBin(), shell: process.platform === 'win32' });
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    assert.match(run.stdout, /^@\w+\{\w+,$/m, run.stdout);
  });

  it('runs as the pre-commit hook does: its entry on the drafts its `files` pattern picks', () => {
    const [hook] = parseYaml(fs.readFileSync(path.join(root, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ entry: string; files: string; language: string }>;
    assert.strictEqual(hook.language, 'node');
    fs.writeFileSync(path.join(project, 'notes.txt'), '[@nobody2000]\n');
    const staged = fs.readdirSync(project).filter((name) => new RegExp(hook.files).test(name)).sort();
    assert.deepStrictEqual(staged, ['first-draft.md', 'review.md']);
    const [command, ...args] = hook.entry.split(' ');
    const run = spawnSync(command, [...args, ...staged], { cwd: project, encoding: 'utf8', env: withBin(), shell: process.platform === 'win32' });
    assert.strictEqual(run.status, 1, run.stderr);
    assert.match(run.stdout, /^first-draft\.md:12:47 error No entry 'haddad2002'/m);
    assert.match(run.stdout, /^2 draft\(s\)/m);
  });
});
