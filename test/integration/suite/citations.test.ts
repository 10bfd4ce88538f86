// Citemark's providers as VS Code calls them, on the fixture workspace (draft.md cites
// library.bib; `knuth1984literat` is a misspelt key).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { CitemarkApi } from '../../../src/extension/extension';
import {
  citemarkDiagnostics, closeEditorsAndNewDrafts, hoverText, insertedText, LIBRARY_KEYS, openNewDraft, openWorkspaceFile, positionOf, waitFor, workspaceFolder,
} from './helpers';

const FRONT_MATTER = '---\nbibliography: library.bib\n---\n\n';

after(closeEditorsAndNewDrafts);

async function completionsAt(document: vscode.TextDocument, position: vscode.Position, trigger: string): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position, trigger);
  return list.items;
}

describe('completion', () => {
  it('lists every library key after `[@`', async () => {
    const editor = await openNewDraft('completion.md', `${FRONT_MATTER}As shown in [@`);
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    // While the libraries load, the list is empty (and opens by itself once they are ready).
    const keys = await waitFor('completion items', async () => {
      const items = (await completionsAt(editor.document, end, '@')).map(insertedText);
      return items.some((key) => LIBRARY_KEYS.includes(key)) ? items : undefined;
    });
    for (const key of LIBRARY_KEYS) assert.ok(keys.includes(key), `${key} missing from ${JSON.stringify(keys)}`);
  });

  it('narrows the list to the entries that match what follows `@`', async () => {
    const editor = await openNewDraft('completion-query.md', `${FRONT_MATTER}As @Turing`);
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    const keys = await waitFor('completion items', async () => {
      const items = (await completionsAt(editor.document, end, 'g')).map(insertedText);
      return items.some((key) => LIBRARY_KEYS.includes(key)) ? items : undefined;
    });
    assert.strictEqual(keys[0], 'turing1936computable');
    assert.ok(!keys.includes('lovelace1843notes'), JSON.stringify(keys));
  });

  it('documents the item chosen with its formatted reference as plain text, as a screen reader reads it', async () => {
    const editor = await openNewDraft('completion-documentation.md', `${FRONT_MATTER}As @Turing`);
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    const first = await waitFor('a resolved completion item', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, end, 'g', 1);
      return list.items[0]?.documentation ? list.items[0] : undefined;
    });
    assert.strictEqual(insertedText(first), 'turing1936computable');
    // A string: VS Code shows it as text (nothing renders or runs), and no Markdown escape is read aloud in the row's label.
    assert.strictEqual(typeof first.documentation, 'string');
    assert.match(first.documentation as string, /^Turing, A\. M\. \(1936\)\. On Computable Numbers/);
  });

  it('offers nothing outside a citation', async () => {
    const editor = await openNewDraft('completion-none.md', `${FRONT_MATTER}Write to me at ada@example.org or in \`[@code]\``);
    const items = await completionsAt(editor.document, positionOf(editor.document, 'ada@'), '@');
    assert.deepStrictEqual(items.map(insertedText).filter((key) => LIBRARY_KEYS.includes(key)), []);
  });
});

describe('diagnostics', () => {
  it('reports exactly the missing key, as an error with code missing-key', async () => {
    const { document } = await openWorkspaceFile('draft.md');
    const diagnostics = await waitFor('a Citemark diagnostic', () => {
      const found = citemarkDiagnostics(document.uri);
      return found.length > 0 ? found : undefined;
    });
    assert.strictEqual(diagnostics.length, 1, JSON.stringify(diagnostics.map((d) => d.message)));
    const [missing] = diagnostics;
    assert.strictEqual(missing.code, 'missing-key');
    assert.strictEqual(missing.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(document.getText(missing.range), 'knuth1984literat');
    assert.match(missing.message, /'knuth1984literat'/);
  });

  it('clears the diagnostic once the key is corrected, and raises one for a new wrong key', async () => {
    const editor = await openNewDraft('typing.md', `${FRONT_MATTER}First [@hoper1952compiler].\n`);
    const range = await waitFor('the missing-key diagnostic', () => citemarkDiagnostics(editor.document.uri)[0]?.range);
    await editor.edit((edit) => edit.replace(range, 'hopper1952compiler'));
    await waitFor('no diagnostic', () => (citemarkDiagnostics(editor.document.uri).length === 0 ? true : undefined));
    await editor.edit((edit) => edit.insert(editor.document.lineAt(4).range.end, ' Then @nobody2020.'));
    const after = await waitFor('a new diagnostic', () => citemarkDiagnostics(editor.document.uri)[0]);
    assert.strictEqual(editor.document.getText(after.range), 'nobody2020');
  });

  it('notes a draft that names no bibliography, and its quick fix names the library in a new front matter', async () => {
    // (the student trial: no problem shown, and pandoc rendered `(key?)` and no reference list)
    const editor = await openNewDraft('no-bibliography.md', 'As @turing1936computable showed.\n');
    const { document } = editor;
    const note = await waitFor('the note', () => citemarkDiagnostics(document.uri).find((diagnostic) => diagnostic.code === 'no-bibliography'));
    assert.strictEqual(note.severity, vscode.DiagnosticSeverity.Information);
    assert.strictEqual(document.getText(note.range), 'turing1936computable');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, note.range);
    const add = actions.find((action) => action.title === "Add 'bibliography: library.bib' to the front matter");
    assert.ok(add?.edit, JSON.stringify(actions.map((action) => action.title)));
    assert.ok(await vscode.workspace.applyEdit(add.edit));
    assert.strictEqual(document.getText(), '---\nbibliography: library.bib\n---\n\nAs @turing1936computable showed.\n');
    await waitFor('the note gone', () => (citemarkDiagnostics(document.uri).length === 0 ? true : undefined));
  });
});

describe('diagnostics of a draft shown in a diff', () => {
  it('lists its problems once: not again for the other side of a diff (git, a save conflict, the timeline)', async () => {
    const { document } = await openWorkspaceFile('draft.md');
    // the draft as another version of it is shown: under a scheme of its own, at the same path
    const scheme = 'citemark-other-version';
    const provider = vscode.workspace.registerTextDocumentContentProvider(scheme, { provideTextDocumentContent: () => document.getText() });
    try {
      const other = document.uri.with({ scheme });
      await vscode.commands.executeCommand('vscode.diff', other, document.uri, 'draft.md (other version) ↔ draft.md');
      await waitFor('the diff to open', () => (vscode.workspace.textDocuments.some((open) => open.uri.toString() === other.toString()) ? true : undefined));
      await waitFor('the draft\'s diagnostic', () => (citemarkDiagnostics(document.uri).length > 0 ? true : undefined));
      await new Promise((resolve) => setTimeout(resolve, 1500)); // longer than a check of a draft opened takes to be scheduled and run
      assert.deepStrictEqual(citemarkDiagnostics(other).map((diagnostic) => diagnostic.message), []);
      assert.strictEqual(citemarkDiagnostics(document.uri).length, 1);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      provider.dispose();
    }
  });
});

describe('a library the front matter names that cannot be read', () => {
  it('is an error on its name in the front matter, until the name is fixed', async () => {
    // (a student's misspelt `bibliography:` path: the only sign was "none is loaded" on each citation)
    const editor = await openNewDraft('missing-library.md', '---\ntitle: Notes\nbibliography: refs/zotero-export.bib\n---\n\nAs [@lovelace1843notes] says.\n');
    const { document } = editor;
    const missing = await waitFor('the missing library flagged', () => citemarkDiagnostics(document.uri).find((d) => d.code === 'missing-library'));
    assert.strictEqual(missing.message, 'Bibliography refs/zotero-export.bib cannot be read: no such file.');
    assert.deepStrictEqual([missing.range.start.line, missing.range.start.character, missing.range.end.character], [2, 14, 36]);
    await editor.edit((edit) => edit.replace(new vscode.Range(2, 14, 2, 36), 'library.bib'));
    await waitFor('the error gone once the name is right', () => (citemarkDiagnostics(document.uri).length === 0 ? true : undefined));
  });
});

describe('find all references', () => {
  it("lists the key's library entry (the declaration) and its citations", async () => {
    const { document } = await openWorkspaceFile('draft.md');
    const library = path.join(workspaceFolder().fsPath, 'library.bib');
    const locations = await waitFor('the references', async () => {
      const found = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', document.uri, positionOf(document, '@lovelace', 4));
      return found.some((location) => location.uri.fsPath === library) ? found : undefined;
    });
    const entryLine = fs.readFileSync(library, 'utf8').split('\n').findIndex((line) => line.includes('{lovelace1843notes,'));
    assert.ok(locations.some((location) => location.uri.fsPath === library && location.range.start.line === entryLine), JSON.stringify(locations));
    assert.ok(locations.some((location) => location.uri.toString() === document.uri.toString()));
  });
});

describe('hover', () => {
  it('shows the formatted reference of a cited key', async () => {
    const { document } = await openWorkspaceFile('draft.md');
    const position = positionOf(document, '@lovelace', 4);
    const text = await waitFor('a hover', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
      return hovers.length > 0 ? hoverText(hovers) : undefined;
    });
    assert.match(text, /Lovelace/);
    assert.match(text, /1843/);
    assert.match(text, /Notes on the Analytical Engine/);
  });

  it('shows the reference in APA, saying why, when the draft\'s own CSL style cannot be read', async () => {
    // (a paper copied without the `csl:` file beside it; found in a user trial: the hover showed only the error)
    const editor = await openNewDraft('missing-style.md', '---\nbibliography: library.bib\ncsl: not-here.csl\n---\n\nAs @lovelace1843notes shows.\n');
    const { document } = editor;
    const text = await waitFor('a hover', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, '@lovelace', 4));
      return hovers.length > 0 ? hoverText(hovers) : undefined;
    });
    // (the hover is Markdown: its punctuation comes escaped)
    const plain = text.replace(/\\/g, '');
    assert.match(plain, /Notes on the Analytical Engine/);
    assert.match(plain, /In APA: Cannot read the CSL style .*not-here\.csl/);
  });

  it('suggests the close key when hovering a missing one', async () => {
    const { document } = await openWorkspaceFile('draft.md');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, '@knuth', 3));
    assert.match(hoverText(hovers), /knuth1984literate/);
  });
});

describe('one parse per draft version', () => {
  it("parses a version once for its diagnostics, completion, hover and definition, and the next version once after an edit", async () => {
    const citemark = await vscode.extensions.getExtension<CitemarkApi>('citemark.citemark')!.activate();
    const editor = await openNewDraft('one-parse.md', `${FRONT_MATTER}As @turing1936computable and [@knuth1984literat] show.\n`);
    const { document } = editor;
    await waitFor('the misspelt key flagged', () => (citemarkDiagnostics(document.uri).length === 1 ? true : undefined));
    const parses = citemark.draftParses(document.uri);
    assert.ok(parses >= 1);
    /** Completion, hover and definition, as VS Code asks for them, on the current version. */
    const features = async () => {
      const completion = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, positionOf(document, '@turing19'), '9');
      assert.ok(completion.items.map(insertedText).includes('turing1936computable'));
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, '@turing', 3));
      assert.match(hoverText(hovers), /Turing/);
      const definitions = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', document.uri, positionOf(document, '@turing', 3));
      assert.strictEqual(definitions.length, 1);
    };
    const version = document.version;
    await features();
    assert.strictEqual(document.version, version);
    assert.strictEqual(citemark.draftParses(document.uri), parses, 'the features parsed the version the diagnostics had parsed again');

    await editor.edit((edit) => edit.insert(positionOf(document, 'knuth1984literat'), 'e'));
    await waitFor('the corrected key cleared', () => (citemarkDiagnostics(document.uri).length === 0 ? true : undefined));
    await features();
    assert.strictEqual(citemark.draftParses(document.uri), parses + 1, 'the edited version parsed once');
  });
});

describe('quick fix', () => {
  it('replaces a wrong key with the suggested one, changing only those bytes', async () => {
    const original = `${FRONT_MATTER}Programs as literature [@knuth1984literat, p. 3]; see also @lovelace1843notes.\n`;
    const editor = await openNewDraft('quickfix.md', original);
    const diagnostic = await waitFor('the missing-key diagnostic', () => citemarkDiagnostics(editor.document.uri)[0]);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, diagnostic.range);
    const fix = actions.find((action) => action.title.includes("'knuth1984literate'"));
    assert.ok(fix?.edit, `no fix among ${JSON.stringify(actions.map((action) => action.title))}`);
    assert.strictEqual(fix.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.strictEqual(editor.document.getText(), original.replace('knuth1984literat,', 'knuth1984literate,'));
    await waitFor('the diagnostic to clear', () => (citemarkDiagnostics(editor.document.uri).length === 0 ? true : undefined));
  });

  it('writes [@key] for a citation Pandoc reads otherwise, `(@key)` or `[key]`, changing only those bytes', async () => {
    const original = `${FRONT_MATTER}Programs as literature (@knuth1984literate, p. 3); see also [lovelace1843notes].\n`;
    const editor = await openNewDraft('slips.md', original);
    const slips = await waitFor('two citation-form diagnostics', () => {
      const found = citemarkDiagnostics(editor.document.uri);
      return found.length === 2 ? found : undefined;
    });
    for (const [i, fixed] of ['[@knuth1984literate, p. 3]', '[@lovelace1843notes]'].entries()) {
      const diagnostic = citemarkDiagnostics(editor.document.uri)[0];
      assert.strictEqual(typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code, 'citation-form', slips[i].message);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, diagnostic.range);
      const fix = actions.find((action) => action.title === `Replace with '${fixed}'`);
      assert.ok(fix?.edit, `no fix among ${JSON.stringify(actions.map((action) => action.title))}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      await waitFor('the diagnostic fixed to clear', () => (citemarkDiagnostics(editor.document.uri).length === 1 - i ? true : undefined));
    }
    assert.strictEqual(editor.document.getText(), original.replace('(@knuth1984literate, p. 3)', '[@knuth1984literate, p. 3]').replace('[lovelace1843notes]', '[@lovelace1843notes]'));
  });
});

describe("VS Code's own Markdown link check", () => {
  it('offers to stop it reporting citations as links without a definition, and that stops it', async () => {
    const config = vscode.workspace.getConfiguration();
    const workspace = vscode.ConfigurationTarget.Workspace;
    await config.update('markdown.validate.enabled', true, workspace);
    try {
      const editor = await openNewDraft('linkcheck.md', `${FRONT_MATTER}As shown [@lovelace1843notes], and [see @turing1936computable].\n`);
      const uri = editor.document.uri;
      const linkWarnings = () =>
        vscode.languages.getDiagnostics(uri).filter((diagnostic) => (typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code) === 'link.no-such-reference');
      const warning = await waitFor("VS Code's link check to report a citation", () => linkWarnings()[0], 60_000);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, warning.range);
      const stop = actions.find((action) => action.command?.command === 'citemark.ignoreCitationLinkWarnings');
      assert.ok(stop, `no such action among ${JSON.stringify(actions.map((action) => action.title))}`);
      await vscode.commands.executeCommand(stop.command!.command);
      assert.strictEqual(vscode.workspace.getConfiguration().get('markdown.validate.referenceLinks.enabled'), 'ignore');
      await waitFor('the link warnings gone', () => (linkWarnings().length === 0 ? true : undefined), 60_000);
    } finally {
      await config.update('markdown.validate.enabled', undefined, workspace);
      await config.update('markdown.validate.referenceLinks.enabled', undefined, workspace);
    }
  });
});
