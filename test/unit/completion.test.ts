import * as assert from 'assert';
import { authorYearLabel, citationCompletionContext, completionCandidates, entriesBeforeTyping, typedPastFirstWord } from '../../src/core/languageFeatures/completion';
import { Draft } from '../../src/core/draft';
import type { LibraryEntry, Person } from '../../src/core/types';

/** Context at the `|` of `marked` (the `|` is removed). */
function contextAt(marked: string) {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const context = citationCompletionContext(text, offset);
  return context && { ...context, replaced: text.slice(context.replaceStart, context.replaceEnd) };
}

function entry(key: string, fields: Partial<LibraryEntry> = {}): LibraryEntry {
  return { key, type: 'article', source: '/lib.bib', startLine: 0, endLine: 0, keyOffset: -1, authors: [], editors: [], keywords: [], ...fields };
}

const person = (family: string, given = 'A.'): Person => ({ family, given });


describe('citationCompletionContext', () => {
  it('opens right after `[@`, with an empty query', () => {
    assert.deepStrictEqual(contextAt('See [@|'), { query: '', replaceStart: 6, replaceEnd: 6, bracketed: true, braced: false, replaced: '' });
  });

  it('reads the key typed after a prefix, after `; @` and for suppress-author', () => {
    assert.deepStrictEqual(contextAt('text [see @smi|'), { query: 'smi', replaceStart: 11, replaceEnd: 14, bracketed: true, braced: false, replaced: 'smi' });
    const second = contextAt('[@doe99; @jo|]');
    assert.strictEqual(second?.query, 'jo');
    assert.strictEqual(second?.replaced, 'jo');
    assert.strictEqual(second?.bracketed, true);
    assert.strictEqual(contextAt('[-@smi|]')?.query, 'smi');
  });

  it('offers narrative citations outside brackets', () => {
    const context = contextAt('As @smi| says');
    assert.strictEqual(context?.query, 'smi');
    assert.strictEqual(context?.bracketed, false);
    assert.strictEqual(contextAt('[a link](http://x) and @do|')?.bracketed, false);
    assert.strictEqual(contextAt('(@do|)')?.query, 'do');
  });

  it('replaces the whole key when the cursor is inside it, but not the punctuation ending the sentence', () => {
    const context = contextAt('As @smi|th:2010a. Next');
    assert.strictEqual(context?.query, 'smi');
    assert.strictEqual(context?.replaced, 'smith:2010a');
  });

  it('keeps punctuation typed so far in the query (`@smith.` may become `@smith.2010`)', () => {
    assert.strictEqual(contextAt('[@smith.|]')?.query, 'smith.');
  });

  it('is not offered in e-mail addresses, escaped `\\@` or after a word', () => {
    assert.strictEqual(contextAt('mail john@ex|'), undefined);
    assert.strictEqual(contextAt('version1.@ex|'), undefined);
    assert.strictEqual(contextAt('Escaped \\@smi|'), undefined);
    assert.strictEqual(contextAt('[\\@smi|'), undefined);
    // An escaped backslash does not escape the `@`.
    assert.strictEqual(contextAt('\\\\@smi|')?.query, 'smi');
  });

  it('is not offered in code spans, fenced code, comments or math', () => {
    assert.strictEqual(contextAt('Use `git log @sm|` here'), undefined);
    assert.strictEqual(contextAt('```\n[@sm|\n```\n'), undefined);
    assert.strictEqual(contextAt('~~~ python\nx = "@sm|"\n~~~\n'), undefined);
    assert.strictEqual(contextAt('<!-- [@sm| -->'), undefined);
    assert.strictEqual(contextAt('$a@sm|b$ and'), undefined);
    assert.strictEqual(contextAt('---\nnocite: "@sm|"\n---\nText'), undefined);
    // The same text outside the code span is a citation.
    assert.strictEqual(contextAt('Use `git log` @sm| here')?.query, 'sm');
  });

  it('takes several search words inside brackets only', () => {
    const context = contextAt('Machine translation [@neural transl|] works.');
    assert.strictEqual(context?.query, 'neural transl');
    assert.strictEqual(context?.replaced, 'neural transl');
    assert.strictEqual(context?.bracketed, true);
    assert.strictEqual(contextAt('As @neural transl|'), undefined);
    assert.strictEqual(contextAt('[@neural\ntransl|'), undefined, 'the query is on one line');
  });

  it('keeps searching after a space that follows a word which is no key, inside brackets only', () => {
    const isKey = (word: string) => word === 'smith2010';
    const at = (marked: string) => citationCompletionContext(marked.replace('|', ''), marked.indexOf('|'), isKey);
    assert.strictEqual(at('See [@neural |]')?.query, 'neural ');
    assert.strictEqual(at('See [@neural machine |]')?.query, 'neural machine ');
    assert.strictEqual(at('See [@smith2010 |]'), undefined, 'a whole key: a locator or prose follows');
    assert.strictEqual(at('As @neural |'), undefined, 'a narrative citation ends at the space');
    assert.strictEqual(at('See [@neural p. |]'), undefined, 'a locator word');
    assert.strictEqual(contextAt('See [@neural |]'), undefined, 'without a way to tell keys, a space ends the key');
  });

  it('tells when the words typed after `@` need the library to say whether a citation is being typed', () => {
    const typedPast = (marked: string) => typedPastFirstWord(marked.replace('|', ''), marked.indexOf('|'));
    assert.strictEqual(typedPast('See [@devlin 2019|]'), true);
    assert.strictEqual(typedPast('See [@smith2010\tp|]'), true);
    assert.strictEqual(typedPast('See [@devlin|] and more'), false);
    assert.strictEqual(typedPast('See [@a b] then [@devlin|]'), false, 'the last `@` only');
    assert.strictEqual(typedPast('no citation here|'), false, 'no `@`');
  });

  it('goes on searching inside brackets after a word that is no key, whatever the later words start with (a year, `p`, `v`)', () => {
    const isKey = (word: string) => word === 'smith2010';
    const at = (marked: string) => citationCompletionContext(marked.replace('|', ''), marked.indexOf('|'), isKey);
    // author and year, title words typed one character at a time (`v` of vectors, `p` of pre-training)
    for (const query of ['devlin 2019', 'devlin 2', 'glove global v', 'word vectors', 'bert pre-training', 'written in p', 'neural machine translation no']) {
      assert.strictEqual(at(`See [@${query}|]`)?.query, query, query);
    }
    // after a whole key, the same words are a locator or a suffix
    for (const rest of ['2019', '33', 'p', 'vectors', 'pre-training']) assert.strictEqual(at(`See [@smith2010 ${rest}|]`), undefined, rest);
    // a locator's label says so even after a word that is no key
    assert.strictEqual(at('See [@neural p. 3|]'), undefined);
    assert.strictEqual(at('See [@neural § 3|]'), undefined);
    assert.strictEqual(at('As @devlin 2019|'), undefined, 'a narrative citation is one word');
  });

  it('is not offered while a locator or suffix is typed after the key', () => {
    assert.strictEqual(contextAt('[@smith2010 p. 3|'), undefined);
    assert.strictEqual(contextAt('[@smith2010 pp|'), undefined);
    assert.strictEqual(contextAt('[@smith2010 chap 2|'), undefined);
    assert.strictEqual(contextAt('[@smith2010, p|'), undefined);
    assert.strictEqual(contextAt('[@smith2010 |'), undefined);
    assert.strictEqual(contextAt('[@ smith|'), undefined);
    assert.strictEqual(contextAt(`[@${'word '.repeat(40)}w|`), undefined, 'too long for a key or a search');
  });

  it('reads `@{...}` keys and replaces inside the braces', () => {
    const context = contextAt('[@{baez/ar|ticle}]');
    assert.strictEqual(context?.query, 'baez/ar');
    assert.strictEqual(context?.replaced, 'baez/article');
    assert.strictEqual(context?.braced, true);
    assert.strictEqual(contextAt('@|{x}')?.braced, false);
    assert.strictEqual(contextAt('[@{smith!20|}]')?.replaced, 'smith!20', 'any character but braces and spaces');
    assert.strictEqual(contextAt('[@{smith 20|'), undefined);
  });

  it('finds the open bracket across lines of a paragraph, not across a blank line', () => {
    assert.strictEqual(contextAt('[see\n@sm|')?.bracketed, true);
    assert.strictEqual(contextAt('[see\n\n@sm|')?.bracketed, false);
    assert.strictEqual(contextAt('[see\r\n\r\n@sm|')?.bracketed, false);
    assert.strictEqual(contextAt('[see] and @sm|')?.bracketed, false);
  });
});

describe('completionCandidates', () => {
  const entries = Array.from({ length: 12 }, (_, i) => entry(`key${11 - i}`, { title: `Neural translation ${i}`, authors: [person(`Author${i}`)], year: String(2000 + i) }));

  it('keeps the search ranking through sortText, and every filterText starts with the query', () => {
    const candidates = completionCandidates(entries, 'neural transl', () => '');
    const bySortText = [...candidates].sort((a, b) => (a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : 0));
    assert.deepStrictEqual(bySortText.map((candidate) => candidate.key), entries.map((e) => e.key));
    for (const candidate of candidates) {
      // The match was on the title: without the query in front, VS Code would drop the item.
      assert.ok(!candidate.key.includes('neural'));
      assert.ok(candidate.filterText.startsWith('neural transl'), candidate.filterText);
      assert.ok(candidate.filterText.includes(candidate.key));
      assert.strictEqual(candidate.label, candidate.key);
    }
    assert.strictEqual(completionCandidates(entries, '', () => '')[0].filterText, 'key11');
  });

  it('inserts `{key}` for a key Pandoc only reads in braces', () => {
    const [plain, odd, trailing] = completionCandidates([entry('baez/article'), entry('smith!2010'), entry('doe.')], '', () => '');
    assert.strictEqual(plain.insertText, 'baez/article');
    assert.strictEqual(odd.insertText, '{smith!2010}');
    assert.strictEqual(trailing.insertText, '{doe.}');
  });

  it('documents the formatted reference and a short abstract, as plain text', () => {
    const abstract = `${'word '.repeat(100)}end`;
    const [candidate] = completionCandidates([entry('a', { abstract })], 'a', () => 'Doe, J. (2001). Title.');
    const [reference, snippet] = candidate.documentation.split('\n\n');
    // (no Markdown escapes: a screen reader reads the documentation as given)
    assert.strictEqual(reference, 'Doe, J. (2001). Title.');
    assert.ok(snippet.length <= 300 && snippet.endsWith('…'), snippet);
    assert.ok(snippet.startsWith('word word'));
  });

  it('documents hostile fields as the text they are (VS Code shows a string as text: see the suite test)', () => {
    const hostile = entry('evil', {
      title: '<script>alert(1)</script> [x](command:workbench.action.quit)',
      abstract: '<img src=x onerror=alert(1)>\n\n# Heading',
      authors: [{ literal: '[Click](command:workbench.action.quit)' }],
    });
    const [candidate] = completionCandidates([hostile], 'evil', (e) => `${e.title} *${e.authors[0].literal}*`);
    assert.strictEqual(candidate.documentation, '<script>alert(1)</script> [x](command:workbench.action.quit) *[Click](command:workbench.action.quit)*\n\n<img src=x onerror=alert(1)> # Heading');
    assert.strictEqual(candidate.detail, '[Click](command:workbench.action.quit) (n.d.)');
  });
});

describe('entriesBeforeTyping', () => {
  // (the user trial: `[@` listed the library's first entries, a charter of 1215 first, not the works the draft cites)
  const library = ['magna1215', 'alighieri1320', 'smith2010', 'lee2015', 'kaldor2012'].map((key) => entry(key));
  const view = { get: (key: string) => library.find((one) => one.key === key), first: (limit: number) => library.slice(0, limit) };
  const keys = (entries: LibraryEntry[]) => entries.map((one) => one.key);

  it("lists the draft's cited works first, in the order it first cites them, then the library's first entries, each once", () => {
    const draft = new Draft('As [@lee2015; @smith2010, p. 3] and @lee2015 and [@nobody2020] show, see [@', '/d.md');
    assert.deepStrictEqual(keys(entriesBeforeTyping(draft, view, 4)), ['lee2015', 'smith2010', 'magna1215', 'alighieri1320']);
    assert.deepStrictEqual(keys(entriesBeforeTyping(draft, view, 1)), ['lee2015']);
    assert.deepStrictEqual(keys(entriesBeforeTyping(new Draft('No citation yet [@', '/d.md'), view, 2)), ['magna1215', 'alighieri1320']);
  });
});

describe('authorYearLabel', () => {
  it('names one, two or the first of many authors, institutions, and falls back to editors', () => {
    assert.strictEqual(authorYearLabel(entry('a', { authors: [person('Smith')], year: '2010' })), 'Smith (2010)');
    assert.strictEqual(authorYearLabel(entry('a', { authors: [person('Smith'), person('Jones')], year: '2010' })), 'Smith & Jones (2010)');
    assert.strictEqual(authorYearLabel(entry('a', { authors: [person('Smith'), person('Jones'), person('Lee')], year: '2010' })), 'Smith et al. (2010)');
    assert.strictEqual(authorYearLabel(entry('a', { authors: [{ literal: 'World Bank' }], year: '2006' })), 'World Bank (2006)');
    assert.strictEqual(authorYearLabel(entry('a', { editors: [person('Eco', 'Umberto')], year: '1990' })), 'Eco (1990)');
  });

  it('uses the title when nobody is named, and n.d. without a year', () => {
    assert.strictEqual(authorYearLabel(entry('a', { title: 'Anonymous pamphlet' })), 'Anonymous pamphlet (n.d.)');
    assert.strictEqual(authorYearLabel(entry('k')), 'k (n.d.)');
    const long = authorYearLabel(entry('a', { title: 'A very long title that goes on and on about many things', year: '1999' }));
    assert.strictEqual(long, 'A very long title that goes on and on… (1999)');
  });
});
