import * as assert from 'assert';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { authorDateWorksAt, authorDateHoverMarkdown, citationKeyAt, escapeMarkdown, hoverMarkdown, missingKeyHoverMarkdown } from '../../src/core/languageFeatures/hover';
import { Draft } from '../../src/core/draft';
import { LibraryIndex } from '../../src/core/library/libraryIndex';
import { isCrossReference } from '../../src/core/citations/pandoc';
import { citedKeys } from '../../src/core/languageFeatures/references';
import type { LibraryEntry } from '../../src/core/types';

// markdown-it (installed with @vscode/vsce) renders with HTML and linkify on: stricter than VS Code's hovers.
const MarkdownIt = createRequire(__filename)('markdown-it') as new (options: object) => { render(source: string): string; renderInline(source: string): string };
const renderer = new MarkdownIt({ html: true, linkify: true });

const draft = fs.readFileSync(path.resolve(__dirname, '../fixtures/features/draft.md'), 'utf8');

function entry(fields: Partial<LibraryEntry> = {}): LibraryEntry {
  return { key: 'doe99', type: 'article', source: '/lib.bib', startLine: 0, endLine: 0, keyOffset: -1, authors: [], editors: [], keywords: [], ...fields };
}

function links(html: string): string[] {
  return [...html.matchAll(/<a href="([^"]*)"/g)].map((match) => match[1]);
}

const htmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

describe('citationKeyAt', () => {
  it('finds the key of a bracketed citation from its `@` to its end', () => {
    const text = 'As shown [see @doe99, p. 3].';
    const at = text.indexOf('@');
    for (const offset of [at, at + 1, at + 3, at + 6]) {
      assert.deepStrictEqual(citationKeyAt(text, offset), { key: 'doe99', start: at + 1, end: at + 6 }, `offset ${offset}`);
    }
    assert.strictEqual(citationKeyAt(text, at - 1), undefined);
    assert.strictEqual(citationKeyAt(text, at + 8), undefined);
  });

  it('skips Quarto cross-references, as the diagnostics do', () => {
    const text = 'See @fig-map and @tbl-sizes, after [@doe99].';
    assert.strictEqual(citationKeyAt(text, text.indexOf('fig-map') + 1), undefined);
    assert.strictEqual(citationKeyAt(text, text.indexOf('tbl-sizes') + 1), undefined);
    assert.strictEqual(citationKeyAt(text, text.indexOf('doe99') + 1)?.key, 'doe99');
  });

  it('finds narrative, suppress-author and braced keys, and keys in `nocite`', () => {
    const text = '@smith04 says [-@doe99]; see also @{odd.key!}.';
    assert.strictEqual(citationKeyAt(text, 3)?.key, 'smith04');
    assert.strictEqual(citationKeyAt(text, text.indexOf('doe99') + 2)?.key, 'doe99');
    const braced = citationKeyAt(text, text.indexOf('odd'));
    assert.deepStrictEqual(braced, { key: 'odd.key!', start: text.indexOf('odd'), end: text.indexOf('}') });
    assert.deepStrictEqual(citationKeyAt(text, text.indexOf('@{')), braced, 'on the @ of @{');
    assert.deepStrictEqual(citationKeyAt(text, text.indexOf('}') + 1), braced, 'after the closing brace');
    assert.strictEqual(citationKeyAt(text, text.indexOf('}') + 2), undefined);
    const nocite = citationKeyAt(draft, draft.indexOf('westfahl'));
    assert.deepStrictEqual(nocite, { key: 'westfahl:space', start: draft.indexOf('westfahl'), end: draft.indexOf('westfahl') + 14 });
  });

  it('finds nothing in code spans, fenced code, comments, e-mail addresses or escaped `\\@`', () => {
    for (const marker of ['`@baez/article`', '[@baez/article] inside a fenced', 'mail@baez', '\\@baez', '<!-- [@baez']) {
      const offset = draft.indexOf(marker) + marker.indexOf('baez');
      assert.strictEqual(citationKeyAt(draft, offset), undefined, marker);
    }
    assert.strictEqual(citationKeyAt(draft, draft.indexOf('@baez/article shows') + 2)?.key, 'baez/article');
  });
  it('at every offset, finds the key whose range holds it among all the keys the draft cites', () => {
    const samples = [
      draft,
      fs.readFileSync(path.resolve(__dirname, '../fixtures/check/draft.md'), 'utf8'),
      '---\nnocite: |\n  @a, @{b c}\n---\n[@x, see @y; -@{z.1}, p. 3] @n [p. 4; @m] @{o}. [@fig-map]\n@p@q e@mail',
    ];
    for (const text of samples) {
      // from the '@' to the end, braces included
      const keys = citedKeys(text).filter((cited) => !isCrossReference(cited.key)).map((cited) => ({ ...cited, braces: cited.braced ? 1 : 0 }));
      for (let offset = 0; offset <= text.length; offset++) {
        const holding = keys.find((cited) => offset >= cited.start - 1 - cited.braces && offset <= cited.end + cited.braces);
        assert.deepStrictEqual(citationKeyAt(text, offset), holding && { key: holding.key, start: holding.start, end: holding.end }, `offset ${offset}`);
      }
    }
  });
});

describe('escapeMarkdown', () => {
  const hostile = [
    '<script>alert(1)</script>',
    '[x](command:workbench.action.quit)',
    '![](http://evil/x.png)',
    '<img src=x onerror="alert(1)">',
    '*bold* _it_ `code` ~~del~~ **b** \\* \\\\',
    'http://evil.example/x www.evil.example a@b.example &amp; &#60;',
    '[ref]: http://evil.example "t"',
    '| a | b |',
  ];

  it('renders every string as its own plain text', () => {
    for (const text of hostile) {
      assert.strictEqual(renderer.renderInline(escapeMarkdown(text)), htmlText(text), text);
    }
  });

  it('keeps block syntax from starting: line breaks become spaces', () => {
    const html = renderer.render(escapeMarkdown('Title\n\n# Heading\n---\n    code\n> quote\n1. item'));
    assert.strictEqual(html, '<p>Title # Heading --- code &gt; quote 1. item</p>\n');
  });

  it('drops control and bidirectional override characters', () => {
    assert.strictEqual(escapeMarkdown('abc\u202Edcba\u0007'), 'abcdcba');
  });
});

describe('hoverMarkdown', () => {
  it('shows the reference, the type, DOI and URL links and where the entry is defined', () => {
    const markdown = hoverMarkdown(entry({ doi: '10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0', url: 'https://example.org/a_(b)?q=1' }), 'Doe, J. (1999). A title.', 'refs.bib:12');
    const html = renderer.render(markdown);
    assert.deepStrictEqual(links(html), [
      'https://doi.org/10.1002/%28SICI%291097-4571%28199806%2949%3A8%3C693%3A%3AAID-ASI4%3E3.0.CO%3B2-0',
      'https://example.org/a_%28b%29?q=1',
    ]);
    assert.match(html, /<p>Doe, J\. \(1999\)\. A title\.<\/p>/);
    // (the type as a reader says it, not BibTeX's or CSL's name: `article`, `article-journal`)
    assert.match(html, /<em>journal article<\/em>/);
    assert.match(renderer.render(hoverMarkdown(entry({ type: 'inproceedings' }), '', 'a.bib:1')), /<em>conference paper<\/em>/);
    assert.match(renderer.render(hoverMarkdown(entry({ type: 'dataset' }), '', 'a.bib:1')), /<em>dataset<\/em>/);
    assert.match(html, /<p>Defined in refs\.bib:12<\/p>/);
  });

  it('accepts `doi:` and doi.org forms of a DOI', () => {
    for (const doi of ['doi:10.1000/xyz', 'https://doi.org/10.1000/xyz', 'http://dx.doi.org/10.1000/xyz']) {
      assert.deepStrictEqual(links(renderer.render(hoverMarkdown(entry({ doi }), '', 'a.bib:1'))), ['https://doi.org/10.1000/xyz'], doi);
    }
  });

  it('makes no link from a URL that is not http(s), nor from hostile DOI and URL fields', () => {
    const hostileEntry = entry({
      title: '<script>alert(1)</script> [x](command:workbench.action.quit) ![](http://evil/x.png)',
      doi: 'not a doi [x](command:workbench.action.quit)',
      url: 'javascript:alert(1)',
      type: '<b>article</b>',
    });
    const html = renderer.render(hoverMarkdown(hostileEntry, '', 'x.bib:1 [y](command:z)'));
    assert.deepStrictEqual(links(html), []);
    assert.doesNotMatch(html, /<(?:script|img|b)\b/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt; \[x\]\(command:workbench\.action\.quit\)/);
    assert.match(html, /DOI not a doi \[x\]\(command:workbench\.action\.quit\)/);
    for (const url of ['command:workbench.action.quit', 'file:///etc/passwd', 'data:text/html,<script>alert(1)</script>', 'not a url']) {
      assert.deepStrictEqual(links(renderer.render(hoverMarkdown(entry({ url }), '', 'a.bib:1'))), [], url);
    }
  });

  it('keeps a hostile DOI suffix inside the doi.org link', () => {
    const html = renderer.render(hoverMarkdown(entry({ doi: '10.1000/x)[y](command:workbench.action.quit)' }), '', 'a.bib:1'));
    assert.deepStrictEqual(links(html), ['https://doi.org/10.1000/x%29%5By%5D%28command%3Aworkbench.action.quit%29']);
  });
});

describe('missingKeyHoverMarkdown', () => {
  it('names the key and the suggestions, escaped', () => {
    const html = renderer.render(missingKeyHoverMarkdown('smtih_2010*', ['smith_2010', '<i>x</i>']));
    assert.strictEqual(
      html,
      '<p>No entry <strong>smtih_2010*</strong> in the libraries of this draft.</p>\n<p>Did you mean <strong>smith_2010</strong>, <strong>&lt;i&gt;x&lt;/i&gt;</strong>?</p>\n',
    );
    assert.ok(!missingKeyHoverMarkdown('k', []).includes('Did you mean'));
  });

  it('says why an entry the library holds could not be read, not "No entry" beside that problem (the user trial)', () => {
    const html = renderer.render(missingKeyHoverMarkdown('bad1', [], "Entry 'bad1' in broken.bib could not be read: line 3, not closed: missing '}'."));
    assert.strictEqual(html, "<p>Entry 'bad1' in broken.bib could not be read: line 3, not closed: missing '}'.</p>\n");
  });
});

describe('authorDateWorksAt', () => {
  // (a user trial of new20 in the workbench: no hover at all on an author-date citation)
  const text = 'Shown (CIVICUS 2023) and by Smith (2010), Lee (2011a, b) and (Nobody, 2019).\n\n# References\n\n' +
    '**CIVICUS** (2023) [CIVICUS Monitor](https://monitor.civicus.org/).\n\nLee, K. (2011a). *Alpha*.\n\nLee, K. (2011b). *Beta*.\n';
  const draft = new Draft(text, '/paper.md');
  const index = new LibraryIndex();
  index.set({ source: '/lib.bib', entries: [entry({ key: 'smith2010', year: '2010', title: 'Smith alone', authors: [{ family: 'Smith', given: 'J.' }] })], problems: [] });
  const view = index.view(['/lib.bib']);
  const at = (words: string) => authorDateWorksAt(draft, view, text.indexOf(words) + 1, 'auto');

  it('gives the reference-list item a citation matched, as plain text with its line, or the library entry', () => {
    const civicus = at('CIVICUS 2023')!;
    assert.deepStrictEqual([civicus.status, civicus.listed, civicus.entries], ['matched', [{ line: 4, text: 'CIVICUS (2023) CIVICUS Monitor.' }], []]);
    assert.strictEqual(authorDateHoverMarkdown(civicus, []), 'CIVICUS \\(2023\\) CIVICUS Monitor\\.\n\n*Reference list, line 5*');
    // (a draft without a list: the library's entry, which the caller formats)
    const prose = 'As Smith (2010) said.';
    assert.deepStrictEqual(authorDateWorksAt(new Draft(prose, '/draft.md'), view, prose.indexOf('2010'), 'auto')?.entries.map((work) => work.key), ['smith2010']);
    assert.deepStrictEqual(at('2011a')!.listed.map((item) => item.line), [6]);
    assert.deepStrictEqual(at(' b)')?.listed.map((item) => item.line), [8]);
  });

  it('gives none outside author-date citations, on an unmatched one (its diagnostic says why) or with the check off', () => {
    assert.strictEqual(at('Shown'), undefined);
    assert.strictEqual(at('Nobody'), undefined);
    assert.strictEqual(authorDateWorksAt(draft, view, text.indexOf('CIVICUS 2023') + 1, 'off'), undefined);
  });
});
