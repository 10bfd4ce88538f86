import * as vscode from 'vscode';

/** Languages whose documents Citemark reads citations in. */
export const DRAFT_LANGUAGES = ['markdown', 'quarto', 'rmd'];
export const DRAFT_SELECTOR: vscode.DocumentSelector = [
  ...DRAFT_LANGUAGES.map((language) => ({ language })),
  { pattern: '**/*.{qmd,Rmd,rmd}' },
];

/** Draft files of a workspace, for file searches and watchers. */
export const DRAFT_GLOB = '**/*.{md,markdown,qmd,Rmd,rmd}';

export function isDraft(document: vscode.TextDocument): boolean {
  return vscode.languages.match(DRAFT_SELECTOR, document) > 0;
}

/** Every draft of the workspace, as text: open documents as edited, the others from disk. */
export async function workspaceDrafts(): Promise<Array<{ path: string; text: string; uri: vscode.Uri }>> {
  const uris = await vscode.workspace.findFiles(DRAFT_GLOB, '**/{node_modules,.git}/**');
  const open = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document]));
  return Promise.all(
    uris.map(async (uri) => {
      const document = open.get(uri.toString());
      const text = document ? document.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      return { path: uri.fsPath, text, uri };
    }),
  );
}
