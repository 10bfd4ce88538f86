import * as vscode from 'vscode';

const SETTING = 'markdown.validate.referenceLinks.enabled';

/**
 * VS Code's Markdown link check reports `[@key]` as a reference link with no definition: turn that
 * part of it off for the workspace (its other link checks stay), and say how to turn it back on.
 */
export async function ignoreCitationLinkWarnings(): Promise<void> {
  const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration().update(SETTING, 'ignore', target);
  void vscode.window
    .showInformationMessage(
      "VS Code's Markdown link check no longer reports reference links here: it took citations such as [@key] for links without a definition. Citemark still checks every citation key.",
      'Open Setting',
    )
    .then((choice) => choice && vscode.commands.executeCommand('workbench.action.openSettings', SETTING));
}
