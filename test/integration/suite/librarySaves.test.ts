// The library as the file on disk, while something writes it: a slow exporter writing in chunks, saves
// in quick succession, and a file replaced by rename (Better BibTeX). After each burst the index holds
// what the core's own parse of the final file reads (what `citemark check` reads), and at no point
// sampled meanwhile does the index hold a part of the file or flag a key that is in every version.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { gunzipSync } from 'zlib';
import { parseLibraryFile } from '../../../src/core/library/load';
import type { CitemarkApi } from '../../../src/extension/extension';
import { corpusOrSkip } from '../../corpora';
import { citemarkDiagnostics, closeEditorsAndNewDrafts, openNewDraft, waitFor, workspaceFolder } from './helpers';

// The harness says where the repository's fixtures are (this file runs from an installed extension).
const FIXTURE = path.join(process.env.CITEMARK_FIXTURES ?? path.resolve(__dirname, '../../fixtures'), 'bib-messy/bbt-mendeley-export.bib');

let citemark: CitemarkApi;
before(async () => {
  const extension = vscode.extensions.getExtension<CitemarkApi>('citemark.citemark');
  if (!extension) throw new Error('Citemark is not installed');
  citemark = await extension.activate();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The keys the index holds for a file, in file order (undefined when the file is not loaded). */
function indexedKeys(file: string): string[] | undefined {
  return citemark.libraries.index.get(file)?.entries.map((entry) => entry.key);
}

/** What the core reads from the file as it is now: the keys `citemark check` sees. */
function keysOnDisk(file: string): string[] {
  return parseLibraryFile(fs.readFileSync(file), file).entries.map((entry) => entry.key);
}

/** `text` with the title of the entry at about `fraction` of the way through changed (one save of one edit). */
function withTitleEdit(text: string, fraction: number, revision: string): string {
  const title = /\btitle\s*=\s*\{/g;
  title.lastIndex = Math.floor(text.length * fraction);
  const found = title.exec(text);
  if (!found) throw new Error(`no title after ${fraction}`);
  const open = found.index + found[0].length;
  return `${text.slice(0, open)}${revision} ${text.slice(open)}`;
}

/**
 * Records, every few milliseconds until stopped, the entry count of the file in the index and any
 * key of the draft flagged as missing; each sample must be one whole version of the file.
 */
function sample(file: string, draft: vscode.Uri, counts: Set<number>): { stop(): Promise<string[]> } {
  const wrong: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const count = indexedKeys(file)?.length;
      if (count === undefined || !counts.has(count)) wrong.push(`${count ?? 'no'} entries (versions have ${[...counts].join(' or ')})`);
      const flagged = citemarkDiagnostics(draft).filter((diagnostic) => /No entry/.test(diagnostic.message));
      if (flagged.length > 0) wrong.push(`flagged: ${flagged.map((diagnostic) => diagnostic.message).join('; ')}`);
      await sleep(25);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return [...new Set(wrong)];
    },
  };
}

function describeBursts(name: string, bytesOf: (context: Mocha.Context) => Buffer, options: { chunks: number; pauseMs: number; saveGapMs: number; timeoutMs: number }) {
  describe(`a library being written (${name})`, function () {
    this.timeout(options.timeoutMs * 6);
    const folder = () => workspaceFolder().fsPath;
    const file = () => path.join(folder(), 'burst.bib');
    let original = '';
    let sampled: string[] = [];
    let draft: vscode.Uri;

    before(async function () {
      original = bytesOf(this).toString('utf8');
      fs.writeFileSync(file(), original);
      const keys = keysOnDisk(file());
      // Keys spread over the file, the last ones included: a prefix of the file lacks some of them.
      const cited = [0, 0.25, 0.5, 0.75, 0.9, 0.99, 1].map((at) => keys[Math.min(keys.length - 1, Math.floor(at * keys.length))]);
      const editor = await openNewDraft('burst.md', `---\nbibliography: burst.bib\n---\n\n${cited.map((key) => `[@${key}]`).join(' ')}\n`);
      draft = editor.document.uri;
      await waitFor('the library to load', () => (indexedKeys(file())?.length === keys.length ? true : undefined), options.timeoutMs);
      await waitFor('the draft to be checked', () => (citemarkDiagnostics(draft).length === 0 ? true : undefined), options.timeoutMs);
    });

    after(async () => {
      fs.rmSync(file(), { force: true });
      await closeEditorsAndNewDrafts();
      await waitFor('the library to be forgotten', () => (indexedKeys(file()) ? undefined : true), options.timeoutMs);
    });

    /** Waits until the index holds what the core reads from the file, then checks it and the samples. */
    async function settlesOnTheFinalFile(counts: Set<number>, writing: Promise<void>) {
      const sampler = sample(file(), draft, counts);
      await writing;
      const expected = keysOnDisk(file());
      try {
        await waitFor('the index to hold the final file', () => (indexedKeys(file())?.join('\n') === expected.join('\n') ? true : undefined), options.timeoutMs);
      } finally {
        sampled = await sampler.stop();
      }
      assert.deepStrictEqual(indexedKeys(file()), expected);
      assert.deepStrictEqual(sampled, [], 'the index showed something that is not a whole version of the file');
    }

    it('holds a whole version while a slow exporter rewrites the file in chunks', async () => {
      const next = withTitleEdit(original, 0.5, 'Revised:');
      const count = keysOnDisk(file()).length;
      const writing = (async () => {
        const bytes = Buffer.from(next);
        const handle = await fs.promises.open(file(), 'w');
        const size = Math.ceil(bytes.length / options.chunks);
        for (let start = 0; start < bytes.length; start += size) {
          await handle.write(bytes, start, Math.min(size, bytes.length - start));
          await sleep(options.pauseMs);
        }
        await handle.close();
      })();
      await settlesOnTheFinalFile(new Set([count]), writing);
    });

    it('holds a whole version while a writer pauses inside an entry for seconds', async () => {
      const next = Buffer.from(withTitleEdit(original, 0.5, 'Paused:'));
      const count = keysOnDisk(file()).length;
      const cut = next.indexOf('title', Math.floor(next.length / 2));
      const writing = (async () => {
        const handle = await fs.promises.open(file(), 'w');
        await handle.write(next, 0, cut);
        await sleep(4_000); // longer than a file found shorter is waited for (2 s) before it is taken
        await handle.write(next, cut, next.length - cut);
        await handle.close();
      })();
      await settlesOnTheFinalFile(new Set([count]), writing);
    });

    it('ends on the last of ten saves in quick succession', async () => {
      const count = keysOnDisk(file()).length;
      const writing = (async () => {
        let text = fs.readFileSync(file(), 'utf8');
        for (let save = 1; save <= 10; save++) {
          text = withTitleEdit(text, save / 11, `Save ${save}:`);
          // the last save adds an entry: the index must end with it
          if (save === 10) text += '\n@misc{citemark-last-save,\n  title = {Added by the last save},\n  year = {2026}\n}\n';
          fs.writeFileSync(file(), text);
          // gaps a little longer each time: some saves come while the previous one is being read
          await sleep(options.saveGapMs + save * 20);
        }
      })();
      await settlesOnTheFinalFile(new Set([count, count + 1]), writing);
      assert.ok(indexedKeys(file())!.includes('citemark-last-save'));
    });

    it('takes a file replaced by rename (temporary file, then mv), as Better BibTeX writes it', async () => {
      const count = keysOnDisk(file()).length;
      const temporary = path.join(folder(), '.burst.bib.citemark-tmp');
      const writing = (async () => {
        for (let replace = 1; replace <= 3; replace++) {
          fs.writeFileSync(temporary, withTitleEdit(fs.readFileSync(file(), 'utf8'), replace / 4, `Replaced ${replace}:`));
          fs.renameSync(temporary, file());
          await sleep(options.saveGapMs);
        }
      })();
      await settlesOnTheFinalFile(new Set([count]), writing);
    });
  });
}

after(closeEditorsAndNewDrafts);

describeBursts('a small real library', () => fs.readFileSync(FIXTURE), { chunks: 20, pauseMs: 150, saveGapMs: 300, timeoutMs: 30_000 });
describeBursts('the ACL Anthology, 51 MB', (context) => gunzipSync(fs.readFileSync(corpusOrSkip(context, 'acl-anthology-via-jgrey.bib.gz'))), { chunks: 50, pauseMs: 150, saveGapMs: 300, timeoutMs: 120_000 });

describe('a library cut off inside an entry that stays so', () => {
  it('keeps its last version meanwhile, says so, and takes the cut file once it has stayed so (15 s)', async function () {
    this.timeout(90_000);
    const file = path.join(workspaceFolder().fsPath, 'cut.bib');
    const bytes = fs.readFileSync(FIXTURE);
    fs.writeFileSync(file, bytes);
    const keys = keysOnDisk(file);
    await openNewDraft('cut.md', `---\nbibliography: cut.bib\n---\n\n[@${keys[0]}]\n`);
    await waitFor('the library to load', () => (indexedKeys(file)?.length === keys.length ? true : undefined));
    const cutAt = Date.now();
    fs.writeFileSync(file, bytes.subarray(0, bytes.indexOf('title', Math.floor(bytes.length / 2))));
    await waitFor('the status bar to say so', () => (/cut\.bib ends inside an entry/.test(citemark.libraries.status) ? true : undefined));
    assert.strictEqual(indexedKeys(file)?.length, keys.length, 'the last version is kept');
    const cutKeys = keysOnDisk(file);
    await waitFor('the cut file to be taken', () => (indexedKeys(file)?.join('\n') === cutKeys.join('\n') ? true : undefined), 60_000);
    assert.ok(Date.now() - cutAt >= 15_000, `taken after ${Date.now() - cutAt} ms`);
    fs.rmSync(file);
    await closeEditorsAndNewDrafts();
  });
});

describe('a library saved broken from its editor', () => {
  // (the user trial: a closing brace deleted and saved showed "ends inside an entry (still being written?)" for ~10 s)
  // (a file of its own for each test: VS Code may keep the last test's document in memory)
  let round = 0;
  let name = '';
  const file = () => path.join(workspaceFolder().fsPath, name);
  let keys: string[] = [];
  beforeEach(async () => {
    name = `saved-${++round}.bib`;
    fs.copyFileSync(path.join(workspaceFolder().fsPath, 'library.bib'), file());
    keys = keysOnDisk(file());
    await openNewDraft(name.replace('.bib', '.md'), `---\nbibliography: ${name}\n---\n\n[@${keys[0]}]\n`);
    await waitFor('the library to load', () => (indexedKeys(file())?.length === keys.length ? true : undefined));
  });
  afterEach(async () => {
    await closeEditorsAndNewDrafts();
    fs.rmSync(file(), { force: true });
  });

  /** Deletes the document's last closing brace in the editor and saves: its last entry is left open. */
  async function deleteLastBraceAndSave(): Promise<void> {
    const document = await vscode.workspace.openTextDocument(file());
    const lastClose = document.getText().lastIndexOf('}');
    const edit = new vscode.WorkspaceEdit();
    edit.delete(document.uri, new vscode.Range(document.positionAt(lastClose), document.positionAt(lastClose + 1)));
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await document.save());
  }

  /** Waits until the index holds what the core reads from the saved file, the entry left open reported; says whether the status said meanwhile that the file was still being written. */
  async function takenAsSaved(): Promise<string> {
    const saved = parseLibraryFile(fs.readFileSync(file()), file());
    let said = '';
    await waitFor('the file to be taken as saved', () => {
      if (/still being written/.test(citemark.libraries.status)) said = citemark.libraries.status;
      return indexedKeys(file())?.join('\n') === saved.entries.map((entry) => entry.key).join('\n') ? true : undefined;
    }, 10_000);
    const open = saved.problems.find((problem) => problem.severity === 'error');
    assert.ok(open, 'the saved file has an entry left open');
    assert.ok(citemark.libraries.index.get(file())?.problems.some((problem) => problem.key === open.key && problem.severity === 'error'));
    return said;
  }

  it('is taken as saved at once (no wait for a writer to finish): the broken entry reported, the others kept', async function () {
    this.timeout(60_000);
    await deleteLastBraceAndSave();
    assert.strictEqual(await takenAsSaved(), '', 'the status said the saved file was still being written');
    assert.deepStrictEqual(indexedKeys(file()), keys.slice(0, -1));
  });

  it('is taken at once also when a read was waiting for a writer to finish as it came', async function () {
    // (CI: a read that started before the save waited 15 s for "the writer", holding the save's own read behind it)
    this.timeout(60_000);
    const bytes = fs.readFileSync(file());
    fs.writeFileSync(file(), bytes.subarray(0, bytes.indexOf('title', Math.floor(bytes.length / 2))));
    await waitFor('the status bar to say the file ends inside an entry', () => (citemark.libraries.status.includes(`${name} ends inside an entry`) ? true : undefined));
    await deleteLastBraceAndSave();
    await takenAsSaved();
    await waitFor('the status bar to speak no more of the file', () => (citemark.libraries.status.includes(name) ? undefined : true), 2_000);
  });
});

describe('a library that vanishes for a moment', () => {
  it('keeps its last version meanwhile, says so in the status bar, and forgets it only if it stays gone', async function () {
    this.timeout(60_000);
    const file = path.join(workspaceFolder().fsPath, 'vanishing.bib');
    const text = fs.readFileSync(FIXTURE, 'utf8');
    fs.writeFileSync(file, text);
    const keys = keysOnDisk(file);
    const editor = await openNewDraft('vanishing.md', `---\nbibliography: vanishing.bib\n---\n\n[@${keys[0]}] and [@${keys[keys.length - 1]}]\n`);
    await waitFor('the library to load', () => (indexedKeys(file)?.length === keys.length ? true : undefined));
    fs.rmSync(file);
    await waitFor('the status bar to say so', () => (/vanishing\.bib has vanished/.test(citemark.libraries.status) ? true : undefined));
    assert.strictEqual(indexedKeys(file)?.length, keys.length, 'the last version is kept');
    assert.deepStrictEqual(citemarkDiagnostics(editor.document.uri).map((diagnostic) => diagnostic.message), []);
    fs.writeFileSync(file, text);
    await waitFor('the status bar to be clear again', () => (/vanish/.test(citemark.libraries.status) ? undefined : true));
    assert.strictEqual(indexedKeys(file)?.length, keys.length);
    fs.rmSync(file);
    await waitFor('the library to be forgotten once it stays gone', () => (indexedKeys(file) ? undefined : true));
  });
});
