import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { guidFromId, parseCodebook, resolveTheme } from '../../src/core/themes/codebook';
import { codebookToQdc, mergeThemesEdits, qdcToThemes, readQdc } from '../../src/core/themes/qdc';
import { addThemeEdits, newThemeFromTag, renameThemeEdits, tagSourceEdits, type TextEdit } from '../../src/core/themes/edits';
import { findTags } from '../../src/core/themes/tags';

const examples = path.resolve(__dirname, '../../examples');
const codebookText = fs.readFileSync(path.join(examples, 'themes.yaml'), 'utf8');
const review = { path: 'review.md', text: fs.readFileSync(path.join(examples, 'review.md'), 'utf8') };

/** Applies edits of one file, last first, checking they do not overlap. */
function apply(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset);
  sorted.forEach((edit, i) => assert.ok(i === 0 || edit.offset + edit.length <= sorted[i - 1].offset, 'overlapping edits'));
  return sorted.reduce((result, edit) => result.slice(0, edit.offset) + edit.newText + result.slice(edit.offset + edit.length), text);
}

/** The text outside the edited ranges must be byte-for-byte the original. */
function assertOnlyEditedRanges(before: string, after: string, edits: TextEdit[]): void {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset);
  let beforeAt = 0;
  let afterAt = 0;
  for (const edit of sorted) {
    const unchanged = edit.offset - beforeAt;
    assert.strictEqual(after.slice(afterAt, afterAt + unchanged), before.slice(beforeAt, edit.offset));
    assert.strictEqual(after.slice(afterAt + unchanged, afterAt + unchanged + edit.newText.length), edit.newText);
    afterAt += unchanged + edit.newText.length;
    beforeAt = edit.offset + edit.length;
  }
  assert.strictEqual(after.slice(afterAt), before.slice(beforeAt));
}

describe('theme edits', () => {
  it('renames a parent theme in the codebook and in every tag of the drafts, touching nothing else', () => {
    const edits = renameThemeEdits(codebookText, 'themes.yaml', [review], 'protection', 'safety');
    const forCodebook = edits.filter((edit) => edit.path === 'themes.yaml');
    const forReview = edits.filter((edit) => edit.path === 'review.md');
    const [pin, ...renames] = forCodebook.filter((edit) => edit.length === 0);
    assert.deepStrictEqual([pin?.newText, renames], [`\n    guid: ${guidFromId('protection')}`, []], 'the GUID the theme had in a .qdc, written down');
    for (const edit of edits) if (edit !== pin) assert.deepStrictEqual([edit.length, edit.newText], ['protection'.length, 'safety']);

    const newCodebookText = apply(codebookText, forCodebook);
    assertOnlyEditedRanges(codebookText, newCodebookText, forCodebook);
    const renamed = parseCodebook(newCodebookText, 'themes.yaml');
    assert.deepStrictEqual(renamed.diagnostics, []);
    assert.strictEqual(renamed.themes.find((theme) => theme.id === 'safety')?.guid, guidFromId('protection'));
    assert.strictEqual(resolveTheme(renamed, 'safety/monitoring')?.label, 'Monitoring and peace constituency');
    assert.deepStrictEqual(renamed.sources.filter((source) => source.ref.startsWith('safety')).map((source) => source.ref), ['safety', 'safety/monitoring']);

    const newReview = apply(review.text, forReview);
    assertOnlyEditedRanges(review.text, newReview, forReview);
    const oldRefs = findTags(review.text).map((tag) => tag.ref);
    const newRefs = findTags(newReview).map((tag) => tag.ref);
    assert.deepStrictEqual(newRefs, oldRefs.map((ref) => ref.split('/').map((segment) => (segment === 'protection' ? 'safety' : segment)).join('/')));
    assert.strictEqual(forReview.length, oldRefs.filter((ref) => ref.split('/').includes('protection')).length);
    assert.ok(newReview.includes('*protection*'), 'prose is left alone');
  });

  it('keeps a renamed theme the same code in a .qdc round trip (the researcher trial: a second theme came back)', () => {
    const before = codebookToQdc(parseCodebook(codebookText, 'themes.yaml'));
    const renamedText = apply(codebookText, renameThemeEdits(codebookText, 'themes.yaml', [], 'reintegration', 'return-home').filter((edit) => edit.path === 'themes.yaml'));
    const renamed = parseCodebook(renamedText, 'themes.yaml');
    assert.deepStrictEqual(renamed.diagnostics, []);
    const guids = (xml: string) => [...xml.matchAll(/<Code guid="([^"]+)"/g)].map((match) => match[1]);
    assert.deepStrictEqual(guids(codebookToQdc(renamed)), guids(before));
    const { themes } = qdcToThemes(readQdc(before), renamed);
    assert.deepStrictEqual(mergeThemesEdits(renamedText, 'themes.yaml', themes, renamed).edits, [], 'nothing new to add');
    // flow maps and quoted ids get the field in place; a theme with its own guid keeps it
    const flow = '{themes: [{id: "exit", label: Exit}, {id: other}]}\n';
    assert.strictEqual(apply(flow, renameThemeEdits(flow, 't.yaml', [], 'exit', 'ending')), `{themes: [{id: "ending", guid: ${guidFromId('exit')}, label: Exit}, {id: other}]}\n`);
    const own = 'themes:\r\n  - id: exit\r\n    guid: 1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294\r\n';
    assert.strictEqual(apply(own, renameThemeEdits(own, 't.yaml', [], 'exit', 'ending')), own.replace('exit', 'ending'));
    const crlf = 'themes:\r\n  - id: exit # how violence ends\r\n    label: Exit\r\n';
    const renamedCrlf = apply(crlf, renameThemeEdits(crlf, 't.yaml', [], 'exit', 'ending'));
    assert.strictEqual(renamedCrlf, `themes:\r\n  - id: ending # how violence ends\r\n    guid: ${guidFromId('exit')}\r\n    label: Exit\r\n`);
    // renamed back, the codebook is as it was, byte for byte
    assert.strictEqual(apply(renamedCrlf, renameThemeEdits(renamedCrlf, 't.yaml', [], 'ending', 'exit')), crlf);
    const renamedFlow = apply(flow, renameThemeEdits(flow, 't.yaml', [], 'exit', 'ending'));
    assert.strictEqual(apply(renamedFlow, renameThemeEdits(renamedFlow, 't.yaml', [], 'ending', 'exit')), flow);
    assert.strictEqual(apply(renamedText, renameThemeEdits(renamedText, 'themes.yaml', [], 'return-home', 'reintegration')), codebookText);
    // an id written as an explicit key is renamed, without a GUID line it would not know where to put
    const explicit = 'themes:\n  - ? id\n    : exit\n    label: Exit\n';
    assert.strictEqual(apply(explicit, renameThemeEdits(explicit, 't.yaml', [], 'exit', 'ending')), explicit.replace(': exit', ': ending'));
  });

  it('renames a sub-theme written by id alone and by full path', () => {
    const edits = renameThemeEdits(codebookText, 'themes.yaml', [review], 'peace-education', 'education-for-peace');
    const newReview = apply(review.text, edits.filter((edit) => edit.path === 'review.md'));
    const refs = findTags(newReview).map((tag) => tag.ref).filter((ref) => ref.includes('education'));
    assert.deepStrictEqual(refs, ['education-for-peace', 'culture-of-peace/education-for-peace', 'education-for-peace']);
    const newCodebook = parseCodebook(apply(codebookText, edits.filter((edit) => edit.path === 'themes.yaml')), 'themes.yaml');
    assert.deepStrictEqual(newCodebook.diagnostics, []);
    assert.deepStrictEqual(newCodebook.sources.find((source) => source.key === 'tanaka2011')?.ref, 'culture-of-peace/education-for-peace');
  });

  it('refuses a rename to an existing, invalid or colour-like id with a clear message', () => {
    assert.throws(() => renameThemeEdits(codebookText, 'themes.yaml', [], 'protection', 'human-rights'), /already a theme “human-rights”/);
    assert.throws(() => renameThemeEdits(codebookText, 'themes.yaml', [], 'protection', 'two words'), /cannot be a theme id/);
    assert.throws(() => renameThemeEdits(codebookText, 'themes.yaml', [], 'protection', 'bad'), /colour code/);
    assert.throws(() => renameThemeEdits(codebookText, 'themes.yaml', [], 'nothing', 'x'), /No theme “nothing”/);
    assert.throws(() => renameThemeEdits('themes: [\n', 'themes.yaml', [], 'a', 'b'), /Fix the codebook first/);
  });

  it('adds a theme at the end of `themes:`, with the codebook indentation, before the comments that follow', () => {
    const edits = addThemeEdits(codebookText, 'themes.yaml', { id: 'land-rights', parent: 'protection', label: 'Land rights: restitution' });
    const after = apply(codebookText, edits);
    assertOnlyEditedRanges(codebookText, after, edits);
    assert.strictEqual(edits[0].newText, '  - id: land-rights\n    parent: protection\n    label: "Land rights: restitution"\n');
    const codebook = parseCodebook(after, 'themes.yaml');
    assert.deepStrictEqual(codebook.diagnostics, []);
    assert.strictEqual(resolveTheme(codebook, 'protection/land-rights')?.label, 'Land rights: restitution');
    assert.ok(after.indexOf('id: land-rights') < after.indexOf('# Themes of whole sources'));
  });

  it('adds a theme to an empty, a missing or a CRLF codebook', () => {
    for (const text of ['', '# my codebook\n', 'themes:\n', 'sources:\n  a: []', 'themes:\r\n  - id: a\r\n    label: A\r\n']) {
      const after = apply(text, addThemeEdits(text, 'c.yaml', { id: 'media', label: 'Media', description: 'Radio, #hashtags and print' }));
      const codebook = parseCodebook(after, 'c.yaml');
      assert.deepStrictEqual(codebook.diagnostics, [], JSON.stringify(after));
      assert.strictEqual(resolveTheme(codebook, 'media')?.description, 'Radio, #hashtags and print', JSON.stringify(after));
      if (text.includes('\r\n')) assert.ok(!/[^\r]\n/.test(after), 'keeps CRLF');
    }
    assert.throws(() => addThemeEdits(codebookText, 'themes.yaml', { id: 'x', parent: 'nope' }), /No parent theme “nope”/);
  });

  it('proposes the theme to add for an unknown tag, under the parent its path names', () => {
    const codebook = parseCodebook(codebookText, 'themes.yaml');
    assert.deepStrictEqual(newThemeFromTag(codebook, 'protection/land-rights'), { id: 'land-rights', parent: 'protection' });
    assert.deepStrictEqual(newThemeFromTag(codebook, 'culture-of-peace/peace-education/school-mediation'), { id: 'school-mediation', parent: 'peace-education' });
    assert.deepStrictEqual(newThemeFromTag(codebook, 'sport'), { id: 'sport' });
    assert.strictEqual(newThemeFromTag(codebook, 'media/reintegration'), undefined, 'the id exists elsewhere: fix the path instead');
    assert.strictEqual(newThemeFromTag(codebook, 'nowhere/sport'), undefined, 'unknown parent');
    assert.strictEqual(newThemeFromTag(codebook, 'Reintegration'), undefined, 'the id in another case: fix the tag instead');
    assert.strictEqual(newThemeFromTag(codebook, 'protection/Reintegration'), undefined);
  });

  it('tags a source with a theme in every shape of `sources:`', () => {
    const cases: [string, string][] = [
      [codebookText, 'okafor2018'], // new key in a block map
      [codebookText, 'mwangi2017'], // flow list
      ['themes:\n  - id: peace-media\n  - id: radio\nsources:\n  k:\n    - peace-media\n', 'k'], // block list
      ['themes:\n  - id: peace-media\n  - id: radio\nsources:\n  k: peace-media # one theme\n', 'k'], // single string
      ['themes:\n  - id: peace-media\n  - id: radio\nsources:\n  k: []\n', 'k'],
      ['themes:\n  - id: peace-media\n  - id: radio\nsources:\n  k:\n', 'k'],
      ['themes:\n  - id: peace-media\n  - id: radio\nsources:\n', 'k'],
      ['themes:\n  - id: peace-media\n  - id: radio', 'k'],
    ];
    const theme = (text: string) => (text === codebookText ? 'culture-of-peace/communication' : 'radio');
    const added = (text: string) => (text === codebookText ? 'communication' : 'radio');
    for (const [text, key] of cases) {
      const edits = tagSourceEdits(text, 'c.yaml', key, added(text));
      const after = apply(text, edits);
      assertOnlyEditedRanges(text, after, edits);
      const codebook = parseCodebook(after, 'c.yaml');
      assert.deepStrictEqual(codebook.diagnostics, [], JSON.stringify(after));
      const before = parseCodebook(text, 'c.yaml').sources.filter((source) => source.key === key).map((source) => source.themeId);
      const now = codebook.sources.filter((source) => source.key === key);
      assert.deepStrictEqual(now.map((source) => source.themeId), [...before, added(text)], JSON.stringify(after));
      assert.strictEqual(now.at(-1)?.ref, theme(text));
      assert.deepStrictEqual(tagSourceEdits(after, 'c.yaml', key, added(text)), [], 'a second time changes nothing');
    }
    assert.throws(() => tagSourceEdits(codebookText, 'themes.yaml', 'okafor2018', 'nope'), /No theme “nope”/);
  });
});
