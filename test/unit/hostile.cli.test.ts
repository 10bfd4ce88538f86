// Hostile input through the CLI (issue 15): special files, binary drafts, libraries given as drafts,
// alias bombs in one of several drafts, and control characters in what is printed.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';

const root = path.resolve(__dirname, '../..');
/** Far above what these runs take (about a second, mostly starting tsx): a read of /dev/zero or a FIFO never ends. */
const CEILING_MS = 30000;

function citemark(args: string[], cwd: string) {
  const run = spawnSync(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, path.join(root, 'src/cli/main.ts'), ...args], {
    cwd, encoding: 'utf8', timeout: CEILING_MS, maxBuffer: 1 << 26,
  });
  assert.ok(run.signal === null, `citemark ${args.join(' ')} did not finish within ${CEILING_MS} ms (${run.signal})`);
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('citemark check on hostile input', function () {
  this.timeout(4 * CEILING_MS);
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citemark-hostile-'));
    await fs.writeFile(path.join(dir, 'lib.bib'), '@misc{good, title = {Good}}\n');
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('refuses /dev/zero as --bib with a message, without reading it', async () => {
    await fs.writeFile(path.join(dir, 'draft.md'), '[@good]\n');
    const { code, stderr } = citemark(['check', '--bib', '/dev/zero', 'draft.md'], dir);
    assert.strictEqual(code, 2);
    assert.strictEqual(stderr, 'citemark: /dev/zero is a device, not a regular file: not read\n');
  });

  it('reports /dev/zero and a FIFO named in front matter, and a _quarto.yml linked to /dev/zero, on the draft', async () => {
    execFileSync('mkfifo', [path.join(dir, 'pipe.bib')]);
    await fs.writeFile(path.join(dir, 'a.md'), '---\nbibliography: [/dev/zero, pipe.bib, lib.bib]\n---\n\n[@good] [@missing]\n');
    const project = path.join(dir, 'project');
    await fs.mkdir(project);
    await fs.symlink('/dev/zero', path.join(project, '_quarto.yml'));
    await fs.writeFile(path.join(project, 'b.md'), 'Cites [@good].\n');
    const { code, stdout } = citemark(['check', 'a.md', 'project/b.md', '--bib', 'lib.bib', '--format', 'json'], dir);
    assert.strictEqual(code, 1);
    const report = JSON.parse(stdout);
    const [a, b] = report.files;
    assert.deepStrictEqual(a.diagnostics.map((d: { code: string; message: string }) => [d.code, d.message.replace(dir, '<dir>')]), [
      ['missing-library', 'Bibliography /dev/zero is a device, not a regular file: not read'],
      ['missing-library', 'Bibliography <dir>/pipe.bib is a named pipe (FIFO), not a regular file: not read'],
      ['missing-key', "No entry 'missing' in lib.bib."],
    ]);
    assert.deepStrictEqual(b.diagnostics.map((d: { code: string; message: string }) => [d.code, d.message.replace(dir, '<dir>')]), [
      ['missing-library', 'Quarto project <dir>/project/_quarto.yml is a device, not a regular file: not read'],
    ]);
    assert.deepStrictEqual(b.citations.map((c: { status: string }) => c.status), ['matched']);
  });

  it('says a binary draft is not text, and goes on with the other drafts', async () => {
    await fs.writeFile(path.join(dir, 'binary.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x40, 0x61, 0x62]));
    await fs.writeFile(path.join(dir, 'text.md'), 'See [@good].\n');
    const { code, stdout } = citemark(['check', 'binary.md', 'text.md', '--bib', 'lib.bib'], dir);
    assert.strictEqual(code, 1);
    assert.match(stdout, /^binary\.md:1:1 error binary\.md: it is not a text file \(it holds NUL bytes\): not checked \[not-text\]$/m);
    assert.doesNotMatch(stdout, /missing-key/);
    assert.match(stdout, /2 draft\(s\), 1 citation\(s\), 1 problem\(s\)/);
  });

  it('says a library given as a draft is a library', () => {
    const { code, stdout, stderr } = citemark(['check', 'lib.bib'], dir);
    assert.strictEqual(code, 2);
    assert.strictEqual(stdout, '');
    assert.strictEqual(stderr, 'citemark: lib.bib is a library, not a draft: give it with --bib lib.bib\n');
  });

  it('goes on past a draft whose front matter has more than 100 YAML aliases', async () => {
    const aliases = Array.from({ length: 150 }, () => '  - *a').join('\n');
    await fs.writeFile(path.join(dir, 'bomb.md'), `---\nbase: &a x\nlist:\n${aliases}\n---\n\n[@good]\n`);
    await fs.writeFile(path.join(dir, 'next.md'), '[@good] [@other]\n');
    const { code, stdout } = citemark(['check', 'bomb.md', 'next.md', '--bib', 'lib.bib', '--format', 'json'], dir);
    assert.strictEqual(code, 1);
    const [bomb, next] = JSON.parse(stdout).files;
    assert.deepStrictEqual(bomb.diagnostics.map((d: { code: string }) => d.code), ['front-matter']);
    assert.match(bomb.diagnostics[0].message, /alias/i);
    assert.deepStrictEqual(next.diagnostics.map((d: { code: string; message: string }) => d.message), ["No entry 'other' in lib.bib."]);
  });

  it('escapes control and bidi characters of keys and fields in text output', async () => {
    await fs.writeFile(path.join(dir, 'evil.bib'), '@misc{ok\u001b]0;pwned\u0007, title = {T}}\n@misc{x\u202eyz, title = {T}}\n@misc{bad, title = {\u009b31m} junk\n');
    await fs.writeFile(path.join(dir, 'd.md'), 'Cites [@{nothere\u202e\u001b[2J}].\n');
    const { stdout } = citemark(['check', 'd.md', '--bib', 'evil.bib'], dir);
    assert.doesNotMatch(stdout, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    assert.match(stdout, /No entry 'nothere\\u\{202e\}\\u\{1b\}\[2J'/);
    assert.match(stdout, /evil\.bib: 2 entries loaded/);
  });

  it('escapes them in what link and extract say on stderr, which quotes the draft (a list item setting the terminal title)', async () => {
    await fs.writeFile(path.join(dir, 'paper.md'), 'As shown (Smith, 2010).\n\n# References\n\nJones, A. (2011). Title. *J*, 1, 1-2.\n\nWeb\u001b]0;pwned\u0007, B.\n');
    for (const args of [['link', 'paper.md', '-o', 'linked.md'], ['extract', 'paper.md', '-o', 'refs.json']]) {
      const { stderr } = citemark(args, dir);
      assert.doesNotMatch(stderr, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/, args[0]);
      assert.match(stderr, /not read \(no year found\): Web\\u\{1b\}\]0;pwned\\u\{7\}, B\./, args[0]);
    }
  });
});

describe('citemark themes on hostile input', function () {
  this.timeout(4 * CEILING_MS);
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citemark-hostile-themes-'));
    // A theme name and a source key carrying an OSC title sequence, a screen clear and a bidi override.
    await fs.writeFile(path.join(dir, 'themes.yaml'), [
      'themes:',
      '  - id: evil',
      '    label: "Ev\\e]0;pwned\\ail \\u202Egnp.exe \\e[2J"',
      'sources:',
      '  "src\\e]8;;http://x\\e\\\\\\u202Eyek": [evil]',
      '',
    ].join('\n'));
    await fs.writeFile(path.join(dir, 'draft.md'), 'A passage [@{src\u001b]8;;http://x\u001b\\\u202eyek}]. #evil\n');
  });
  after(() => fs.rm(dir, { recursive: true, force: true }));

  for (const format of ['md', 'csv', 'synthesis-md', 'synthesis-html']) {
    it(`escapes control and bidi characters of theme names and source keys in --format ${format}`, () => {
      const { code, stdout, stderr } = citemark(['themes', 'draft.md', '--format', format], dir);
      assert.strictEqual(code, 0, stderr);
      assert.doesNotMatch(stdout, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      // The CSV names a theme by its id only
      if (format !== 'csv') assert.match(stdout, /Ev\\u\{1b\}\\?\]0;pwned\\u\{7\}il \\u\{202e\}gnp\.exe \\u\{1b\}\\?\[2J/); // Markdown escapes [ and ]
      assert.match(stdout, /src\\u\{1b\}\\?\]8;;http:\/\/x\\u\{1b\}\\+\\u\{202e\}yek/);
    });
  }

  it('keeps JSON output as JSON, its strings exact', () => {
    const { code, stdout } = citemark(['themes', 'draft.md', '--format', 'json'], dir);
    assert.strictEqual(code, 0);
    const text = JSON.stringify(JSON.parse(stdout));
    assert.ok(text.includes(JSON.stringify('Ev\u001b]0;pwned\u0007il \u202egnp.exe \u001b[2J')), text);
    assert.ok(text.includes(JSON.stringify('src\u001b]8;;http://x\u001b\\\u202eyek')), text);
  });
});
