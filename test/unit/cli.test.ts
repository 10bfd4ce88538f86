import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { gunzipSync } from 'zlib';
import { corpusOrSkip } from '../corpora';

const root = path.resolve(__dirname, '../..');

function citemark(args: string[], cwd = root) {
  const run = spawnSync(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, path.join(root, 'src/cli/main.ts'), ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('citemark check (CLI)', () => {
  it('prints file:line:col severity message for each missing key and exits 1', () => {
    const { code, stdout } = citemark(['check', 'test/fixtures/check/draft.md']);
    assert.strictEqual(code, 1);
    const lines = stdout.split('\n');
    assert.ok(lines.includes("test/fixtures/check/draft.md:10:14 error No entry 'smtih2010' in library.bib. Did you mean 'smith2010'? [missing-key]"), stdout);
    assert.ok(lines.some((line) => /^test\/fixtures\/check\/draft\.md:10:\d+ error No entry 'nobody1999'/.test(line)), stdout);
    assert.ok(lines.some((line) => /^test\/fixtures\/check\/library\.bib:1[5-8]:1 error .*\[library\]$/.test(line)), stdout);
    assert.ok(lines.includes('test/fixtures/check/library.bib: 3 entries loaded, 1 rejected (line 17), 0 warning(s).') ||
      lines.some((line) => /^test\/fixtures\/check\/library\.bib: 3 entries loaded, 1 rejected \(line 1[5-8]\)/.test(line)), stdout);
  });

  it('prints the documented JSON report', () => {
    const { code, stdout } = citemark(['check', 'test/fixtures/check/draft.md', '--format', 'json']);
    assert.strictEqual(code, 1);
    const report = JSON.parse(stdout);
    assert.deepStrictEqual(Object.keys(report), ['files', 'libraries', 'uncited']);
    const [file] = report.files;
    assert.strictEqual(file.path, 'test/fixtures/check/draft.md');
    assert.deepStrictEqual(Object.keys(file.citations[0]), ['kind', 'text', 'line', 'column', 'keys', 'status']);
    assert.deepStrictEqual(file.citations[0], { kind: 'bracketed', text: '[@smith2010, p. 4]', line: 8, column: 16, keys: ['smith2010'], status: 'matched' });
    assert.deepStrictEqual(file.diagnostics.map((d: { code: string }) => d.code), ['missing-key', 'missing-key']);
    assert.deepStrictEqual(Object.keys(file.diagnostics[0]), ['code', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn']);
    assert.strictEqual(file.diagnostics[0].endColumn - file.diagnostics[0].column, 'smtih2010'.length);
    assert.strictEqual(report.libraries[0].entries, 3);
    assert.strictEqual(report.libraries[0].errors.length, 1);
    assert.deepStrictEqual(report.uncited, []);
  });

  it('writes SARIF 2.1.0 with a result per problem', () => {
    const { stdout } = citemark(['check', 'test/fixtures/check/draft.md', '--format=sarif']);
    const sarif = JSON.parse(stdout);
    assert.strictEqual(sarif.version, '2.1.0');
    const results = sarif.runs[0].results;
    assert.deepStrictEqual(results.map((r: { ruleId: string }) => r.ruleId), ['missing-key', 'missing-key', 'library']);
    assert.deepStrictEqual(results[0].locations[0].physicalLocation.region, { startLine: 10, startColumn: 14, endLine: 10, endColumn: 23 });
    assert.strictEqual(results[0].locations[0].physicalLocation.artifactLocation.uri, 'test/fixtures/check/draft.md');
  });

  it('exits 2 with one clear line on bad usage or unreadable input', () => {
    for (const args of [['check', 'no/such/draft.md'], ['check', '--format', 'xml', 'x.md'], ['check', '--colour'], ['frobnicate'], ['check', 'test/fixtures/check/draft.md', '--bib', 'missing.bib']]) {
      const { code, stdout, stderr } = citemark(args);
      assert.strictEqual(code, 2, args.join(' '));
      assert.strictEqual(stdout, '');
      assert.match(stderr, /^citemark: .+\n$/, args.join(' '));
      assert.doesNotMatch(stderr, /at .*\.ts:\d+/);
    }
  });

  it('on the 88,536-entry ACL Anthology file, reports exactly the absent keys and the rejected entries', async function () {
    this.timeout(120000);
    const aclGz = corpusOrSkip(this, 'acl-anthology-via-jgrey.bib.gz');
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citemark-acl-'));
    const bib = path.join(dir, 'acl.bib');
    const text = gunzipSync(await fs.readFile(aclGz));
    await fs.writeFile(bib, text);
    // Cite real keys taken from the file and a few that are not in it.
    const realKeys = [...text.toString('utf8').matchAll(/^@inproceedings\{([^,\s]+),/gm)].slice(0, 200).filter((_, i) => i % 40 === 0).map((m) => m[1]);
    const absent = ['not-in-acl-2099', 'vaswani2017attention', 'devlin-etal-2019-bertx'];
    await fs.writeFile(path.join(dir, 'paper.md'), `---\nbibliography: acl.bib\n---\n\n${realKeys.map((key) => `Claim [@${key}].`).join('\n')}\n\nAlso [@${absent[0]}; @${absent[1]}] and @${absent[2]}.\n`);
    const { code, stdout } = citemark(['check', 'paper.md', '--format', 'json'], dir);
    assert.strictEqual(code, 1);
    const report = JSON.parse(stdout);
    const reported = report.files[0].diagnostics.filter((d: { code: string }) => d.code === 'missing-key').map((d: { message: string }) => /No entry '([^']+)'/.exec(d.message)![1]);
    assert.deepStrictEqual(reported, absent);
    const library = report.libraries[0];
    assert.ok(library.entries > 88000, `entries ${library.entries}`);
    const rejected = library.errors.filter((e: { severity: string }) => e.severity === 'error');
    assert.ok(rejected.length > 0 && rejected.every((e: { line: number }) => e.line >= 1), 'rejected entries have lines');
    const summary = citemark(['check', 'paper.md'], dir).stdout;
    assert.match(summary, new RegExp(`acl\\.bib: ${library.entries} entries loaded, ${rejected.length} rejected \\(lines \\d+`));
    await fs.rm(dir, { recursive: true });
  });
});
