// `citemark check --format sarif` against the SARIF 2.1.0 JSON schema (test/fixtures/sarif, see its
// SOURCES.md), on drafts that raise every kind of problem: missing keys, a broken library entry,
// unmatched, ambiguous, inconsistent and uncited author-date references.
import * as assert from 'assert';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import * as fs from 'fs';
import * as path from 'path';
import { checkCommand } from '../../src/cli/check';

const root = path.resolve(__dirname, '../..');
const schema = JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/sarif/sarif-2.1.0.json'), 'utf8'));

async function sarifOf(args: string[]): Promise<{ runs: Array<{ results: Array<{ ruleId: string; level: string }> }> }> {
  let output = '';
  await checkCommand([...args, '--format', 'sarif'], (text) => {
    output += text;
  });
  return JSON.parse(output);
}

describe('citemark check --format sarif', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const errors = () => ajv.errorsText(validate.errors, { separator: '\n' });

  it('validates against the SARIF 2.1.0 schema, with every rule Citemark reports', async () => {
    const cwd = process.cwd();
    process.chdir(root); // artifact URIs are relative to the working folder
    try {
      const log = await sarifOf(['test/fixtures/check/draft.md', 'examples/manuscript-apa.md', 'examples/first-draft.md']);
      assert.ok(validate(log), errors());
      const rules = new Set(log.runs[0].results.map((result) => result.ruleId));
      assert.deepStrictEqual([...rules].sort(), ['ambiguous', 'inconsistent', 'library', 'missing-key', 'uncited', 'unmatched']);
      assert.deepStrictEqual([...new Set(log.runs[0].results.map((result) => result.level))].sort(), ['error', 'note', 'warning']);
    } finally {
      process.chdir(cwd);
    }
  });

  it('validates with no result at all', async () => {
    const log = await sarifOf([path.join(root, 'examples/review.md')]);
    assert.deepStrictEqual(log.runs[0].results, []);
    assert.ok(validate(log), errors());
  });

  it('the schema rejects what SARIF forbids (so the check above can fail)', async () => {
    const log = await sarifOf([path.join(root, 'test/fixtures/check/draft.md')]);
    const broken = structuredClone(log);
    broken.runs[0].results[0].level = 'fatal';
    assert.strictEqual(validate(broken), false);
    assert.match(errors(), /level/);
  });
});
