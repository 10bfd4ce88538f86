import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { themesCommand } from '../../src/cli/themes';
import { UsageError } from '../../src/cli/io';
import { parseBibtex } from '../../src/core/library/bibtex';
import { parseCodebook } from '../../src/core/themes/codebook';
import { buildMatrix } from '../../src/core/themes/matrix';
import { matrixToMarkdown, synthesisHtml, synthesisMarkdown } from '../../src/core/themes/matrixHtml';
import { readQdc } from '../../src/core/themes/qdc';

const examples = path.resolve(__dirname, '../../examples');
const review = path.join(examples, 'review.md');

async function run(args: string[]): Promise<{ code: number; output: string }> {
  let output = '';
  const code = await themesCommand(args, (text) => (output += text));
  return { code, output };
}

describe('citemark themes', () => {
  const read = (file: string) => fs.readFileSync(path.join(examples, file), 'utf8');
  const expected = buildMatrix(
    parseCodebook(read('themes.yaml'), 'themes.yaml'),
    [{ path: path.relative(process.cwd(), review), text: read('review.md') }],
    parseBibtex(read('library.bib'), path.join(examples, 'library.bib')).entries,
  );

  it('prints the same matrix as the core, finding the codebook and the library beside the draft', async () => {
    const json = await run([review, '--format', 'json']);
    assert.strictEqual(json.code, 0);
    assert.deepStrictEqual(JSON.parse(json.output), JSON.parse(JSON.stringify(expected)));
    const markdown = await run([review]);
    assert.strictEqual(markdown.output, matrixToMarkdown(expected));
  });

  it('takes a folder, an explicit codebook and library, and prints CSV', async () => {
    const { code, output } = await run([examples, '--codebook', path.join(examples, 'themes.yaml'), '--bib', path.join(examples, 'library.bib'), '--format=csv']);
    assert.strictEqual(code, 0);
    assert.ok(output.startsWith('\uFEFFKey,Source,protection passages,protection ✓,'), 'byte-order mark, count and ✓ columns');
    const lines = output.trimEnd().split('\r\n');
    assert.strictEqual(lines.length, expected.rows.length + 1, 'README.md adds no row');
    assert.ok(lines.includes('okafor2018,Okafor & Bergström (2018),1,,1,,0,,0,,0,,0,,0,,0,,0,,0,,2'));
  });

  it('prints the synthesis table with --format synthesis-md or synthesis-html', async () => {
    const markdown = await run([review, '--format', 'synthesis-md']);
    assert.strictEqual(markdown.output, synthesisMarkdown(expected));
    assert.match(markdown.output, /^\| Source \| Theme \| Passage \|\n/);
    const html = await run([review, '--format=synthesis-html']);
    assert.strictEqual(html.output, synthesisHtml(expected));
  });

  it('reads keywords as themes with --keywords', async () => {
    const { output } = await run([review, '--keywords', '--format', 'json']);
    const matrix = JSON.parse(output) as typeof expected;
    const okafor = matrix.rows.find((row) => row.key === 'okafor2018')!;
    assert.strictEqual(okafor.cells[matrix.themes.findIndex((theme) => theme.id === 'reintegration')].direct, true);
  });

  it('warns of each tag that names no theme of the codebook, with its line and the closest themes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citemark-tags-'));
    const draft = path.join(dir, 'draft.md');
    fs.writeFileSync(draft, 'Peace teaching [@key]. #culture-of-peace/peace-educaton\n\nWatching. #monitoring\n');
    const warnings: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((text: string) => warnings.push(text) > 0) as typeof process.stderr.write;
    try {
      assert.strictEqual((await run([draft, '--codebook', path.join(examples, 'themes.yaml'), '--format', 'json'])).code, 0);
    } finally {
      process.stderr.write = write;
      fs.rmSync(dir, { recursive: true });
    }
    assert.deepStrictEqual(warnings, [`citemark: ${draft}:1: Theme 'culture-of-peace/peace-educaton' is not in the codebook. Did you mean #culture-of-peace/peace-education?\n`]);
  });

  it('rejects bad usage and unreadable files with a usage error', async () => {
    await assert.rejects(run([review, '--format', 'xml']), (error: Error) => error instanceof UsageError && /unknown format 'xml'/.test(error.message));
    await assert.rejects(run([review, '--format', 'constructor']), UsageError);
    await assert.rejects(run([review, '--codebook', path.join(examples, 'missing.yaml')]), (error: Error) => error instanceof UsageError && /cannot read .*missing\.yaml: no such file/.test(error.message));
    await assert.rejects(run([review, '--bib', path.join(examples, 'missing.bib')]), UsageError);
    await assert.rejects(run([path.join(examples, 'nothing-here.md')]), UsageError);
    await assert.rejects(run([review, '--colour', 'red']), /unknown option '--colour'/);
  });

  describe('codebook exchange', () => {
    let folder: string;
    const qdcFixture = path.resolve(__dirname, '../fixtures/themes/nested.qdc');
    beforeEach(() => (folder = fs.mkdtempSync(path.join(os.tmpdir(), 'citemark-qdc-'))));
    afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

    it('--codebook-from writes themes.yaml, then beside it, never over a file', async () => {
      const target = path.join(folder, 'themes.yaml');
      const first = await run(['--codebook-from', qdcFixture, '--codebook', target]);
      assert.strictEqual(first.code, 0);
      assert.match(first.output, /^5 themes written to .*themes\.yaml\n?$/);
      const written = fs.readFileSync(target, 'utf8');
      assert.ok(written.startsWith('# Codebook imported from nested.qdc (hand-written in the shape NVivo 12 for Mac exports).\nthemes:\n'));
      assert.deepStrictEqual(parseCodebook(written, target).themes.map((theme) => theme.path).slice(0, 3), ['code-04-barrières', 'code-04-barrières/access-barriers', 'code-04-barrières/access-barriers/kovač-cost']);

      fs.writeFileSync(target, 'themes:\n  - id: mine\n');
      const second = await run(['--codebook-from', qdcFixture, '--codebook', target]);
      assert.match(second.output, /themes\.imported\.yaml \(.*themes\.yaml exists and was left as it is\)/);
      assert.strictEqual(fs.readFileSync(target, 'utf8'), 'themes:\n  - id: mine\n');
      assert.ok(fs.existsSync(path.join(folder, 'themes.imported.yaml')));
      await assert.rejects(run(['--codebook-from', qdcFixture, '--codebook', target]), (error: Error) => error instanceof UsageError && /exist: move one away/.test(error.message));
    });

    it('--codebook-to writes the codebook as .qdc; a broken .qdc is a usage error', async () => {
      const qdc = path.join(folder, 'out.qdc');
      const { code, output } = await run(['--codebook-to', qdc, '--codebook', path.join(examples, 'themes.yaml')]);
      assert.strictEqual(code, 0);
      assert.match(output, /^10 codes written to .*out\.qdc/);
      assert.deepStrictEqual(readQdc(fs.readFileSync(qdc, 'utf8')).codes.map((c) => c.name), ['Protection', 'Culture of peace']);
      const truncated = path.resolve(__dirname, '../fixtures/themes/atlasti-23.4-truncated.qdc');
      await assert.rejects(run(['--codebook-from', truncated, '--codebook', path.join(folder, 'new.yaml')]), (error: Error) => error instanceof UsageError && /atlasti-23\.4-truncated\.qdc: Not well-formed XML: the file ends before/.test(error.message));
      assert.ok(!fs.existsSync(path.join(folder, 'new.yaml')), 'nothing written');
    });
  });
});
