import * as assert from 'assert';
import * as vscode from 'vscode';

describe('Citemark in the extension host', () => {
  it('opens the fixture workspace', () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder');
    assert.ok(folder.uri.fsPath.endsWith('workspace') || folder.uri.fsPath.includes('citemark-workspace-'), folder.uri.fsPath);
  });

  it('is installed and activates', async () => {
    const extension = vscode.extensions.getExtension('citemark.citemark');
    assert.ok(extension, 'citemark.citemark is not installed');
    await extension.activate();
    assert.strictEqual(extension.isActive, true);
  });
});
