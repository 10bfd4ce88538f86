// Reviewer mode on real manuscripts: a part of the real-article corpus (test/fixtures/author-date-jats,
// scored in full by `npm run bench -- reviewer`), a qualitative case study, and the classes of citation
// that real articles write and the hand-made corpus did not have.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { describeScore, ratio, scoreCorpus } from '../../bench/reviewer/score';
import { checkDocument } from '../../src/core/check';
import { Draft } from '../../src/core/draft';
import { findAuthorDateCitations } from '../../src/core/citations/authorDate';
import { checkAuthorDate } from '../../src/core/citations/authorDateCheck';
import { parsePandocCitations } from '../../src/core/citations/pandoc';
import { findReferenceList } from '../../src/core/citations/referenceList';
import { parseBibtex } from '../../src/core/library/bibtex';
import { LibraryIndex } from '../../src/core/library/libraryIndex';
import { readFrontMatter } from '../../src/core/markdown/frontMatter';
import type { LibraryEntry } from '../../src/core/types';

const fixtures = path.resolve(__dirname, '../fixtures');

/** Each recognised item as `names|year+suffix`, `+etal` when so cited. */
function items(text: string): string[] {
  return findAuthorDateCitations(text).flatMap((citation) =>
    citation.items.map((item) => `${item.names.join('+')}${item.etAl ? '+etal' : ''}|${item.year}${item.suffix}`),
  );
}

function entry(key: string, family: string[], year: string, title: string): LibraryEntry {
  return {
    key, type: 'article', source: 'lib.bib', startLine: 0, endLine: 0, keyOffset: -1,
    authors: family.map((name) => (name.startsWith('{') ? { literal: name.slice(1, -1) } : { family: name, given: 'A.' })),
    editors: [], year, title, keywords: [],
  };
}

describe('reviewer mode on real articles', () => {
  it('scores five real articles (PeerJ, Frontiers, ZooKeys, MycoKeys, BDJ): detection, seeded-error recall and precision >= 0.97', () => {
    const score = scoreCorpus(path.join(fixtures, 'author-date-jats'), ['peerj-cs-52', 'frontiers-microbiology', 'zookeys-130-1293', 'mycokeys-6-3482', 'bdj-4-e8905']);
    console.log(`      ${describeScore('list', score.list)}\n      ${describeScore('bib', score.bib)}`);
    for (const mode of [score.list, score.bib]) {
      assert.ok(mode.citations >= 500, `${mode.citations} citations`);
      assert.ok(ratio(mode.detected, mode.citations) >= 0.99, mode.mistakes.filter((m) => m.startsWith('missed')).join('\n'));
      assert.ok(ratio(mode.seededFlagged, mode.seededSpans) >= 0.97, mode.mistakes.filter((m) => m.startsWith('seeded')).join('\n'));
      assert.ok(ratio(mode.correctFlags, mode.flags) >= 0.97, mode.mistakes.filter((m) => m.startsWith('false')).join('\n'));
    }
  });
});

describe('reviewer mode on real articles from other publishers, lists as each publisher writes them', () => {
  it('scores twelve articles (CCR, F1000Research, Copernicus, PLOS, MDPI, Hindawi, ZooKeys), four JOSS manuscripts and four others (PeerJ, Springer, MEE, ESA): detection, seeded recall, list reading, extracted titles and journals', () => {
    const score = scoreCorpus(path.join(fixtures, 'author-date-publishers'));
    console.log(`      ${describeScore('list', score.list)}\n      ${describeScore('bib', score.bib)}`);
    const list = score.list;
    assert.ok(list.citations >= 200 && list.listItems >= 550, `${list.citations} citations, ${list.listItems} list items`);
    assert.ok(ratio(list.detected, list.citations) >= 0.99, list.mistakes.filter((m) => m.startsWith('missed')).join('\n'));
    assert.ok(ratio(list.seededFlagged, list.seededSpans) >= 0.95, list.mistakes.filter((m) => m.startsWith('seeded')).join('\n'));
    assert.ok(ratio(list.itemsSplit, list.listItems) >= 0.99 && list.extraItems === 0, list.mistakes.filter((m) => m.startsWith('list item')).join('\n'));
    assert.ok(ratio(list.firstAuthors, list.listItems) >= 0.95 && ratio(list.years, list.listItems) >= 0.97, list.mistakes.filter((m) => m.startsWith('list')).join('\n'));
    // Extract References against the articles' JATS data (0.295 and 0.771 while Vancouver and MDPI titles kept their names)
    assert.ok(ratio(list.titles, list.titleItems) >= 0.88 && ratio(list.journals, list.journalItems) >= 0.9, list.mistakes.filter((m) => m.startsWith('extracted')).join('\n'));
    // Numbered articles get no "uncited" flags; the false flags left are the articles' own mixed styles (`IPCC (2006c)`).
    for (const mode of [score.list, score.bib]) assert.ok(ratio(mode.correctFlags, mode.flags) >= 0.65, mode.mistakes.filter((m) => m.startsWith('false')).join('\n'));
  });
});

describe('reviewer mode on a qualitative case study with a `## References:` heading', () => {
  const text = fs.readFileSync(path.join(fixtures, 'reviewer-case-study/case-study.md'), 'utf8');
  const result = checkAuthorDate(text, [], { path: 'case-study.md' });
  const flagged = result.diagnostics
    .filter((d) => d.code !== 'inconsistent')
    .map((d) => `${d.code} ${text.split('\n')[d.range.start.line].slice(d.range.start.character).split(/[;)]/)[0]}`);

  it('reads its reference list and flags the seven planted problems and nothing else', () => {
    assert.strictEqual(result.referenceList?.entries.length, 23);
    assert.deepStrictEqual(flagged, [
      'unmatched Brit et', // misspelt Birt
      'unmatched Tronto', // 1994 for 1993
      'unmatched Ofsted, 2019', // not in the list
      'unmatched Folbre, 2001', // 2001 for 2012
      'unmatched Osgood, 2010', // 2010 for 2012
      'unmatched Fenech, 2011', // not in the list
      'uncited Birt, L., Scott, S., Cavers, D., Campbell, C., & Walter, F. (2016', // cited only misspelt
      'uncited Folbre, N. (2012', // cited only with the wrong year
      'uncited Wacquant, L. (2004', // never cited
    ]);
  });

  it('names the reference a misspelt citation was meant for, two letters swapped', () => {
    const brit = result.diagnostics.find((d) => d.message.includes('Brit et al.'));
    assert.match(brit?.message ?? '', /the reference list has Birt et al\. 2016/);
    assert.deepStrictEqual(brit?.suggestions, ['Birt et\nal., 2016']);
  });

  it('never flags a personal communication, a statistic or a date in prose', () => {
    const items = result.citations.flatMap((citation) => citation.items.map((item) => item.text));
    assert.ok(!items.some((item) => /Patel|Hughes|personal|2009|62|March/.test(item)), items.join(' | '));
    assert.ok(items.includes('DfE, 2017, p. 12') && items.includes('Department for Education [DfE], 2017'));
  });
});

describe('reviewer mode: citations real articles write', () => {
  it('reads citations without parentheses, in headings, and parted by commas', () => {
    assert.deepStrictEqual(items('as described in Song et al., 2021. Schwartz et al., 2017, found that'), ['Song+etal|2021', 'Schwartz+etal|2017']);
    assert.deepStrictEqual(items('### Clarke et al., 2017\n\n**Denmark**: Fogh Nielsen 2000, Jensen 2002'), ['Clarke+etal|2017', 'Fogh Nielsen|2000', 'Jensen|2002']);
    assert.deepStrictEqual(items('(Eberhard 1985, Shapiro and Porter 1989, Arnqvist 1998)'), ['Eberhard|1985', 'Shapiro+Porter|1989', 'Arnqvist|1998']);
    assert.deepStrictEqual(items('(Pyle and Michel 2008, Jong de et al. 2015)'), ['Pyle+Michel|2008', 'Jong de+etal|2015']);    // an affiliation's street number (test/fixtures/author-date-publishers/peerj-schloss.md, line 16)
    assert.deepStrictEqual(items('1\\. Department of Microbiology and Immunology, 1500 W. Medical Center, University of Michigan, Ann Arbor, MI 48109'), []);
    assert.deepStrictEqual(items('as Jensen, 2002 showed'), ['Jensen|2002']);
  });

  it('reads citations nested in square brackets and among other words inside the parentheses', () => {
    assert.deepStrictEqual(items('(OpenCV [Bradski, 2000], Viola Jones [Viola and Jones, 2001])'), ['Bradski|2000', 'Viola+Jones|2001']);
    assert.deepStrictEqual(items('[see Smith, 2010; Carroll et al., 2008, 2011]'), ['Smith|2010', 'Carroll+etal|2008', 'Carroll+etal|2011']);
    assert.deepStrictEqual(items('(see Margueron and Reinberg, 2010 for a recent review)'), ['Margueron+Reinberg|2010']);
    assert.deepStrictEqual(items('(page 8, Clarke et al., 2017) (compare to MacArthur, 1968) (modified from those in Dodson, 1975, and Evans, 2010)'), [
      'Clarke+etal|2017', 'MacArthur|1968', 'Dodson|1975', 'Evans|2010',
    ]);
    assert.deepStrictEqual(items('(Boehringer et al., 2011, reviewed in Hammond and Suttie, 2012)'), ['Boehringer+etal|2011', 'Hammond+Suttie|2012']);
    assert.deepStrictEqual(items('(LMNN, Weinberger and Saul, 2009) (AIC, Akaike, 1973)'), ['Weinberger+Saul|2009', 'Akaike|1973']);
  });

  it('reads surnames that are words beside other names or "et al.", and "and colleagues"', () => {
    assert.deepStrictEqual(items('(Anderson and May, 1991) Winter et al., 2003 showed; An et al. 2011 found'), [
      'Anderson+May|1991', 'Winter+etal|2003', 'An+etal|2011',
    ]);
    assert.deepStrictEqual(items('(Lekander 1968; May 1993; Viedma 1963)'), ['Lekander|1968', 'May|1993', 'Viedma|1963']);
    assert.deepStrictEqual(items('in May (2020), (May 2021), in Winter 2019'), []);
    assert.deepStrictEqual(items('Prieto-Márquez and colleagues (2013) and deWaard et al. (2010)'), ['Prieto-Márquez+etal|2013', 'deWaard+etal|2010']);
  });

  it('reads year-only continuations and suffix runs, and no catalogue numbers as years', () => {
    assert.deepStrictEqual(items('(Cragg 1979; 1980) (Douady and Couder, 1996a; 1996b)'), ['Cragg|1979', 'Cragg|1980', 'Douady+Couder|1996a', 'Douady+Couder|1996b']);
    assert.deepStrictEqual(items('(Rivas Plata et al. 2012a, b) (Archer 2001a–c)'), [
      'Rivas Plata+etal|2012a', 'Rivas Plata+etal|2012b', 'Archer|2001a', 'Archer|2001b', 'Archer|2001c',
    ]);
    assert.deepStrictEqual(items('Schedl (e.g. 1944)'), ['Schedl|1944']);
    assert.deepStrictEqual(items('(Cell Signaling, Beverly, MA, 4691) (CST 5174, 1:50) (Zoom 7000, Navitar, USA) CMN 8676'), []);
  });

  it('reads group authors, and takes a taxon authority for a citation only when a reference matches it', () => {
    assert.deepStrictEqual(items('The UniProt Consortium, 2017 and as shown by the Honeybee Genome Sequencing Consortium (2006)'), [
      'UniProt Consortium|2017', 'Honeybee Genome Sequencing Consortium|2006',
    ]);
    const library = [entry('pallas1773', ['Pallas'], '1773', 'Spicilegia zoologica'), entry('horner2012', ['Horner', 'Baziak', 'Wolff'], '2012', 'Bones')];
    const text = '*Harmonia axyridis* (Pallas, 1773) and *Coccinella* (Linnaeus, 1758); *Dryosaurus* (Horner et al., 2012) and *Tenontosaurus* (Forster et al., 2009). Fungiidae Dana, 1846.';
    const result = checkAuthorDate(text, library);
    assert.deepStrictEqual(result.citations.flatMap((c) => c.items.map((i) => `${i.text} ${i.status}`)), [
      'Pallas, 1773 matched', 'Horner et al., 2012 matched', 'Forster et al., 2009 unmatched',
    ]);
    // zookeys-609-6822 (test/fixtures/author-date-publishers): an authority after "s. str.", a quoted place before a year
    const checked = (line: string) => checkAuthorDate(line, [entry('klug1853', ['Klug'], '1853', 'Insecten')]).citations.flatMap((c) => c.items.map((i) => `${i.text} ${i.status}`));
    assert.deepStrictEqual(checked('**1–4** *Calosoma imbricatum* s. str. Klug, 1832 **5–7**'), []);
    assert.deepStrictEqual(checked('a population from Eritrea (“Tessenei” 1940: 129), which he'), []);
  });

  it('resolves year suffixes against a library with plain years as APA orders the works (by title)', () => {
    const library = [
      entry('woro2011zeta', ['Woronowicz', 'Smith', 'Lee'], '2011', 'Zeta functions'),
      entry('woro2011alpha', ['Woronowicz', 'Brown', 'Kim'], '2011', 'Alpha particles'),
      entry('single2009', ['Single'], '2009', 'Only work'),
    ];
    const result = checkAuthorDate('(Woronowicz et al., 2011a; Woronowicz et al., 2011b; Woronowicz et al., 2011c) (Single, 2009a) (Single, 2009b)', library);
    assert.deepStrictEqual(result.citations.flatMap((c) => c.items.map((i) => `${i.text} ${i.status} ${i.keys.join()}`)), [
      'Woronowicz et al., 2011a matched woro2011alpha',
      'Woronowicz et al., 2011b matched woro2011zeta',
      'Woronowicz et al., 2011c unmatched ',
      'Single, 2009a matched single2009',
      'Single, 2009b unmatched ',
    ]);
    // `2009a` on an author's only work of the year is a note; `2009b` cannot exist with one work.
    assert.deepStrictEqual(result.diagnostics.map((d) => d.code), ['unmatched', 'inconsistent', 'unmatched']);
  });

  it('drops words before the names of a narrative citation when the names alone match', () => {
    const library = [entry('gallucci2004', ['Gallucci', 'Netto'], '2004', 'Effects')];
    const result = checkAuthorDate('For example, in a coastal ecosystem in South Brazil, Gallucci & Netto (2004) found that', library);
    assert.deepStrictEqual(result.citations.flatMap((c) => c.items.map((i) => `${i.text} ${i.status}`)), ['Gallucci & Netto (2004) matched']);
  });
});

describe('reviewer mode: letters that look alike', () => {
  it('matches a name typed with a Cyrillic letter that looks Latin (Hӓdicke for Hädicke)', () => {
    const result = checkAuthorDate('(Hӓdicke 2012, Broźek 2014)', [entry('hadicke2012', ['Hädicke'], '2012', 'Mundwerkzeuge'), entry('brozek2014', ['Brożek'], '2014', 'x')]);
    assert.deepStrictEqual(result.citations.flatMap((c) => c.items.map((i) => `${i.text} ${i.status}`)), ['Hӓdicke 2012 matched', 'Broźek 2014 matched']);
  });
});

describe('reviewer mode: hostile text', () => {
  it('reads runs of years and of bare citations in time linear in their length', () => {
    for (const [unit, repetitions] of [['2010, ', 100_000], ['2010a, b, ', 100_000], ['Smith 2010, ', 20_000], ['(Smith 2010, Aaaa Bbbb ', 20_000]] as const) {
      const started = performance.now();
      findAuthorDateCitations(unit.repeat(repetitions));
      const seconds = (performance.now() - started) / 1000;
      assert.ok(seconds < 20, `${repetitions} × ${JSON.stringify(unit)}: ${seconds.toFixed(1)} s`);
    }
  });
});

describe('reviewer mode: reference-list headings and ends', () => {
  const list = (heading: string) => findReferenceList(`Text (Smith, 2010).\n\n${heading}\n\nSmith, J. (2010). A title. Journal.\n`, 'x');
  it('finds lists under headings with a colon, emphasis, numbering and in other languages', () => {
    for (const heading of [
      '## References:', 'References:', '**REFERENCES**', '## **References**', '**References:**', '7. References', '## 7. References',
      '# Literature Cited', 'Works Cited', '## Bibliography', 'Reference List', '## Sources', '## Literatur', '## Literaturverzeichnis',
      '## Références', '## Bibliographie', '## Bibliografía', '## Referencias', '## Referências', '## Riferimenti bibliografici',
    ]) {
      assert.strictEqual(list(heading)?.entries.length, 1, heading);
    }
    assert.strictEqual(list('References in the text are rare.'), undefined);
  });

  it('does not take lines after the references for references', () => {
    const text = 'Text (Smith, 2010).\n\n## References\n\nSmith, J. (2010). A title. Journal.\n\nDate of Publication June 10 (2021)\n';
    assert.deepStrictEqual(findReferenceList(text, 'x')?.entries.map((e) => e.key), ['smith2010']);
    assert.deepStrictEqual(checkAuthorDate(text, []).diagnostics, []);
  });
});

describe('reviewer mode: the Pandoc side', () => {
  const view = (entries: LibraryEntry[]) => {
    const index = new LibraryIndex();
    index.set({ source: 'lib.bib', entries, problems: [] });
    return index.view();
  };

  it('checks citations in metadata pandoc reads as Markdown, not in bibliography or nocite', () => {
    const text = '---\ntitle: "Notes on @key"\nauthor: me@example.org\nbibliography: refs.bib\nabstract: |\n    We revisit [@abs1; @abs2].\n---\n\nBody [@known].\n';
    assert.deepStrictEqual(readFrontMatter(text, 'd.md').citations.flatMap((c) => c.items.map((i) => `${i.key}@${text.slice(i.keyStart, i.keyEnd)}`)), [
      'key@key', 'abs1@abs1', 'abs2@abs2',
    ]);
    const check = checkDocument(new Draft(text, 'd.md'), view([entry('known', ['Known'], '2000', 'Known')]), { authorDate: 'off' });
    assert.deepStrictEqual(check.diagnostics.map((d) => d.message.split(' in ')[0]), ["No entry 'key'", "No entry 'abs1'", "No entry 'abs2'"]);
  });

  it("reads a footnote's paragraphs indented four spaces as note text, and @{} as the empty key", () => {
    const text = 'Text [@{}] and @{}.[^1]\n\n[^1]: A note.\n\n    Continued [@inner].\n\n        code [@notcited]\n';
    assert.deepStrictEqual(parsePandocCitations(text).flatMap((c) => c.items.map((i) => i.key)), ['', '', 'inner']);
  });

  it('accepts a BibTeX key holding `=`, as pandoc does, and still reports an entry without key', () => {
    const result = parseBibtex('@misc{https://example.com/bib?name=foobar&date=2000,\n  title = {X},\n}\n@misc{author = {A}, title = {B}}\n', 'x.bib');
    assert.deepStrictEqual(result.entries.map((e) => e.key), ['https://example.com/bib?name=foobar&date=2000']);
    assert.deepStrictEqual(result.problems.map((p) => p.message), ["Entry key missing after '@misc{'"]);
  });
});
