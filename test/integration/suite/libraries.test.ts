// The library index as the workspace changes: files created, edited and deleted while drafts are open.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { citemarkDiagnostics, closeEditorsAndNewDrafts, openNewDraft, waitFor, workspaceFolder } from './helpers';

after(closeEditorsAndNewDrafts);

describe('workspace libraries', () => {
  it('reads a library file created in the workspace, and forgets it when deleted', async () => {
    // No front matter and no setting: the draft sees every library of the workspace.
    const editor = await openNewDraft('scan.md', 'As shown by @created2024 and @hopper1952compiler.\n');
    const missing = () => citemarkDiagnostics(editor.document.uri).map((diagnostic) => editor.document.getText(diagnostic.range));
    await waitFor('created2024 reported missing', () => (missing().includes('created2024') ? true : undefined));
    const extra = path.join(workspaceFolder().fsPath, 'created.bib');
    fs.writeFileSync(extra, '@book{created2024,\n  author = {New, Author},\n  title = {Written after start-up},\n  year = {2024}\n}\n');
    try {
      await waitFor('created2024 found once the file exists', () => (missing().includes('created2024') ? undefined : true));
      assert.deepStrictEqual(missing(), []);
    } finally {
      fs.rmSync(extra, { force: true });
    }
    await waitFor('created2024 missing again once the file is deleted', () => (missing().includes('created2024') ? true : undefined));
  });
});
