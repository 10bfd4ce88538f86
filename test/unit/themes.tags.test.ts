import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Draft } from '../../src/core/draft';
import { parseCodebook } from '../../src/core/themes/codebook';
import { findTags, scopePreview, tagDiagnostics, tagPrefixAt } from '../../src/core/themes/tags';

const fixtures = path.resolve(__dirname, '../fixtures/themes');
const traps = fs.readFileSync(path.join(fixtures, 'traps.md'), 'utf8');
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length - 1;

describe('theme tags', () => {
  const tags = findTags(traps);
  const byRef = (ref: string) => tags.filter((tag) => tag.ref === ref);

  it('reads only real tags, skipping every trap', () => {
    assert.deepStrictEqual(
      tags.map((tag) => tag.ref),
      ['protection', 'monitoring', 'protection/reintegration', 'peace-education', 'media', 'culture-of-peace', 'peace-education'],
    );
    for (const trap of ['not-a-tag', 'sec-protection', 'reintegration', 'fff', 'a1b2c3', '12', 'sec-code', 'python-comment', 'escaped', 'b', 'attr']) {
      assert.strictEqual(byRef(trap).length, 0, `#${trap} must not be a tag`);
    }
  });

  it('finds no tag in a binary file opened as a draft', () => {
    const text = 'Tagged #media here\n';
    assert.strictEqual(new Draft(text).tags.length, 1);
    assert.deepStrictEqual(new Draft(`\u0089PNG\r\n\u001a\n\0\0\0\r${text}`).tags, []);
  });

  it('gives each tag its exact range, without trailing punctuation', () => {
    for (const tag of tags) assert.strictEqual(traps.slice(tag.start, tag.end), `#${tag.ref}`);
    const [, sentenceEnd] = byRef('peace-education');
    assert.strictEqual(traps[sentenceEnd.end], '.');
    assert.deepStrictEqual(sentenceEnd.range.start, { line: lineOf(traps, 'Schools teach'), character: traps.split('\n')[lineOf(traps, 'Schools teach')].indexOf('#peace') });
  });

  it('scopes a tag-only line under a heading to the whole section, comments included', () => {
    const [protection] = byRef('protection');
    const [monitoring] = byRef('monitoring');
    assert.strictEqual(monitoring.inComment, true);
    for (const tag of [protection, monitoring]) {
      assert.strictEqual(tag.scope.kind, 'section');
      assert.strictEqual(tag.scope.line, lineOf(traps, '# Protection in practice'));
      assert.strictEqual(tag.scope.endLine, lineOf(traps, 'Final paragraph'), 'a level-1 section runs past ## and ###');
    }
    const [culture] = byRef('culture-of-peace');
    assert.strictEqual(culture.scope.kind, 'section');
    assert.strictEqual(culture.scope.line, lineOf(traps, '## Culture of peace'));
    assert.strictEqual(scopePreview(traps, culture.scope), 'Culture of peace');
    assert.strictEqual(scopePreview(traps, protection.scope), 'Protection in practice', 'heading attributes left out');
  });

  it('scopes a tag in running text to its paragraph', () => {
    const [reintegration] = byRef('protection/reintegration');
    assert.strictEqual(reintegration.scope.kind, 'paragraph');
    assert.strictEqual(reintegration.scope.line, lineOf(traps, 'Former fighters'));
    assert.strictEqual(reintegration.scope.endLine, reintegration.scope.line);
    const [, sentenceEnd] = byRef('peace-education');
    assert.ok(traps.slice(sentenceEnd.scope.start, sentenceEnd.scope.end).startsWith('Schools teach mediation'));
    assert.strictEqual(scopePreview(traps, sentenceEnd.scope, 4), 'Schools teach mediation [@ndlovu2019; …');
  });

  it('scopes a tag in a list to its item, nested items included', () => {
    const [item] = byRef('peace-education');
    assert.strictEqual(item.inComment, true);
    assert.strictEqual(item.scope.kind, 'item');
    assert.strictEqual(item.scope.line, lineOf(traps, '- Local councils'));
    assert.strictEqual(item.scope.endLine, lineOf(traps, '  - with a nested point'));
    const [media] = byRef('media');
    assert.strictEqual(media.scope.kind, 'item');
    assert.strictEqual(traps.slice(media.scope.start, media.scope.end), '- Radio stations report on them, #media.');
  });

  it('reads a tag in a heading line as a section tag and keeps CRLF line ends out of scopes', () => {
    const text = '# Intro\r\n\r\n## Radio #media\r\nOne.\r\n\r\nTwo.\r\n# Next\r\n';
    const [tag] = findTags(text);
    assert.strictEqual(tag.scope.kind, 'section');
    assert.strictEqual(text.slice(tag.scope.start, tag.scope.end), '## Radio #media\r\nOne.\r\n\r\nTwo.');
  });

  it('reads setext headings as section starts, and a --- rule after a blank line as no heading', () => {
    const text = 'Findings\n========\n#media\n\nText.\n\nRadio\n-----\n\n<!-- #radio -->\nSub text.\n\n---\n\nAfter a rule #rule\n\nOther\n=====\nEnd.\n';
    const [media, radio, rule] = findTags(text);
    assert.strictEqual(media.scope.kind, 'section');
    assert.strictEqual(text.slice(media.scope.start, media.scope.end), text.slice(0, text.indexOf('\n\nOther')));
    assert.strictEqual(scopePreview(text, media.scope), 'Findings');
    assert.strictEqual(radio.scope.kind, 'section');
    assert.strictEqual(text.slice(radio.scope.start, radio.scope.end), 'Radio\n-----\n\n<!-- #radio -->\nSub text.\n\n---\n\nAfter a rule #rule');
    assert.strictEqual(rule.scope.kind, 'paragraph');
    assert.strictEqual(text.slice(rule.scope.start, rule.scope.end), 'After a rule #rule');
  });

  it('previews emphasis without its marks, and keeps the underscores of keys and words (the student trial lost a Better BibTeX key\'s)', () => {
    const text = 'Literate _programs_ and __tools__ *matter* `here` [@knuth84_liter_progr_, p. 99] snake_case. #programs\n';
    const [tag] = findTags(text);
    assert.strictEqual(scopePreview(text, tag.scope, 20), 'Literate programs and tools matter here [@knuth84_liter_progr_, p. 99] snake_case.');
  });

  it('previews a line block or a block quote without its markers (an R Markdown paper\'s paragraphs, found in a user trial)', () => {
    const text = '| A variety of existing examples helped.\n| We had no training. #barriers\n\n> Quoted words. #quotes\n';
    const [lineBlock, quote] = findTags(text);
    assert.strictEqual(scopePreview(text, lineBlock.scope), 'A variety of existing examples helped. We had no training.');
    assert.strictEqual(scopePreview(text, quote.scope), 'Quoted words.');
  });

  it('scopes text before a list and a standalone tag line away from headings to their paragraph', () => {
    const text = 'Intro text.\n\nSources below #protection\n- first\n- second\n\n#media\nA paragraph.\n';
    const [protection, media] = findTags(text);
    assert.strictEqual(protection.scope.kind, 'paragraph');
    assert.strictEqual(text.slice(protection.scope.start, protection.scope.end), 'Sources below #protection');
    assert.strictEqual(media.scope.kind, 'paragraph');
    assert.strictEqual(text.slice(media.scope.start, media.scope.end), '#media\nA paragraph.');
  });

  it('ends a paragraph at a code block or display math that follows it without a blank line', () => {
    const text = 'Text #media\n```\ncode #no\n```\nAfter the fence.\n$$\nx\n$$\nMore text #radio\n';
    const [media, radio] = findTags(text);
    assert.deepStrictEqual([media.ref, radio.ref], ['media', 'radio']);
    assert.strictEqual(text.slice(media.scope.start, media.scope.end), 'Text #media');
    assert.strictEqual(text.slice(radio.scope.start, radio.scope.end), 'More text #radio');
  });

  it('reports tags missing from the codebook with the closest themes', () => {
    const codebook = parseCodebook(fs.readFileSync(path.resolve(__dirname, '../../examples/themes.yaml'), 'utf8'), 'themes.yaml');
    const diagnostics = tagDiagnostics(findTags('Text #peace-educaton and #protection/reintegration and #media/reintegration.\n'), codebook);
    assert.deepStrictEqual(diagnostics.map((d) => [d.code, d.message, d.range.start.character]), [
      ['unknown-theme', "Theme 'peace-educaton' is not in the codebook. Did you mean #culture-of-peace/peace-education?", 5],
      ['unknown-theme', "Theme 'media/reintegration' is not in the codebook. Did you mean #protection/reintegration?", 55],
    ]);
    assert.strictEqual(diagnostics[0].suggestions?.[0], 'culture-of-peace/peace-education');
    assert.strictEqual(diagnostics[1].suggestions?.[0], 'protection/reintegration');
  });

  it('finds the partial tag being typed, but not in code or URLs', () => {
    const text = 'See #prot and `#code` and https://x.org/#frag <!-- #cul';
    assert.deepStrictEqual(tagPrefixAt(text, text.indexOf('#prot') + 5), { start: 4, prefix: 'prot' });
    assert.deepStrictEqual(tagPrefixAt(text, text.indexOf('#prot') + 1), { start: 4, prefix: '' });
    assert.strictEqual(tagPrefixAt(text, text.indexOf('#code') + 3), undefined);
    assert.strictEqual(tagPrefixAt(text, text.indexOf('#frag') + 3), undefined);
    assert.deepStrictEqual(tagPrefixAt(text, text.length), { start: text.indexOf('#cul'), prefix: 'cul' });
  });
});
