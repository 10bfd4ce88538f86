// Theme tagging as VS Code runs it, on the fixture workspace: themes.yaml (machines/computability,
// programs/compilers; lovelace1843notes given `programs`) and draft.md, whose first paragraph cites
// Lovelace and Turing under #machines/computability, the second Hopper and Knuth under
// #programs/compilers #programs.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { LibraryIndex } from '../../../src/core/library/libraryIndex';
import { parseLibraryFile } from '../../../src/core/library/load';
import { parseCodebook } from '../../../src/core/themes/codebook';
import { readQdc } from '../../../src/core/themes/qdc';
import { MATRIX_VIEW_TYPE } from '../../../src/extension/themes/matrixPanel';
import { ThemeModel } from '../../../src/extension/themes/model';
import { ThemesTreeProvider, type ThemeNode } from '../../../src/extension/themes/tree';
import { closeEditorsAndNewDrafts, hoverText, insertedText, openNewDraft, openWorkspaceFile, positionOf, waitFor, workspaceFolder } from './helpers';

after(closeEditorsAndNewDrafts);

describe('themes view', () => {
  let model: ThemeModel;
  let tree: ThemesTreeProvider;

  before(async () => {
    const index = new LibraryIndex();
    const library = path.join(workspaceFolder().fsPath, 'library.bib');
    index.set(parseLibraryFile(fs.readFileSync(library), library));
    // A source cited nowhere, whose keywords name a theme: only `keywordsAsTags` brings it in.
    const keywords = path.join(workspaceFolder().fsPath, 'keywords.bib');
    index.set(parseLibraryFile(Buffer.from('@book{wirth1976algorithms, author = {Wirth, Niklaus}, title = {Algorithms}, year = 1976, keywords = {Pascal, Compilers}}\n'), keywords));
    model = new ThemeModel({ index, onDidChange: new vscode.EventEmitter<void>().event });
    tree = new ThemesTreeProvider(model);
    await model.load();
  });

  after(() => {
    tree.dispose();
    model.dispose();
  });

  const item = (node: ThemeNode) => tree.getTreeItem(node);
  const label = (node: ThemeNode) => String(item(node).label);

  it('lists the codebook as a tree with passage and source counts', () => {
    const roots = tree.getChildren();
    assert.deepStrictEqual(roots.map(label), ['Machines', 'Programs']);
    assert.deepStrictEqual(roots.map((node) => item(node).description), ['1 passage · 2 sources', '1 passage · 3 sources']);

    const [computability] = tree.getChildren(roots[0]);
    assert.strictEqual(label(computability), 'Computability');
    assert.strictEqual(item(computability).description, '1 passage · 2 sources');
    const [passage] = tree.getChildren(computability);
    assert.strictEqual(passage.kind, 'passage');
    assert.match(label(passage), /^The first published program is in the notes/);
    assert.match(String(item(passage).description), /^draft\.md:8 · 2 sources$/);
    const command = item(passage).command!;
    assert.strictEqual((command.arguments![0] as vscode.Uri).fsPath, path.join(workspaceFolder().fsPath, 'draft.md'));
    assert.deepStrictEqual(tree.getChildren(passage).map(label), ['Lovelace (1843)', 'Turing (1936)']);
  });

  it('opens a passage in the text editor at its line, even where Markdown files open in the preview', async () => {
    const workbench = vscode.workspace.getConfiguration('workbench');
    await workbench.update('editorAssociations', { '*.md': 'vscode.markdown.preview.editor' }, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const [passage] = tree.getChildren(tree.getChildren(tree.getChildren()[0])[0]);
      const command = item(passage).command!;
      await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      assert.ok(tab?.input instanceof vscode.TabInputText, `a text editor, not ${tab?.label} (${tab?.input?.constructor.name})`);
      const editor = await waitFor('the draft in the text editor', () => (vscode.window.activeTextEditor?.document.uri.path.endsWith('/draft.md') ? vscode.window.activeTextEditor : undefined));
      assert.strictEqual(editor.selection.active.line, 7);
    } finally {
      await workbench.update('editorAssociations', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('shows sources given a theme as a whole under the theme, with their counts', () => {
    const programs = tree.getChildren()[1];
    const children = tree.getChildren(programs);
    assert.deepStrictEqual(children.map((node) => node.kind), ['theme', 'passage', 'source']);
    const direct = children[2];
    assert.strictEqual(label(direct), 'Lovelace (1843)');
    assert.match(String(item(direct).description), /lovelace1843notes · theme of the whole source · 1 passage/);
  });

  it('reads entry keywords as themes of the whole source when citemark.themes.keywordsAsTags is on', async () => {
    const compilersChildren = () => tree.getChildren(tree.getChildren(tree.getChildren()[1])[0]);
    assert.deepStrictEqual(compilersChildren().map((node) => node.kind), ['passage']);
    const settings = vscode.workspace.getConfiguration('citemark.themes');
    await settings.update('keywordsAsTags', true, vscode.ConfigurationTarget.Workspace);
    try {
      const children = await waitFor('the keyword-tagged source', () => (compilersChildren().length > 1 ? compilersChildren() : undefined));
      assert.deepStrictEqual(children.slice(1).map(label), ['Wirth (1976)']);
      assert.match(String(item(children[1]).description), /wirth1976algorithms · theme of the whole source · 0 passages/);
      assert.strictEqual(item(tree.getChildren()[1]).description, '1 passage · 4 sources');
    } finally {
      await settings.update('keywordsAsTags', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('the setting off again', () => (compilersChildren().length === 1 ? true : undefined));
  });
});

describe('the themes model during a library load', () => {
  it('reads nothing on a library change before its first load, then reads the codebook and drafts', async () => {
    const libraryChanged = new vscode.EventEmitter<void>();
    const model = new ThemeModel({ index: new LibraryIndex(), onDidChange: libraryChanged.event });
    const read = new Promise<void>((resolve) => model.onDidChange(() => resolve()));
    try {
      // A library read while the others load: the themes wait (the extension loads the model after them).
      libraryChanged.fire();
      const timedOut = await Promise.race([read.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 1000))]);
      assert.ok(timedOut, 'the model read the codebook before its first load');
      assert.strictEqual(model.codebookExists, false);
      await model.load();
      assert.strictEqual(model.codebookExists, true);
      assert.deepStrictEqual(model.codebook.themes.map((theme) => theme.id), ['machines', 'computability', 'programs', 'compilers']);
    } finally {
      model.dispose();
      libraryChanged.dispose();
    }
  });
});

describe('the themes model and a draft\'s own references', () => {
  it('names the sources a draft lists in its front matter (`references:`), as `citemark themes` does', async () => {
    // An R Markdown paper may keep its whole library in its front matter (found in a user trial: every row read "(not in the library)").
    const file = path.join(workspaceFolder().fsPath, 'inline-references.md');
    fs.writeFileSync(file, '---\nreferences:\n- id: babbage1864passages\n  type: book\n  author:\n  - family: Babbage\n    given: Charles\n  issued:\n    date-parts:\n    - [1864]\n  title: Passages from the life of a philosopher\n---\n\nThe engine [@babbage1864passages]. #machines/computability\n');
    const model = new ThemeModel({ index: new LibraryIndex(), onDidChange: new vscode.EventEmitter<void>().event });
    try {
      await model.load();
      const row = model.matrix().rows.find((candidate) => candidate.key === 'babbage1864passages');
      assert.strictEqual(row?.label, 'Babbage (1864)');
      assert.strictEqual(model.entry('babbage1864passages')?.title, 'Passages from the life of a philosopher');
    } finally {
      model.dispose();
      fs.rmSync(file);
    }
  });
});

/** The rename's edits; undefined while the provider refuses (the codebook is read a moment after an edit). */
async function renameEdit(document: vscode.TextDocument, position: vscode.Position, newName: string): Promise<vscode.WorkspaceEdit | undefined> {
  const edit = await vscode.commands
    .executeCommand<vscode.WorkspaceEdit | undefined>('vscode.executeDocumentRenameProvider', document.uri, position, newName)
    .then((result) => result, () => undefined);
  return edit && edit.size > 0 ? edit : undefined;
}

describe('theme tags in the editor', () => {
  it('completes codebook theme ids after `#`', async () => {
    const editor = await openNewDraft('themes-completion.md', 'A passage about engines. #');
    const end = editor.document.lineAt(0).range.end;
    const items = await waitFor('theme completions', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, end, '#');
      const themes = list.items.filter((candidate) => candidate.kind === vscode.CompletionItemKind.EnumMember);
      return themes.length > 0 ? themes : undefined;
    });
    assert.deepStrictEqual(items.map(insertedText).sort(), ['machines', 'machines/computability', 'programs', 'programs/compilers']);
    const compilers = items.find((candidate) => insertedText(candidate) === 'programs/compilers')!;
    assert.strictEqual((compilers.label as vscode.CompletionItemLabel).description, 'Compilers');
    assert.match((compilers.documentation as vscode.MarkdownString).value, /Programs that write programs/);
  });

  it('flags an unknown tag and fixes it with the closest theme', async () => {
    const editor = await openNewDraft('themes-unknown.md', 'Turing machines compute. #machines/computabilty\n');
    const diagnostic = await waitFor('the unknown-theme diagnostic', () =>
      vscode.languages.getDiagnostics(editor.document.uri).find((candidate) => candidate.code === 'unknown-theme'),
    );
    assert.strictEqual(editor.document.getText(diagnostic.range), '#machines/computabilty');
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Warning);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, diagnostic.range);
    const titles = actions.map((action) => action.title);
    const closest = actions.find((action) => action.title === 'Change to #machines/computability');
    assert.ok(closest?.edit, JSON.stringify(titles));
    assert.ok(titles.includes("Add theme 'computabilty' under 'machines' to the codebook"), JSON.stringify(titles));
    assert.ok(await vscode.workspace.applyEdit(closest.edit));
    assert.strictEqual(editor.document.getText(), 'Turing machines compute. #machines/computability\n');
    await waitFor('the diagnostic to clear', () =>
      vscode.languages.getDiagnostics(editor.document.uri).some((candidate) => candidate.code === 'unknown-theme') ? undefined : true,
    );

    // The fixed tag counts as a passage: the view and the matrix see it, and forget it with the file.
    const { document: draft } = await openWorkspaceFile('draft.md');
    const hoverOnComputability = async () =>
      hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', draft.uri, positionOf(draft, '#machines/computability', 3)));
    await waitFor('two passages under computability', async () => ((await hoverOnComputability()).includes('2 tagged passages') ? true : undefined));
    await editor.document.save();
    await vscode.workspace.fs.delete(editor.document.uri);
    await waitFor('one passage again', async () => ((await hoverOnComputability()).includes('1 tagged passage ') ? true : undefined));
  });

  it('reports unknown tags at the level citemark.diagnostics.unknownTheme sets, or not at all', async () => {
    const editor = await openNewDraft('themes-level.md', 'Looms and cards. #weaving\n');
    const unknownTags = () => vscode.languages.getDiagnostics(editor.document.uri).filter((candidate) => candidate.code === 'unknown-theme');
    await waitFor('the warning', () => (unknownTags()[0]?.severity === vscode.DiagnosticSeverity.Warning ? true : undefined));
    const settings = vscode.workspace.getConfiguration('citemark.diagnostics');
    try {
      await settings.update('unknownTheme', 'error', vscode.ConfigurationTarget.Workspace);
      await waitFor('an error', () => (unknownTags()[0]?.severity === vscode.DiagnosticSeverity.Error ? true : undefined));
      await settings.update('unknownTheme', 'ignore', vscode.ConfigurationTarget.Workspace);
      await waitFor('no diagnostic', () => (unknownTags().length === 0 ? true : undefined));
    } finally {
      await settings.update('unknownTheme', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('the warning again', () => (unknownTags()[0]?.severity === vscode.DiagnosticSeverity.Warning ? true : undefined));
    assert.strictEqual(unknownTags().length, 1);
    assert.strictEqual(editor.document.getText(unknownTags()[0].range), '#weaving');
  });

  it('renames a theme in the codebook and the drafts, only at the tag bytes, and back', async () => {
    const { document: draft } = await openWorkspaceFile('draft.md');
    const codebook = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceFolder(), 'themes.yaml'));
    const originals = new Map([draft, codebook].map((document) => [document.uri.toString(), document.getText()]));
    const position = positionOf(draft, '#programs/compilers', '#programs/comp'.length);

    const edit = await waitFor('rename edits', () => renameEdit(draft, position, 'translators'));
    const expected = new Map<string, string>();
    for (const [uri, edits] of edit.entries()) {
      const document = await vscode.workspace.openTextDocument(uri);
      let text = document.getText();
      for (const change of [...edits].sort((a, b) => document.offsetAt(b.range.start) - document.offsetAt(a.range.start))) {
        // (and the GUID the theme had in a .qdc, written below its id)
        const guid = change.range.isEmpty && /^\n {4}guid: [0-9A-F-]{36}$/.test(change.newText);
        if (!guid) assert.strictEqual(document.getText(change.range), 'compilers', `${uri.fsPath} ${JSON.stringify(change.range)}`);
        text = text.slice(0, document.offsetAt(change.range.start)) + change.newText + text.slice(document.offsetAt(change.range.end));
      }
      expected.set(uri.toString(), text);
    }
    assert.deepStrictEqual(edit.get(draft.uri).length, 1);
    assert.deepStrictEqual(edit.get(codebook.uri).length, 2);

    assert.ok(await vscode.workspace.applyEdit(edit));
    for (const [uri, text] of expected) assert.strictEqual((await vscode.workspace.openTextDocument(vscode.Uri.parse(uri))).getText(), text);
    assert.strictEqual(draft.getText(), originals.get(draft.uri.toString())!.replace('#programs/compilers', '#programs/translators'));
    assert.match(codebook.getText(), /- id: translators\n {4}guid: [0-9A-F-]{36}\n {4}parent: programs\n/);
    assert.strictEqual(codebook.getText().replace(/\n {4}guid: .*/, ''), originals.get(codebook.uri.toString())!.replace('- id: compilers', '- id: translators'));

    const back = await waitFor('the renamed theme in the codebook', () => renameEdit(draft, position, 'compilers'));
    assert.ok(await vscode.workspace.applyEdit(back));
    assert.strictEqual(draft.getText(), originals.get(draft.uri.toString()));
    assert.strictEqual(codebook.getText(), originals.get(codebook.uri.toString()));
    await draft.save();
    await codebook.save();
  });

  it('renames a parent theme from the codebook: id, parent, sources and every tag through it', async () => {
    const { document: draft } = await openWorkspaceFile('draft.md');
    const codebook = (await openWorkspaceFile('themes.yaml')).document;
    const originals = [draft.getText(), codebook.getText()];
    const at = positionOf(codebook, '- id: programs', '- id: prog'.length);

    const edit = await waitFor('rename edits', () => renameEdit(codebook, at, 'software'));
    assert.deepStrictEqual(
      [draft, codebook].map((document) => edit.get(document.uri).map((change) => document.getText(change.range))),
      [['programs', 'programs'], ['programs', '', 'programs', 'programs']],
    );
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.strictEqual(draft.getText(), originals[0].replace('#programs/compilers #programs', '#software/compilers #software'));
    assert.strictEqual(
      codebook.getText().replace(/\n {4}guid: .*/, ''),
      originals[1].replace('- id: programs', '- id: software').replace('parent: programs', 'parent: software').replace('[programs]', '[software]'),
    );

    const back = await waitFor('the renamed theme in the codebook', () => renameEdit(codebook, at, 'programs'));
    assert.ok(await vscode.workspace.applyEdit(back));
    assert.deepStrictEqual([draft.getText(), codebook.getText()], originals);
    await draft.save();
    await codebook.save();
  });
});

describe('theme hover and Tag Source with Theme…', () => {
  it('opens the codebook with Citemark: Open the Codebook (the Themes view and the walkthrough link to it)', async () => {
    await vscode.commands.executeCommand('citemark.openCodebook');
    const codebook = vscode.Uri.joinPath(workspaceFolder(), 'themes.yaml').toString();
    const opened = await waitFor('the codebook in the editor', () => {
      const document = vscode.window.activeTextEditor?.document;
      return document?.uri.toString() === codebook ? document : undefined;
    });
    assert.match(opened.getText(), /- id: machines/, 'the codebook as it is, not a new one');
  });

  it('hovers a tag with the theme, its description and counts', async () => {
    const { document } = await openWorkspaceFile('draft.md');
    const position = positionOf(document, '#programs/compilers', 3);
    const text = await waitFor('a theme hover', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
      const found = hoverText(hovers);
      return found.includes('Compilers') ? found : undefined;
    });
    assert.match(text, /Programs that write programs/);
    assert.match(text, /1 tagged passage · 2 sources/);
  });

  /** Runs the command, accepts the first theme of the quick pick (`machines`) and returns the codebook's new text, then restores it. */
  async function tagWithFirstTheme(...args: unknown[]): Promise<{ before: string; after: string }> {
    const codebook = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceFolder(), 'themes.yaml'));
    const before = codebook.getText();
    const command = vscode.commands.executeCommand('citemark.tagSourceWithTheme', ...args);
    await waitFor('the theme quick pick', async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return codebook.getText() !== before ? true : undefined;
    });
    await command;
    const after = codebook.getText();
    const restore = new vscode.WorkspaceEdit();
    restore.replace(codebook.uri, new vscode.Range(codebook.positionAt(0), codebook.positionAt(after.length)), before);
    assert.ok(await vscode.workspace.applyEdit(restore));
    await codebook.save();
    return { before, after };
  }

  it('gives the source under the cursor the chosen theme in the codebook', async () => {
    const editor = await openWorkspaceFile('draft.md');
    editor.selection = new vscode.Selection(positionOf(editor.document, '@hopper', 3), positionOf(editor.document, '@hopper', 3));
    const { before, after } = await tagWithFirstTheme();
    assert.strictEqual(after, before.replace('  lovelace1843notes: [programs]\n', '  lovelace1843notes: [programs]\n  hopper1952compiler: [machines]\n'));
  });

  it('adds the theme to a source already in `sources:` when run on its node in the Themes view', async () => {
    const { before, after } = await tagWithFirstTheme({ kind: 'source', key: 'lovelace1843notes' } satisfies ThemeNode);
    assert.strictEqual(after, before.replace('  lovelace1843notes: [programs]\n', '  lovelace1843notes: [programs, machines]\n'));
  });
});

describe('a broken codebook', () => {
  it('gets diagnostics in the codebook, and the valid themes still serve completion', async () => {
    const editor = await openNewDraft('themes-broken.md', 'Steam engines. #');
    const end = editor.document.lineAt(0).range.end;
    const themeIds = async (wanted: (ids: string[]) => boolean) => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, end, '#');
      const ids = list.items.filter((candidate) => candidate.kind === vscode.CompletionItemKind.EnumMember).map(insertedText).sort();
      return wanted(ids) ? ids : undefined;
    };
    const file = vscode.Uri.joinPath(workspaceFolder(), 'broken-themes.yaml');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('themes:\n  - id: engines\n  - id: steam\n    parent: nowhere\n  - id: "unclosed\n'));
    const settings = vscode.workspace.getConfiguration('citemark.themes');
    await settings.update('codebook', 'broken-themes.yaml', vscode.ConfigurationTarget.Workspace);
    try {
      const problems = await waitFor('codebook diagnostics', () => {
        const found = vscode.languages.getDiagnostics(file).filter((diagnostic) => diagnostic.code === 'codebook');
        return found.length >= 2 ? found : undefined;
      });
      const messages = problems.map((diagnostic) => diagnostic.message).join('\n');
      assert.match(messages, /Invalid YAML/);
      assert.match(messages, /Unknown parent theme “nowhere” of “steam”/);
      assert.strictEqual(problems.find((diagnostic) => /nowhere/.test(diagnostic.message))!.range.start.line, 3);

      const ids = await waitFor('completions from the broken codebook', () => themeIds((found) => found.includes('engines')));
      // `steam` stays, without its unknown parent (what YAML recovers of the broken line may come too).
      assert.ok(['engines', 'steam'].every((id) => ids.includes(id)) && !ids.includes('nowhere/steam'), JSON.stringify(ids));
    } finally {
      await settings.update('codebook', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace.fs.delete(file);
    }
    await waitFor('the fixture codebook back', () => themeIds((found) => found.includes('machines')));
  });
});

describe('synthesis matrix', () => {
  it('citemark.showMatrix opens the matrix webview', async () => {
    await vscode.commands.executeCommand('citemark.showMatrix');
    const tab = await waitFor('the matrix tab', () =>
      vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .find((candidate) => candidate.input instanceof vscode.TabInputWebview && candidate.input.viewType.endsWith(MATRIX_VIEW_TYPE)),
    );
    assert.strictEqual(tab.label, 'Synthesis Matrix');
    await vscode.window.tabGroups.close(tab);
  });
});

describe('codebook exchange (REFI-QDA .qdc)', () => {
  const folder = () => workspaceFolder();
  const codebookUri = () => vscode.Uri.joinPath(folder(), 'themes.yaml');
  // test/fixtures/themes/nested.qdc in short (the suites run from an installed extension, away from the fixtures).
  const fixtureQdc = vscode.Uri.joinPath(workspaceFolder(), 'nested.qdc');
  const scratch: vscode.Uri[] = [fixtureQdc];
  before(async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<CodeBook origin="test" xmlns="urn:QDA-XML:codebook:1:0"><Codes>
  <Code guid="6b6f6c62-1111-4a2b-8c3d-000000000001" name="04 Barri&#xE8;res" isCodable="false" color="#E06C75"><Description>Obstacles</Description>
    <Code guid="6b6f6c62-1111-4a2b-8c3d-000000000002" name="Access barriers" isCodable="true">
      <Code guid="6b6f6c62-1111-4a2b-8c3d-000000000003" name="Kovač: cost" isCodable="true"/>
    </Code>
    <Code guid="6b6f6c62-1111-4a2b-8c3d-000000000004" name="Bad" isCodable="true"/>
  </Code>
  <Code guid="6b6f6c62-1111-4a2b-8c3d-000000000005" name="access barriers" isCodable="true"/>
</Codes></CodeBook>`;
    await vscode.workspace.fs.writeFile(fixtureQdc, new TextEncoder().encode(xml));
  });
  after(async () => {
    for (const uri of scratch) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  it('exports the codebook as .qdc and, imported back with Add, finds every theme already there', async () => {
    const qdc = vscode.Uri.joinPath(folder(), 'exported.qdc');
    scratch.push(qdc);
    const written = await vscode.commands.executeCommand<vscode.Uri>('citemark.exportCodebook', qdc);
    assert.strictEqual(written?.fsPath, qdc.fsPath);
    const codes = readQdc(new TextDecoder().decode(await vscode.workspace.fs.readFile(qdc))).codes;
    assert.deepStrictEqual(codes.map((code) => [code.name, code.color, code.children.map((child) => child.name)]), [
      ['Machines', '#2f6f8f', ['Computability']],
      ['Programs', '#b5483b', ['Compilers']],
    ]);

    const codebook = await vscode.workspace.openTextDocument(codebookUri());
    const before = codebook.getText();
    await vscode.commands.executeCommand('citemark.importCodebook', qdc, 'add');
    assert.strictEqual(codebook.getText(), before, 'the GUIDs name the same themes: nothing to add');
  });

  it('imports a .qdc beside an existing codebook without touching it, or adds only the new themes to it', async () => {
    const codebook = await vscode.workspace.openTextDocument(codebookUri());
    const before = codebook.getText();
    const beside = await vscode.commands.executeCommand<vscode.Uri>('citemark.importCodebook', fixtureQdc, 'beside');
    scratch.push(beside);
    assert.strictEqual(path.basename(beside.fsPath), 'themes.imported.yaml');
    assert.strictEqual(codebook.getText(), before);
    const imported = parseCodebook(new TextDecoder().decode(await vscode.workspace.fs.readFile(beside)), 'themes.imported.yaml');
    assert.deepStrictEqual(imported.themes.map((theme) => theme.id), ['code-04-barrières', 'access-barriers', 'kovač-cost', 'bad-code', 'access-barriers-2']);

    await vscode.commands.executeCommand('citemark.importCodebook', fixtureQdc, 'add');
    try {
      const after = codebook.getText();
      let at = 0;
      while (after[at] === before[at]) at++;
      assert.strictEqual(after.slice(at + after.length - before.length), before.slice(at), 'one insertion, the rest unchanged');
      assert.ok(after.endsWith('\nsources:\n  lovelace1843notes: [programs]\n'), 'sources: left where it was');
      const merged = parseCodebook(after, 'themes.yaml');
      assert.deepStrictEqual(merged.diagnostics, []);
      assert.deepStrictEqual(merged.themes.map((theme) => theme.path).slice(4, 7), ['code-04-barrières', 'code-04-barrières/access-barriers', 'code-04-barrières/access-barriers/kovač-cost']);
    } finally {
      const restore = new vscode.WorkspaceEdit();
      restore.replace(codebook.uri, new vscode.Range(codebook.positionAt(0), codebook.positionAt(codebook.getText().length)), before);
      assert.ok(await vscode.workspace.applyEdit(restore));
      await codebook.save();
    }
  });

  it('writes a new codebook when there is none', async () => {
    const settings = vscode.workspace.getConfiguration('citemark.themes');
    await settings.update('codebook', 'imported-codebook.yaml', vscode.ConfigurationTarget.Workspace);
    const target = vscode.Uri.joinPath(folder(), 'imported-codebook.yaml');
    scratch.push(target);
    try {
      const written = await vscode.commands.executeCommand<vscode.Uri>('citemark.importCodebook', fixtureQdc);
      assert.strictEqual(written?.fsPath, target.fsPath);
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
      assert.match(text, /^# Codebook imported from nested\.qdc/);
      assert.strictEqual(parseCodebook(text, 'imported-codebook.yaml').themes.length, 5);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await settings.update('codebook', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
