import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { checkDocument } from '../../src/core/check';
import { findAuthorDateCitations } from '../../src/core/citations/authorDate';
import { checkAuthorDate } from '../../src/core/citations/authorDateCheck';
import { extractReferences } from '../../src/core/citations/extractReferences';
import { linkCitations } from '../../src/core/citations/linkCitations';
import { parsePandocCitations } from '../../src/core/citations/pandoc';
import { findReferenceList } from '../../src/core/citations/referenceList';
import { Draft, type DraftParts } from '../../src/core/draft';
import { citationCompletionContext } from '../../src/core/languageFeatures/completion';
import { citationKeyAt } from '../../src/core/languageFeatures/hover';
import { citedKeys, findKeyOccurrences } from '../../src/core/languageFeatures/references';
import { draftRenameEdits } from '../../src/core/languageFeatures/rename';
import { LibraryIndex } from '../../src/core/library/libraryIndex';
import { parseLibraryFile } from '../../src/core/library/load';
import { readFrontMatter } from '../../src/core/markdown/frontMatter';
import { ignoredSpans, markdownBlocks } from '../../src/core/markdown/regions';
import { findTags } from '../../src/core/themes/tags';

const fixtures = path.resolve(__dirname, '../fixtures');
const draftPath = path.join(fixtures, 'check/draft.md');

/** A Draft that counts how often each part is computed. */
class CountingDraft extends Draft {
  readonly computed: Partial<Record<keyof DraftParts, number>> = {};

  protected override compute<Part extends keyof DraftParts>(part: Part): DraftParts[Part] {
    this.computed[part] = (this.computed[part] ?? 0) + 1;
    return super.compute(part);
  }
}

/**
 * A draft with all that features read: front matter (bibliography, nocite), Pandoc citations, code, a
 * theme tag, and a real article's author-date prose with its reference list (bdj-4-e8905, see SOURCES.md).
 */
async function loadDraft() {
  const pandoc = await fs.readFile(draftPath, 'utf8');
  const article = await fs.readFile(path.join(fixtures, 'author-date-jats/bdj-4-e8905.md'), 'utf8');
  const text = `${pandoc}\n#theme-a A tagged paragraph citing [@smith2010].\n\n${article}`;
  const index = new LibraryIndex();
  const libraries = [path.join(fixtures, 'check/library.bib'), path.join(fixtures, 'author-date-jats/bdj-4-e8905.bib')];
  for (const file of libraries) index.set(parseLibraryFile(await fs.readFile(file), file));
  return { text, view: index.view(libraries) };
}

describe('Draft', () => {
  it('computes the block breaks, ignored spans, citations and reference list once for the check, completion, hover, references and tags', async () => {
    const { text, view } = await loadDraft();
    const draft = new CountingDraft(text, draftPath);
    const key = text.indexOf('@smith2010') + 3;
    const check = checkDocument(draft, view, { authorDate: 'on' });
    assert.ok(check.authorDate && check.authorDate.citations.length > 50, 'the author-date check ran on the article');
    assert.ok(citationCompletionContext(draft, key));
    assert.strictEqual(citationKeyAt(draft, key)?.key, 'smith2010');
    assert.ok(findKeyOccurrences([draft], 'smith2010').length >= 2);
    assert.ok(draftRenameEdits('smith2010', 'smith2010b', [draft]).length >= 2);
    assert.strictEqual(draft.tags[0].ref, 'theme-a');
    checkDocument(draft, view, { authorDate: 'on' }); // the next feature on the same version parses nothing again
    assert.deepStrictEqual(draft.computed, {
      notText: 1, lines: 1, frontMatter: 1, blocks: 1, ignored: 1, pandocCitations: 1, citedKeys: 1, referenceList: 1, authorDateCitations: 1, tags: 1,
    });
  });

  it('reads the reference list once to extract it and to link the draft twice (without, then with bibliography:)', async () => {
    const articlePath = path.join(fixtures, 'author-date-jats/bdj-4-e8905.md');
    const text = await fs.readFile(articlePath, 'utf8');
    const draft = new CountingDraft(text, articlePath);
    const extracted = extractReferences(draft, 'bdj-references.json');
    assert.ok(extracted && extracted.references.length > 100);
    const entries = extracted.references.map((reference) => reference.entry);
    const linked = linkCitations(draft, entries, { path: articlePath });
    const withBibliography = linkCitations(draft, entries, { path: articlePath, bibliography: 'bdj-references.json' });
    assert.ok(linked.linked.length > 0 && withBibliography.frontMatter);
    assert.deepStrictEqual(draft.computed, { lines: 1, frontMatter: 1, blocks: 1, ignored: 1, referenceList: 1 });
    // the same as from the text
    assert.deepStrictEqual(extracted, extractReferences(text, 'bdj-references.json'));
    assert.deepStrictEqual(withBibliography, linkCitations(text, entries, { path: articlePath, bibliography: 'bdj-references.json' }));
  });

  it('computes nothing until a part is asked for, then only what that part needs', () => {
    const draft = new CountingDraft('Text with [@a] and `[@code]`.\n', 'a.md');
    assert.deepStrictEqual(draft.computed, {});
    assert.deepStrictEqual(draft.pandocCitations.map((citation) => citation.items[0].key), ['a']);
    assert.deepStrictEqual(draft.computed, { blocks: 1, ignored: 1, pandocCitations: 1 });
  });

  it('holds what each parser finds in the text', async () => {
    const { text } = await loadDraft();
    const draft = new Draft(text, draftPath);
    const list = findReferenceList(text, draftPath);
    assert.ok(list && list.entries.length > 20);
    assert.deepStrictEqual(draft.blocks, markdownBlocks(text));
    assert.deepStrictEqual(draft.ignored, ignoredSpans(text));
    assert.deepStrictEqual(draft.frontMatter, readFrontMatter(text, draftPath));
    assert.deepStrictEqual(draft.pandocCitations, parsePandocCitations(text));
    assert.deepStrictEqual(draft.citedKeys, citedKeys(text));
    assert.deepStrictEqual(draft.referenceList, list);
    assert.deepStrictEqual(draft.authorDateCitations, findAuthorDateCitations(text, [{ start: list.start, end: list.end }]));
    assert.deepStrictEqual(draft.tags, findTags(text));
    assert.deepStrictEqual(draft.lines.positionAt(text.indexOf('#theme-a')), { line: text.slice(0, text.indexOf('#theme-a')).split('\n').length - 1, character: 0 });
  });

  it('gives the same check for a draft as for its text', async () => {
    const { text, view } = await loadDraft();
    const library = view.entries();
    assert.deepStrictEqual(checkAuthorDate(new Draft(text, draftPath), library), checkAuthorDate(text, library, { path: draftPath }));
    assert.deepStrictEqual(citationKeyAt(new Draft(text), 60), citationKeyAt(text, 60));
  });

  it('Draft.of keeps a draft and reads a text as a new one', () => {
    const draft = new Draft('[@a]', 'a.md');
    assert.strictEqual(Draft.of(draft), draft);
    const read = Draft.of('[@b]', 'b.md');
    assert.strictEqual(read.path, 'b.md');
    assert.strictEqual(read.citedKeys[0].key, 'b');
    assert.strictEqual(Draft.of('x').path, 'document');
  });
});
