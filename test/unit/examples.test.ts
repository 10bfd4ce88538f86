// The README's first command, `npm run check -- examples/first-draft.md`: a newcomer sees a mistyped
// key, an author-date citation with no reference and references never cited, exactly as the README
// prints them, and exit status 1.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkCommand } from '../../src/cli/check';

const root = path.resolve(__dirname, '../..');

describe('the README example (examples/first-draft.md)', () => {
  it('shows each kind of problem, prints what the README shows and exits 1', async () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    assert.ok(readme.includes('npm run check -- examples/first-draft.md'), 'the README no longer runs the example');
    const cwd = process.cwd();
    process.chdir(root); // the paths printed are relative to the working folder, as from `npm run check`
    let output = '';
    try {
      const status = await checkCommand(['examples/first-draft.md'], (text) => {
        output += text;
      });
      assert.strictEqual(status, 1);
    } finally {
      process.chdir(cwd);
    }
    for (const code of ['missing-key', 'unmatched', 'uncited']) assert.match(output, new RegExp(` \\[${code}\\]$`, 'm'), code);
    const lines = output.trim().split('\n');
    for (const line of lines) assert.ok(readme.includes(`\n${line}\n`), `the README does not show: ${line}`);
  });
});
