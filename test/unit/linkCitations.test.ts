import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { findAuthorDateCitations } from '../../src/core/citations/authorDate';
import { extractReferences } from '../../src/core/citations/extractReferences';
import { applyEdits, citationsLeftReport, linkCitations, linkEdits } from '../../src/core/citations/linkCitations';
import { referenceReportHtml } from '../../src/core/citations/referenceReport';
import { checkDocument } from '../../src/core/check';
import { Draft } from '../../src/core/draft';
import { LibraryIndex } from '../../src/core/library/libraryIndex';
import type { LibraryEntry, Person } from '../../src/core/types';

const root = path.resolve(__dirname, '../..');
const manuscript = fs.readFileSync(path.join(root, 'examples/manuscript-apa.md'), 'utf8');

function entry(key: string, year: string, title: string, ...authors: Person[]): LibraryEntry {
  return { key, type: 'book', source: 'lib.bib', startLine: 0, endLine: 0, keyOffset: -1, authors, editors: [], year, title, keywords: [] };
}
const library = [
  entry('smith2010', '2010', 'Alpha', { family: 'Smith', given: 'J.' }),
  entry('smith2011', '2011', 'Beta', { family: 'Smith', given: 'J.' }),
  entry('lee2011', '2011', 'Gamma', { family: 'Lee', given: 'K.' }),
  entry('jones2012', '2012', 'Delta', { family: 'Jones' }, { family: 'Brown' }, { family: 'Green' }),
  entry('who2008', '2008', 'Closing the gap', { literal: 'World Health Organization' }),
  entry('kay2015a', '2015', 'First', { family: 'Kay' }),
  entry('kay2015b', '2015', 'Second', { family: 'Kay' }),
];

function link(text: string): string {
  return applyEdits(text, linkEdits(linkCitations(text, library)));
}

describe('link citations', () => {
  it('writes parenthetical, narrative, prefixed, located and multi-year citations as Pandoc reads them', () => {
    assert.strictEqual(link('As shown (Smith, 2010, p. 4; Lee, 2011).'), 'As shown [@smith2010, p. 4; @lee2011].');
    assert.strictEqual(link('Jones et al. (2012) said so.'), '@jones2012 said so.');
    assert.strictEqual(link('Shown (see Smith, 2010).'), 'Shown [see @smith2010].');
    assert.strictEqual(link('Smith (2010, 2011) said so.'), '@smith2010 [-@smith2011] said so.');
    assert.strictEqual(link('Smith (2010, p. 4) said so.'), '@smith2010 [p. 4] said so.');
    assert.strictEqual(link('Shown (e.g., Jones et al., 2012; Smith, 2010, 2011).'), 'Shown [e.g., @jones2012; @smith2010; @smith2011].');
  });

  it('keeps names the style would print otherwise as text, with the author suppressed', () => {
    assert.strictEqual(link("Smith's (2010) view."), "Smith's [-@smith2010] view.");
    assert.strictEqual(link('Shown (WHO, 2008, p. 3).'), 'Shown [WHO, -@who2008, p. 3].');
    assert.strictEqual(link('Shown (World Health Organization [WHO], 2008).'), 'Shown [World Health Organization \\[WHO\\], -@who2008].');
    assert.strictEqual(link('Smith (2010; see also Lee, 2011).'), 'Smith [-@smith2010; see also @lee2011].');
    // a year after a quotation, its names given before it in the sentence (a user trial of new20: `[, -@key, 644]` was written)
    assert.strictEqual(link('Jones, Brown and Green conclude that "it holds" (2012, 644).'), 'Jones, Brown and Green conclude that "it holds" [-@jones2012, 644].');
  });

  it('corrects a citation the checker finds inconsistent with its reference', () => {
    const result = linkCitations('Shown (Jones, 2012).', library);
    assert.deepStrictEqual(result.linked.map((citation) => [citation.newText, citation.corrected]), [['[@jones2012]', true]]);
  });

  it('leaves unmatched and ambiguous citations as text and lists them with their line', () => {
    const text = 'One (Smith, 2010).\nTwo (Nobody, 1999) and (Kay, 2015).\nThree (Smith, 2010; Nobody, 1999).\n';
    const result = linkCitations(text, library);
    // Beside a linked work, an unmatched one stays as text in the Pandoc citation: pandoc renders it as written.
    assert.strictEqual(applyEdits(text, linkEdits(result)), 'One [@smith2010].\nTwo (Nobody, 1999) and (Kay, 2015).\nThree [@smith2010\\; Nobody, 1999].\n');
    assert.deepStrictEqual(result.unlinked.map((citation) => [citation.line, citation.text, citation.cause, citation.reason]), [
      [2, '(Nobody, 1999)', 'unmatched', 'no reference for “Nobody, 1999”'],
      [2, '(Kay, 2015)', 'ambiguous', '“Kay, 2015” could be any of kay2015a, kay2015b'],
      [3, 'Nobody, 1999', 'unmatched', 'no reference for “Nobody, 1999”'],
    ]);
  });

  it('lists the citations left as text on a page grouped by why, each line a link to the draft there', () => {
    const text = 'One (Nobody, 1999) and (Kay, 2015).\nTwo, as Smith 2010 said.\nThree (Smith, 2010; Nobody, 1999).\n';
    const report = citationsLeftReport('/drafts/paper.md', linkCitations(text, library).unlinked);
    assert.deepStrictEqual(report.sections.map((section) => [section.heading, section.rows.map((row) => `${row.line + 1} ${row.text}`)]), [
      ['No reference', ['1 (Nobody, 1999)', '3 Nobody, 1999']],
      ['More than one reference', ['1 (Kay, 2015)']],
      ['Written in a form a Pandoc citation cannot keep', ['2 Smith 2010']],
    ]);
    assert.deepStrictEqual(report.counts, [['Left as text', 4], ['No reference', 2], ['More than one reference', 1], ['Written in a form a Pandoc citation cannot keep', 1]]);
    const html = referenceReportHtml(report, { nonce: 'n', link: (file, line) => `command:open?${file}:${line}` });
    assert.match(html, /<h1>Citations left as text: paper\.md<\/h1>/);
    assert.ok(html.includes('<a href="command:open?/drafts/paper.md:1">2</a>'), html);
  });

  it('links works parted by commas and a bare suffix letter as the works they are', () => {
    const text = 'Shown (Smith 2010, Lee 2011) and Kay (2015a, b).\n';
    const result = linkCitations(text, library);
    assert.deepStrictEqual(applyEdits(text, linkEdits(result)), 'Shown [@smith2010; @lee2011] and @kay2015a [-@kay2015b].\n');
    assert.deepStrictEqual(result.unlinked, []);
  });

  it('leaves citations without parentheses of their own, and parentheses with other words, as text', () => {
    const text = 'As Smith et al., 2010 showed, and (compare Lee 2011 with theirs).\n';
    const result = linkCitations(text, [...library, entry('smithetal2010', '2010', 'Eta', { family: 'Smith' }, { family: 'A' }, { family: 'B' })]);
    assert.deepStrictEqual(result.linked, []);
    assert.deepStrictEqual(result.unlinked.map((citation) => [citation.cause, citation.text]), [['form', 'Smith et al., 2010'], ['form', 'Lee 2011']]);
  });

  it('keeps the text parts and unmatched works of a parenthesis as text beside the linked works, when the style keeps their order', () => {
    assert.strictEqual(link('Seen (Fig. 1; Lee, 2011) and (Lee, 2011; Fig. 2).'), 'Seen [Fig. 1\\; @lee2011] and [@lee2011\\; Fig. 2].');
    assert.strictEqual(link('Seen (Lee 2011, Nobody 1999, Smith 2010).'), 'Seen [@lee2011\\; Nobody 1999; @smith2010].');
    // APA puts Lee before Smith, and the text would move with Smith.
    const text = 'Seen (Fig. 1; Smith, 2010; Lee, 2011).';
    const result = linkCitations(text, library);
    assert.strictEqual(applyEdits(text, linkEdits(result)), text);
    assert.deepStrictEqual(result.unlinked.map((citation) => [citation.cause, citation.reason]), [['form', 'its works are not in the order APA sorts them: the text between them would move']]);
  });

  it('keeps names as written beside works parted by commas, and the works of different authors apart', () => {
    const more = [
      ...library,
      entry('nieukerken2011', '2011', 'Eta', { family: 'van Nieukerken' }, { family: 'Kaila' }, { family: 'Kitching' }),
      entry('hale1980', '1980', 'Theta', { family: 'Hale', given: 'M. E. J.' }),
      entry('hale1981', '1981', 'Iota', { family: 'Hale', given: 'M. E.' }),
    ];
    const text = 'Seen (Lee 2011, Nieukerken et al. 2011) and Hale (1980, 1981).';
    assert.strictEqual(applyEdits(text, linkEdits(linkCitations(text, more))), 'Seen [@lee2011; Nieukerken et al., -@nieukerken2011] and Hale [-@hale1980; -@hale1981].');
  });

  it('adds bibliography: to the front matter, or a front matter, only when none is named', () => {
    const add = (text: string) => applyEdits(text, linkEdits(linkCitations(text, library, { bibliography: 'refs.json' })));
    assert.strictEqual(add('---\ntitle: T\n---\n\nSee (Smith, 2010).\n'), '---\ntitle: T\nbibliography: refs.json\n---\n\nSee [@smith2010].\n');
    assert.strictEqual(add('See (Smith, 2010).\n'), '---\nbibliography: refs.json\n---\n\nSee [@smith2010].\n');
    assert.strictEqual(add('---\nbibliography: mine.bib\n---\nSee (Smith, 2010).\n'), '---\nbibliography: mine.bib\n---\nSee [@smith2010].\n');
    assert.strictEqual(add('Nothing to link (Nobody, 1999).\n'), 'Nothing to link (Nobody, 1999).\n');
  });

  it('changes only the citation bytes of the example manuscript', () => {
    const extracted = extractReferences(manuscript, 'refs.json')!;
    const result = linkCitations(manuscript, extracted.references.map((reference) => reference.entry), { bibliography: 'refs.json' });
    const citations = findAuthorDateCitations(manuscript);
    assert.strictEqual(result.linked.length, 40);
    assert.strictEqual(result.unlinked.length, 12);
    let at = 0;
    assert.deepStrictEqual(result.frontMatter, { start: 97, end: 97, newText: 'bibliography: refs.json\n' });
    assert.strictEqual(manuscript.slice(97, 100), '---');
    const linked = applyEdits(manuscript, result.linked);
    let out = linked;
    for (const edit of result.linked) {
      // Each edit lies inside one citation, and everything between edits is untouched.
      assert.ok(citations.some((citation) => citation.start <= edit.start && edit.end === citation.end), edit.original);
      const between = manuscript.slice(at, edit.start);
      assert.ok(out.startsWith(between), `text before “${edit.original}” changed`);
      out = out.slice(between.length);
      assert.ok(out.startsWith(edit.newText));
      out = out.slice(edit.newText.length);
      at = edit.end;
    }
    assert.strictEqual(out, manuscript.slice(at));
    // The code block and the typed reference list keep their text.
    assert.ok(linked.includes('# not a citation: (Galtung, 1969)'));
    assert.ok(linked.endsWith(manuscript.slice(manuscript.indexOf('## References'))));
  });
});

describe('citemark extract and link (CLI)', () => {
  const citemark = (args: string[], cwd: string) => {
    const run = spawnSync(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, path.join(root, 'src/cli/main.ts'), ...args], { cwd, encoding: 'utf8' });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  it('extracts the reference list, then links the manuscript to it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citemark-link-'));
    try {
      fs.copyFileSync(path.join(root, 'examples/manuscript-apa.md'), path.join(dir, 'paper.md'));
      const bibtex = citemark(['extract', 'paper.md', '--format', 'bibtex', '-o', 'refs.bib'], dir);
      assert.strictEqual(bibtex.code, 0, bibtex.stderr);
      assert.match(fs.readFileSync(path.join(dir, 'refs.bib'), 'utf8'), /@article\{galtung1969violence,/);
      const json = citemark(['extract', 'paper.md'], dir);
      assert.strictEqual(JSON.parse(json.stdout).length, 25);

      const linked = citemark(['link', 'paper.md', '--bib', 'refs.bib', '-o', 'linked.md'], dir);
      assert.strictEqual(linked.code, 1, 'some citations are left');
      const text = fs.readFileSync(path.join(dir, 'linked.md'), 'utf8');
      assert.match(text, /bibliography: refs\.bib\n---/);
      assert.match(text, /structural violence \[@galtung1969violence\], and later\nfrom cultural violence \[@galtung1990cultural\]/);
      assert.ok(linked.stderr.includes('paper.md:14: not linked: (Hoeffler, 2004) (no reference for “Hoeffler, 2004”)'), linked.stderr);
      assert.ok(linked.stderr.includes('40 citation(s) linked, 12 left as text'), linked.stderr);

      // Without --bib: the reference list is extracted beside the manuscript.
      const own = citemark(['link', 'paper.md'], dir);
      assert.ok(own.stdout.includes('bibliography: paper-references.json'));
      assert.strictEqual(JSON.parse(fs.readFileSync(path.join(dir, 'paper-references.json'), 'utf8')).length, 25);
      // Again, after a correction to that library: it is linked to as corrected, its bytes untouched (as Convert All does).
      const written = path.join(dir, 'paper-references.json');
      const corrected = fs.readFileSync(written, 'utf8').replace('"galtung1969violence"', '"galtung1969structural"');
      fs.writeFileSync(written, corrected);
      const again = citemark(['link', 'paper.md'], dir);
      assert.strictEqual(again.code, 1, again.stderr);
      assert.match(again.stdout, /structural violence \[@galtung1969structural\]/);
      assert.ok(again.stderr.includes('linked to paper-references.json, extracted before'), again.stderr);
      assert.strictEqual(fs.readFileSync(written, 'utf8'), corrected);
      assert.strictEqual(fs.readdirSync(dir).filter((name) => name.startsWith('paper-references')).length, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a real manuscript after Convert All', () => {
  const fixtures = path.join(root, 'test/fixtures/author-date');
  for (const name of ['apa-peace.md', 'harvard-migration.md', 'apa-education.md']) {
    it(`${name}: no reference it linked is then called uncited (the [@key] reaches its item in the list)`, () => {
      const file = path.join(fixtures, name);
      const text = fs.readFileSync(file, 'utf8');
      const libraryPath = path.join(fixtures, 'linked-references.json');
      const entries = extractReferences(new Draft(text, file), libraryPath)!.references.map((reference) => reference.entry);
      const result = linkCitations(new Draft(text, file), entries, { path: file, bibliography: 'linked-references.json' });
      const linked = applyEdits(text, linkEdits(result));
      const index = new LibraryIndex();
      index.set({ source: libraryPath, entries, problems: [] });
      /** What is said of the reference-list items called uncited (linking may add front matter: not their lines). */
      const uncited = (manuscriptText: string) => {
        const draft = new Draft(manuscriptText, file);
        const check = checkDocument(draft, index.view([libraryPath], draft.frontMatter.references), { suggest: false });
        return check.diagnostics.filter((diagnostic) => diagnostic.code === 'uncited').map((diagnostic) => diagnostic.message);
      };
      assert.ok(result.linked.length > 5, `${result.linked.length} linked`);
      assert.deepStrictEqual(uncited(linked).filter((message) => !uncited(text).includes(message)), [], 'uncited after linking, not before');
    });
  }

  it('the 34 real articles of test/fixtures/author-date-jats and -publishers: the works Convert All leaves as text are still checked, and what it linked is not called uncited', () => {
    const articles = ['author-date-jats', 'author-date-publishers'].flatMap((dir) =>
      fs.readdirSync(path.join(root, 'test/fixtures', dir)).filter((name) => name.endsWith('.md') && name !== 'SOURCES.md').map((name) => path.join(root, 'test/fixtures', dir, name)));
    assert.strictEqual(articles.length, 34);
    const lost: string[] = [];
    const uncitedAfter: string[] = [];
    let leftAsText = 0;
    for (const file of articles) {
      const text = fs.readFileSync(file, 'utf8');
      const libraryPath = path.join(path.dirname(file), 'linked-references.json');
      const entries = extractReferences(new Draft(text, file), libraryPath)!.references.map((reference) => reference.entry);
      const result = linkCitations(new Draft(text, file), entries, { path: file, bibliography: 'linked-references.json' });
      const linked = applyEdits(text, linkEdits(result));
      const index = new LibraryIndex();
      index.set({ source: libraryPath, entries, problems: [] });
      const said = (manuscript: string, code: string) => {
        const draft = new Draft(manuscript, file);
        return checkDocument(draft, index.view([libraryPath], draft.frontMatter.references), { suggest: false, authorDate: 'on' }).diagnostics
          .filter((diagnostic) => diagnostic.code === code)
          // (a list item is named by its line, which the front matter Convert adds moves)
          .map((diagnostic) => `${path.basename(file)}: ${diagnostic.message.replace(/\(line \d+\)/g, '(line)')}`);
      };
      const unmatchedAfter = said(linked, 'unmatched');
      lost.push(...said(text, 'unmatched').filter((message) => !unmatchedAfter.includes(message)));
      const uncitedBefore = said(text, 'uncited');
      uncitedAfter.push(...said(linked, 'uncited').filter((message) => !uncitedBefore.includes(message)));
      // Convert All again: the works left as text inside a Pandoc citation are listed, not linked into nested brackets.
      const again = linkCitations(new Draft(linked, file), entries, { path: file });
      assert.ok(again.linked.every((edit) => !/\[[^\]]*\[/.test(edit.newText)), path.basename(file));
      leftAsText += again.unlinked.filter((citation) => citation.reason.includes('inside a Pandoc citation')).length;
    }
    assert.deepStrictEqual(lost, []);
    // (f1000research-1's "Chamberlain & Szöcs (2013)" was, while the extraction kept the names in Vancouver titles)
    assert.deepStrictEqual(uncitedAfter, []);
    assert.ok(leftAsText >= 10, `${leftAsText} works left as text inside Pandoc citations`);
  });

  it('f1000research-1.md, a real article with a Vancouver-style list: the works it linked are not called uncited', () => {
    const file = path.join(root, 'test/fixtures/author-date-publishers/f1000research-1.md');
    const text = fs.readFileSync(file, 'utf8');
    const libraryPath = path.join(path.dirname(file), 'linked-references.json');
    const entries = extractReferences(new Draft(text, file), libraryPath)!.references.map((reference) => reference.entry);
    const linked = applyEdits(text, linkEdits(linkCitations(new Draft(text, file), entries, { path: file, bibliography: 'linked-references.json' })));
    const index = new LibraryIndex();
    index.set({ source: libraryPath, entries, problems: [] });
    const draft = new Draft(linked, file);
    const uncited = checkDocument(draft, index.view([libraryPath], draft.frontMatter.references), { suggest: false, authorDate: 'on' }).diagnostics
      .filter((diagnostic) => diagnostic.code === 'uncited').map((diagnostic) => diagnostic.message);
    // The library's title is "taxize: … in R", the list's "taxize: … in R [Version 1; Referees: 3 Approved]"
    assert.ok(linked.includes('taxize [@chamberlain2013taxize]') && linked.includes('rgbif package [@chamberlain2017rgbif]'), 'linked');
    assert.ok(!uncited.some((message) => /^Chamberlain/.test(message)), uncited.join('\n'));
  });
});
