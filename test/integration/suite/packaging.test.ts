// The installed extension is the packaged VSIX (offline) or the repository itself (a downloaded
// VS Code): either way every file its manifest names must be there.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

describe('the installed extension', () => {
  const extension = () => {
    const found = vscode.extensions.getExtension('citemark.citemark');
    assert.ok(found, 'citemark.citemark is not installed');
    return found;
  };

  it('activates', async () => {
    await extension().activate();
    assert.strictEqual(extension().isActive, true);
  });

  it('ships every file its manifest names (bundle, grammars)', () => {
    const { extensionPath, packageJSON } = extension();
    const named: string[] = [packageJSON.main, ...(packageJSON.contributes?.grammars ?? []).map((grammar: { path: string }) => grammar.path)];
    for (const file of named) assert.ok(fs.existsSync(path.join(extensionPath, file)), `${file} is missing from ${extensionPath}`);
    for (const grammar of packageJSON.contributes?.grammars ?? []) {
      assert.doesNotThrow(() => JSON.parse(fs.readFileSync(path.join(extensionPath, grammar.path), 'utf8')), grammar.path);
    }
  });

  it('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['citemark.insertCitation', 'citemark.showBibliography']) assert.ok(commands.includes(command), command);
  });
});
