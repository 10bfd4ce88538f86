import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { toCslJson, extractReferences } from '../../src/core/citations/extractReferences';
import { chooseLinkLibrary, freeReferencesPath, linkChoices, linkToLibrary, type LinkFiles } from '../../src/core/citations/linkLibrary';
import { Draft } from '../../src/core/draft';
import type { LibraryEntry } from '../../src/core/types';

const root = path.resolve(__dirname, '../..');
const manuscript = fs.readFileSync(path.join(root, 'examples/manuscript-apa.md'), 'utf8');
const folder = path.join(path.sep, 'work', 'paper');
const draftPath = path.join(folder, 'paper.md');

/** Files in memory: which were read, by name. */
function memoryFiles(files: Record<string, string>): LinkFiles & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    read: async (file) => {
      reads.push(file);
      return file in files ? Buffer.from(files[file], 'utf8') : undefined;
    },
    exists: async (file) => file in files,
  };
}

const configured: LibraryEntry[] = [
  { key: 'configured2020', type: 'book', source: '/work/lib.bib', startLine: 0, endLine: 0, keyOffset: -1, authors: [{ family: 'Galtung' }], editors: [], year: '1969', title: 'Violence', keywords: [] },
];

describe('the library Convert links to (chooseLinkLibrary)', () => {
  it('a draft whose front matter names a bibliography: that library, nothing read beside it', async () => {
    const draft = new Draft(manuscript.replace('author: "Anonymous for review"', 'author: "Anonymous for review"\nbibliography: lib.bib'), draftPath);
    const files = memoryFiles({ [path.join(folder, 'paper-references.json')]: '[]' });
    const library = await chooseLinkLibrary(draft, folder, files, async () => configured);
    assert.deepStrictEqual(library, { entries: configured });
    assert.deepStrictEqual(files.reads, []);
  });

  it('else its own reference list, extracted to NAME-references.json, written with the edit and named in the front matter', async () => {
    const draft = new Draft(manuscript, draftPath);
    const library = await chooseLinkLibrary(draft, folder, memoryFiles({}), async () => configured);
    assert.strictEqual(library.create?.file, path.join(folder, 'paper-references.json'));
    assert.strictEqual(library.entries.length, 25);
    const result = linkToLibrary(draft, library);
    assert.strictEqual(result.frontMatter?.newText.includes('bibliography: paper-references.json'), true, result.frontMatter?.newText);
    assert.ok(result.linked.some((citation) => citation.keys.includes('galtung1969violence')));
  });

  it('else the library Extract wrote there before, with the corrections made to it since (a key renamed)', async () => {
    const draft = new Draft(manuscript, draftPath);
    const extracted = toCslJson(extractReferences(draft, 'paper-references.json')!).replace('"galtung1969violence"', '"galtung1969structural"');
    const files = memoryFiles({ [path.join(folder, 'paper-references.json')]: extracted });
    const library = await chooseLinkLibrary(draft, folder, files, async () => configured);
    assert.strictEqual(library.reused, path.join(folder, 'paper-references.json'));
    assert.strictEqual(library.create, undefined);
    const keys = linkToLibrary(draft, library).linked.flatMap((citation) => citation.keys);
    assert.ok(keys.includes('galtung1969structural') && !keys.includes('galtung1969violence'), keys.join(' '));
  });

  it('a file of that name with no entry is left alone: the list goes to the next free name', async () => {
    const taken = { [path.join(folder, 'paper-references.json')]: 'not a library' };
    const library = await chooseLinkLibrary(new Draft(manuscript, draftPath), folder, memoryFiles(taken), async () => configured);
    assert.strictEqual(library.create?.file, path.join(folder, 'paper-references-2.json'));
    assert.strictEqual(await freeReferencesPath(draftPath, folder, memoryFiles(taken).exists, '-references.bib'), path.join(folder, 'paper-references.bib'));
  });

  it('a draft with no reference list: the configured libraries', async () => {
    const draft = new Draft('# Notes\n\nAs Galtung (1969) argued.\n', draftPath);
    assert.deepStrictEqual(await chooseLinkLibrary(draft, folder, memoryFiles({}), async () => configured), { entries: configured });
  });
});

describe('the choice of entry for an ambiguous citation (linkChoices)', () => {
  const work = (key: string, title: string): LibraryEntry => ({
    key, type: 'article', source: '/work/lib.bib', startLine: 0, endLine: 0, keyOffset: -1, authors: [{ family: 'Galtung', given: 'Johan' }], editors: [], year: '1969', title, keywords: [],
  });
  const entries = [work('galtung1969violence', 'Violence, peace, and peace research'), work('galtung1969conflict', 'Conflict as a way of life')];

  it('links the citation to the entry chosen, each choice changing only that citation', () => {
    const text = '---\nbibliography: lib.bib\n---\n\nPeace is more than the absence of war (Galtung, 1969; Smith, 2001), as Galtung (1969) argued.\n';
    const draft = new Draft(text, draftPath);
    const { ambiguous } = linkToLibrary(draft, { entries });
    assert.deepStrictEqual(ambiguous.map(({ start, end, keys }) => [text.slice(start, end), keys]), [
      ['Galtung, 1969', ['galtung1969conflict', 'galtung1969violence']],
      ['Galtung (1969)', ['galtung1969conflict', 'galtung1969violence']],
    ]);
    const choices = linkChoices(draft, { entries }, ambiguous[1]);
    assert.deepStrictEqual(choices.map(({ entry, result }) => [entry.key, result.linked.map((citation) => `${citation.kept}${citation.newText}`)]), [
      ['galtung1969conflict', ['@galtung1969conflict']],
      ['galtung1969violence', ['@galtung1969violence']],
    ]);
    // the parenthesis keeps its unmatched work as text beside the chosen one
    const [first] = linkChoices(draft, { entries }, ambiguous[0]);
    assert.deepStrictEqual(first.result.linked.map((citation) => citation.newText), ['[@galtung1969conflict\\; Smith, 2001]']);
  });
});
