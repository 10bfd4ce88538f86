import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { gunzipSync } from 'zlib';
import { checkAuthorDate, indexForAuthorDate, type AuthorDateCheckResult } from '../../src/core/citations/authorDateCheck';
import { parseBibtex } from '../../src/core/library/bibtex';
import type { LibraryEntry, Person } from '../../src/core/types';
import { corpusOrSkip } from '../corpora';

/** A library entry; `{Name}` is an organisation. */
function entry(key: string, names: string[], year: string, title: string, role: 'authors' | 'editors' = 'authors'): LibraryEntry {
  const people: Person[] = names.map((name) => (name.startsWith('{') ? { literal: name.slice(1, -1) } : { family: name, given: 'A.' }));
  return {
    key, type: 'article', source: 'lib.bib', startLine: 0, endLine: 0, keyOffset: -1,
    authors: role === 'authors' ? people : [], editors: role === 'editors' ? people : [], year, title, keywords: [],
  };
}

const library: LibraryEntry[] = [
  entry('smith2010', ['Smith'], '2010', 'Alone'),
  entry('smithjones2010', ['Smith', 'Jones'], '2010', 'Together'),
  entry('smith2012', ['Smith'], '2012', 'Later'),
  entry('lee2015zebra', ['Lee', 'Kim', 'Park'], '2015', 'Zebra study'),
  entry('lee2015alpha', ['Lee', 'Kim', 'Park'], '2015', 'An alpha study'),
  entry('galtung1969', ['Galtung'], '1969', 'Violence, peace, and peace research'),
  entry('worldbank2011', ['{World Bank}'], '2011', 'World development report 2011'),
  entry('undp2019', ['{United Nations Development Programme}'], '2019', 'Human development report 2019'),
  entry('muller2001', ['Müller'], '2001', 'Umlauts'),
  entry('vdberg2015', ['van der Berg'], '2015', 'Particles'),
  entry('ramsbotham2016', ['Ramsbotham', 'Woodhouse'], '2016', 'Edited', 'editors'),
  { ...entry('anon2017', [], '2017', 'Short title of the report'), type: 'misc' },
];

/** `text → status [keys]` for every cited work. */
function statuses(result: AuthorDateCheckResult): string[] {
  return result.citations.flatMap((citation) => citation.items.map((item) => `${item.text} → ${item.status} [${item.keys.join(',')}]`));
}

function codes(result: AuthorDateCheckResult): string[] {
  return result.diagnostics.map((diagnostic) => diagnostic.code);
}

describe('author-date check', () => {
  it('matches by first author, author count and year, and says why others do not match', () => {
    const result = checkAuthorDate('Smith (2010) and (Smith & Jones, 2010) and (Smith, 2011) and Jones (2010).', library);
    assert.deepStrictEqual(statuses(result), [
      'Smith (2010) → matched [smith2010]',
      'Smith & Jones, 2010 → matched [smithjones2010]',
      'Smith, 2011 → unmatched []',
      'Jones (2010) → unmatched []',
    ]);
    const [other, coAuthor] = result.diagnostics;
    assert.strictEqual(other.message, 'No reference in the library for Smith (2011); the library has Smith 2010, 2012 and Smith & Jones 2010.');
    assert.strictEqual(other.suggestions, undefined, 'two single-author years: no safe year');
    assert.match(coAuthor.message, /Jones is a co-author of Smith & Jones 2010 \(smithjones2010\)/);
  });

  it('says when the cited names are a work\'s authors in another order, and offers that order (ZooKeys 609: Häckel & Farkač for Farkač & Häckel)', () => {
    const works = [
      entry('hackel2012', ['Häckel'], '2012', 'Alone'),
      entry('farkac2012', ['Farkač', 'Häckel'], '2012', 'Together'),
      entry('hackel2013', ['Häckel', 'Farkač', 'Jedlička'], '2013', 'Three'),
    ];
    const result = checkAuthorDate('As Häckel & Farkač (2012) and (Häckel and Farkač, 2012) wrote, not (Häckel & Jedlička, 2012).', works);
    assert.deepStrictEqual(codes(result), ['unmatched', 'unmatched', 'unmatched']);
    assert.strictEqual(result.diagnostics[0].message, 'No reference in the library for Häckel & Farkač (2012); the library has Häckel 2012 (hackel2012), whose author list differs; ' +
      'it has Farkač & Häckel 2012 (farkac2012): the same names in another order.');
    assert.deepStrictEqual(result.diagnostics.map((d) => d.suggestions), [['Farkač & Häckel (2012)'], ['Farkač and Häckel, 2012'], undefined]);
    assert.ok(!result.diagnostics[2].message.includes('another order'), result.diagnostics[2].message);
    // later names in another order (test/fixtures/author-date-new2/scielo-tinf: Smit; Kobashi; Tálamo for Smit, Tálamo, Kobashi)
    const later = checkAuthorDate('(Smit; Kobashi; Tálamo, 2004)', [entry('smit2004', ['Smit', 'Tálamo', 'Kobashi'], '2004', 'Campo')]);
    assert.match(later.diagnostics[0].message, /it has Smit et al\. 2004 \(smit2004\): the same names in another order\.$/);
  });

  it('takes a possessive before a bare year for a citation only when a reference matches it (test/fixtures/author-date-new/heiss-canary)', () => {
    const works = [entry('hrw2011', ['{Human Rights Watch}'], '2011', 'World report 2011'), entry('smith2010', ['Smith'], '2010', 'Alone')];
    const result = checkAuthorDate("In Human Rights Watch's 2016 World Report, Roth argued. In Smith's 2010 study, and as Human Rights Watch (2016) says.", works);
    assert.deepStrictEqual(statuses(result), ["Smith's 2010 → matched [smith2010]", 'Human Rights Watch (2016) → unmatched []']);
  });

  it('matches a cited name with a generational suffix, and a co-author cited by the last of several family names (test/fixtures/author-date-new2)', () => {
    const works = [
      entry('kirchhoff2011', ['Kirchhoff', 'Rassi'], '2011', 'Chagas'),
      entry('fridman2019', ['Fridman', 'Silva de Araújo', 'Barcelos Damasceno Daibert'], '2019', 'Políticas'),
      entry('rivasplata2012', ['Rivas Plata', 'Lücking'], '2012', 'Lichens'),
    ];
    const result = checkAuthorDate('(Kirchhoff and Rassi Junior, 2011; Fridman, Araújo e Daibert, 2019) but not Plata and Lücking (2012).', works);
    assert.deepStrictEqual(statuses(result), [
      'Kirchhoff and Rassi Junior, 2011 → matched [kirchhoff2011]',
      'Fridman, Araújo e Daibert, 2019 → matched [fridman2019]',
      'Plata and Lücking (2012) → unmatched []',
    ]);
  });

  it('matches an organisation cited without its article (The Land Institute, test/fixtures/author-date-new3/tas-kernza)', () => {
    const result = checkAuthorDate('(The Land Institute 2024) and The Land Institute (2024).', [entry('landinstitute2024', ['{The Land Institute}'], '2024', 'The State of Kernza')]);
    assert.deepStrictEqual(statuses(result), ['The Land Institute 2024 → matched [landinstitute2024]', 'Land Institute (2024) → matched [landinstitute2024]']);
  });

  it('matches "IEA et al." to the work of IEA and others, not to IEA\'s own (test/fixtures/author-date-new7/belmin-energy)', () => {
    const works = [entry('ieatracking2022', ['{IEA}', '{IRENA}', '{UNSD}'], '2022', 'Tracking SDG 7'), entry('ieaafrica2022', ['{IEA}'], '2022', 'Africa Energy Outlook')];
    assert.deepStrictEqual(statuses(checkAuthorDate('(IEA et al. 2022)', works)), ['IEA et al. 2022 → matched [ieatracking2022]']);
  });

  it('offers the only year, or the only close spelling, as a safe fix', () => {
    const result = checkAuthorDate('(Galtung, 1996) and Galtunk (1969) and (World Bank, 2006).', library);
    assert.deepStrictEqual(codes(result), ['unmatched', 'unmatched', 'unmatched']);
    assert.deepStrictEqual(result.diagnostics.map((d) => d.suggestions), [['Galtung, 1969'], ['Galtung (1969)'], ['World Bank, 2011']]);
    assert.deepStrictEqual(result.diagnostics[0].range, { start: { line: 0, character: 1 }, end: { line: 0, character: 14 } });
  });

  it('matches names written twice (R Markdown renders `Names @key` so) as written once, says so, and offers them once', () => {
    // (a real systematic review, awconway/zhf-review: "from DerSimonian & Laird DerSimonian & Laird (1986)")
    const text = [
      'Pooled with a random-effects model from DerSimonian & Laird DerSimonian & Laird (1986); see Smith and Lee (2010).', '',
      '# References', '',
      'DerSimonian, R., & Laird, N. (1986). Meta-analysis in clinical trials. *Controlled Clinical Trials*, *7*(3), 177–188.', '',
      'Smith, A., & Jones, B. (2010). Title. *Journal*, 1, 1–2.',
    ].join('\n');
    const result = checkAuthorDate(text, [], { path: 'review.md' });
    assert.deepStrictEqual(statuses(result), ['DerSimonian & Laird DerSimonian & Laird (1986) → matched [dersimonian1986]', 'Smith and Lee (2010) → unmatched []']);
    assert.deepStrictEqual(codes(result), ['inconsistent', 'unmatched', 'uncited']);
    assert.strictEqual(result.diagnostics[0].message, 'DerSimonian & Laird DerSimonian & Laird (1986): the names are written twice.');
    assert.deepStrictEqual(result.diagnostics[0].suggestions, ['DerSimonian & Laird (1986)']);
    // an item of the document's own list is told by its line, not by a key made up for it
    assert.strictEqual(result.diagnostics[1].message, 'No reference in the reference list for Smith & Lee (2010); the reference list has Smith & Jones 2010 (line 7), whose author list differs.');
    assert.deepStrictEqual(statuses(checkAuthorDate('Smith Smith (2010) and Jones and Lee Jones (2011).', library)), ['Smith Smith (2010) → matched [smith2010]', 'Jones and Lee Jones (2011) → unmatched []']);
  });

  it('reports works that share author and year as ambiguous, and reads a/b in title order', () => {
    const result = checkAuthorDate('Lee et al. (2015) then (Lee et al., 2015a) then (Lee et al., 2015b) then (Lee et al., 2015c).', library);
    assert.deepStrictEqual(statuses(result), [
      'Lee et al. (2015) → ambiguous [lee2015alpha,lee2015zebra]',
      'Lee et al., 2015a → matched [lee2015alpha]',
      'Lee et al., 2015b → matched [lee2015zebra]',
      'Lee et al., 2015c → unmatched []',
    ]);
    assert.match(result.diagnostics[0].message, /could be any of 2 works in the library: lee2015alpha “An alpha study”, lee2015zebra “Zebra study”/);
  });

  it('says what tells works of one author and year apart when none has a letter yet (not "2015?/2015?": the student trial)', () => {
    // two works of different author lists: APA gives them no letters, and neither is cited with one
    const works = [entry('smith2010a', ['Smith', 'Jones', 'Lee'], '2010', 'One'), entry('smith2010b', ['Smith', 'Kim', 'Park'], '2010', 'Two')];
    const result = checkAuthorDate('As Smith et al. (2010) show.', works);
    assert.deepStrictEqual(statuses(result), ['Smith et al. (2010) → ambiguous [smith2010a,smith2010b]']);
    assert.match(result.diagnostics[0].message, /; the citation needs a letter after the year \(2010a, 2010b, …\) or a key to tell them apart\.$/);
  });

  it('reads a/b of works cited alike in bibliography order: names (given names too), then title (new21, glossa, mycokeys)', () => {
    const work = (key: string, people: Array<[string, string]>, title: string): LibraryEntry => ({
      ...entry(key, [], '2020', title), authors: people.map(([family, given]) => ({ family, given })),
    });
    const johnsons = [
      work('growth', [['Johnson', 'Chris J.'], ['Venter', 'Oscar']], 'Growth-inducing infrastructure'),
      work('science', [['Johnson', 'Cheryl A.'], ['Sutherland', 'Glenn D.']], 'Science to inform policy'),
      work('dplyr', [['Wickham', 'Hadley'], ['François', 'Romain']], 'dplyr: A grammar of data manipulation'),
      work('ggplot2', [['Wickham', 'Hadley'], ['Chang', 'Winston']], 'ggplot2: Create elegant data visualisations'),
    ];
    assert.deepStrictEqual(statuses(checkAuthorDate('(Johnson et al. 2020a, 2020b; Wickham et al., 2020a, 2020b)', johnsons)), [
      'Johnson et al. 2020a → matched [science]', '2020b → matched [growth]', 'Wickham et al., 2020a → matched [ggplot2]', '2020b → matched [dplyr]',
    ]);
  });

  it('reads a/b of one author list by month where the draft is not APA, by title where it is (new21 tilley, new22 boettiger, new heiss-canary)', () => {
    // Sugeno and Munch: the May paper is 2013a in ESA's Ecology style (citeproc sorts by the whole date), though its title comes second
    const dated = (key: string, title: string, month: string | undefined): LibraryEntry => ({
      ...entry(key, ['Sugeno', 'Munch'], '2013', title), fields: month === undefined ? {} : { month },
    });
    const sugeno = [dated('june', 'A semiparametric Bayesian approach', 'June'), dated('may', 'A semiparametric Bayesian method', 'may')];
    assert.deepStrictEqual(statuses(checkAuthorDate('As Sugeno and Munch (2013a, 2013b) showed (Gordon 1954).', sugeno)), [
      'Sugeno and Munch (2013a → matched [may]', '2013b → matched [june]', 'Gordon 1954 → unmatched []',
    ]);
    // APA (`&` between two names in parentheses) orders them by title: Davenport's article of June before his undated book
    const davenport: LibraryEntry[] = [
      { ...entry('book', ['Davenport'], '2007', 'State repression and the domestic democratic peace'), fields: {} },
      { ...entry('article', ['Davenport'], '2007', 'State repression and political order'), fields: { month: '6' } },
    ];
    assert.deepStrictEqual(statuses(checkAuthorDate('(Davenport, 2007a, 2007b; Smith & Jones, 2010)', davenport)).slice(0, 2), [
      'Davenport, 2007a → matched [article]', '2007b → matched [book]',
    ]);
    assert.deepStrictEqual(statuses(checkAuthorDate('(Davenport 2007a, 2007b; Smith and Jones 2010)', davenport)).slice(0, 2), [
      'Davenport 2007a → matched [book]', '2007b → matched [article]',
    ]);
  });

  it('reports inconsistent citations: et al. for two authors, a missing co-author, a suffix on a unique work, a misspelt et al.', () => {
    const text = 'Smith et al. (2010) and (Galtung et al., 1969) and (Ramsbotham, 2016) and (Galtung, 1969a) and (Lee et.al, 2015a).';
    const result = checkAuthorDate(text, library);
    // Smith et al. reaches only Smith & Jones 2010 (the two-author work), so it matches but is inconsistent.
    assert.deepStrictEqual(statuses(result).map((line) => line.split(' → ')[1]), [
      'matched [smithjones2010]', 'matched [galtung1969]', 'matched [ramsbotham2016]', 'matched [galtung1969]', 'matched [lee2015alpha]',
    ]);
    assert.deepStrictEqual(codes(result), ['inconsistent', 'inconsistent', 'inconsistent', 'inconsistent', 'inconsistent']);
    assert.match(result.diagnostics[0].message, /“et al.” is for three or more authors; this work has two \(Smith & Jones\)/);
    assert.match(result.diagnostics[2].message, /this work has two authors \(Ramsbotham & Woodhouse\); name both/);
    assert.deepStrictEqual(result.diagnostics[3].suggestions, ['Galtung, 1969']);
    assert.deepStrictEqual(result.diagnostics[4].suggestions, ['Lee et al., 2015a']);
  });

  it('matches organisations, abbreviations, titles, accents, particles and editors', () => {
    const text = [
      'The World Bank (2011) and (United Nations Development Programme [UNDP], 2019), then UNDP (2019).',
      '("Short Title of the Report," 2017), Mueller (2001), (Muller, 2001), (van der Berg, 2015), Van der Berg (2015),',
      'Ramsbotham and Woodhouse (2016).',
    ].join('\n');
    assert.deepStrictEqual(statuses(checkAuthorDate(text, library)).map((line) => line.split(' → ')[1]), [
      'matched [worldbank2011]', 'matched [undp2019]', 'matched [undp2019]', 'matched [anon2017]',
      'matched [muller2001]', 'matched [muller2001]', 'matched [vdberg2015]', 'matched [vdberg2015]', 'matched [ramsbotham2016]',
    ]);
  });

  it('reads an acronym nobody defined as the organisation with those initials', () => {
    const who = [entry('who2008', ['{World Health Organization}'], '2008', 'Closing the gap'), entry('ho2008', ['Ho'], '2008', 'A person')];
    assert.deepStrictEqual(statuses(checkAuthorDate('(WHO, 2008) and Ho (2008) and (HO, 2008).', who)), [
      'WHO, 2008 → matched [who2008]', 'Ho (2008) → matched [ho2008]', 'HO, 2008 → matched [ho2008]',
    ]);
  });

  it('drops doubtful names that no reference has: events after "the", countries', () => {
    const result = checkAuthorDate('the Good Friday Agreement (1998), interventions (Kosovo, 1999), and (Smith, 1999).', library);
    assert.deepStrictEqual(statuses(result), ['Smith, 1999 → unmatched []']);
  });

  it('checks against the reference list first, adds library keys, and reports uncited list entries only', () => {
    const text = [
      '# Paper', '',
      'Galtung (1969) and Smith (2012) and Hansen (2006).', '',
      '## References', '',
      'Galtung, J. (1969). Violence, peace, and peace research. *JPR*, 6(3), 167–191.', '',
      'Hansen, L. (2006). *Security as practice*. Routledge.', '',
      'Waltz, K. N. (1979). *Theory of international politics*. Addison-Wesley.',
    ].join('\n');
    const result = checkAuthorDate(text, library, { path: 'paper.md' });
    assert.deepStrictEqual(statuses(result), [
      'Galtung (1969) → matched [galtung1969]',
      'Smith (2012) → unmatched [smith2012]',
      'Hansen (2006) → matched [hansen2006]',
    ]);
    assert.deepStrictEqual(result.referenceList!.entries.map((e) => [e.key, e.source]), [
      ['galtung1969', 'paper.md'], ['hansen2006', 'paper.md'], ['waltz1979', 'paper.md'],
    ]);
    assert.deepStrictEqual(codes(result), ['unmatched', 'uncited']);
    assert.match(result.diagnostics[0].message, /No reference in the reference list for Smith \(2012\)\. The library has it: smith2012\./);
    assert.deepStrictEqual(result.diagnostics[1].range.start, { line: 10, character: 0 });
    assert.deepStrictEqual(codes(checkAuthorDate(text, library, { uncited: false })), ['unmatched']);
    assert.ok(!codes(checkAuthorDate('Galtung (1969).', library)).includes('uncited'), 'no reference list, no uncited report');
  });

  it('reports a reference-list item without a year as inconsistent, not as uncited', () => {
    const text = 'Smith (2010).\n\n## References\n\nSmith, J. (2010). Dated. Pub.\n\nJones, K. A book with no date. Pub.\n';
    const result = checkAuthorDate(text, []);
    assert.deepStrictEqual(codes(result), ['inconsistent']);
    assert.deepStrictEqual(result.diagnostics[0].range, { start: { line: 6, character: 0 }, end: { line: 6, character: 'Jones, K. A book with no date. Pub.'.length } });
    assert.match(result.diagnostics[0].message, /has no year/);
  });

  it('counts an item of the list reached by a [@key] to the same work (same first author, year and title start), not another of that author and year', () => {
    const text = 'As shown [@smith2010].\n\n## References\n\nSmith, J. (2010). Alone (2nd ed.). Pub.\n\nSmith, J. (2010). Elsewhere. Pub.\n';
    const result = checkAuthorDate(text, library, { citedByKey: [library[0]] });
    assert.deepStrictEqual(result.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line]), [['uncited', 6]]);
    assert.deepStrictEqual(codes(checkAuthorDate(text, library)), ['uncited', 'uncited'], 'without it, neither is reached');
  });

  it('checks the corpus manuscript against its own reference list and its .bib together', () => {
    const dir = path.resolve(__dirname, '../fixtures/author-date');
    const bib = parseBibtex(fs.readFileSync(path.join(dir, 'harvard-security.bib'), 'utf8'), 'harvard-security.bib');
    const result = checkAuthorDate(fs.readFileSync(path.join(dir, 'harvard-security.md'), 'utf8'), bib.entries, { path: 'harvard-security.md' });
    const item = result.citations.flatMap((c) => c.items).find((i) => i.text === 'Ó Tuathail (1996)')!;
    assert.deepStrictEqual([item.status, item.keys], ['matched', ['otuathail1996', 'otuathail1996critical']]);
    const uncited = result.diagnostics.filter((d) => d.code === 'uncited').map((d) => d.message);
    assert.deepStrictEqual(uncited, ['Waltz (1979) is in the reference list but no citation in the text reaches it.']);
  });

  it('never throws on damaged drafts and messy libraries, and every offset slices back to its text', () => {
    const dir = path.resolve(__dirname, '../fixtures/author-date');
    const messy = path.resolve(__dirname, '../fixtures/bib-messy');
    const libraries = fs.existsSync(messy)
      ? fs.readdirSync(messy).filter((name) => name.endsWith('.bib')).map((name) => parseBibtex(fs.readFileSync(path.join(messy, name), 'latin1'), name).entries)
      : [];
    const drafts = fs.readdirSync(dir).filter((name) => name.endsWith('.md') && name !== 'README.md').map((name) => fs.readFileSync(path.join(dir, name), 'utf8'));
    let seed = 7;
    const random = (below: number) => (seed = (seed * 48271) % 2147483647) % below;
    let checked = 0;
    for (const draft of drafts) {
      for (let cut = 0; cut < 20; cut++) {
        // A random slice, with a random stretch deleted: unbalanced parentheses, half a reference list.
        const from = random(draft.length);
        const damaged = draft.slice(random(from + 1), from) + draft.slice(Math.min(draft.length, from + random(200)));
        const result = checkAuthorDate(damaged, [...library, ...(libraries[cut % Math.max(1, libraries.length)] ?? [])]);
        for (const citation of result.citations) {
          assert.strictEqual(damaged.slice(citation.start, citation.end), citation.text);
          for (const item of citation.items) assert.strictEqual(damaged.slice(item.start, item.end), item.text);
        }
        checked++;
      }
    }
    assert.strictEqual(checked, drafts.length * 20);
  });

  it('indexes a library once and checks a 40,000-word manuscript against 16,000 entries quickly', function () {
    const bench = corpusOrSkip(this, 'jgrey-main-concat.bib.gz');
    const big = parseBibtex(gunzipSync(fs.readFileSync(bench)).toString('utf8'), 'jgrey.bib').entries;
    assert.ok(big.length > 16000);
    let started = performance.now();
    const index = indexForAuthorDate(big);
    const indexTime = performance.now() - started;
    assert.strictEqual(indexForAuthorDate(big), index, 'the index is cached for the same library array');

    // A manuscript of realistic density: one paragraph in six cites, the rest is prose without citations.
    const dir = path.resolve(__dirname, '../fixtures/author-date');
    const cited = ['apa-peace.md', 'harvard-migration.md', 'apa-computing.md'].map((name) => {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      return text.slice(0, text.search(/^## References/m) === -1 ? undefined : text.search(/^## References/m));
    });
    const prose = cited.join('\n\n').replace(/\([^()]*\)/g, '').replace(/^#.*$/gm, '');
    let text = '';
    for (let i = 0; text.split(/\s+/).length < 40000; i++) text += (i % 6 === 0 ? cited[(i / 6) % 3] : prose) + '\n\n';
    // Wall time and this process's CPU time: on a shared machine other processes inflate the first.
    const wall: number[] = [];
    const cpu: number[] = [];
    let result: AuthorDateCheckResult | undefined;
    for (let run = 0; run < 12; run++) {
      started = performance.now();
      const cpuStart = process.cpuUsage();
      result = checkAuthorDate(text, big);
      const cpuUsed = process.cpuUsage(cpuStart);
      if (run < 3) continue; // the first runs compile the code
      wall.push(performance.now() - started);
      cpu.push((cpuUsed.user + cpuUsed.system) / 1000);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
    const items = result!.citations.reduce((count, citation) => count + citation.items.length, 0);
    console.log(
      `      index ${big.length} entries: ${indexTime.toFixed(0)} ms once; check ${text.split(/\s+/).length} words, ` +
        `${items} cited works: median ${median(wall).toFixed(1)} ms wall, ${median(cpu).toFixed(1)} ms CPU; ` +
        `best ${Math.min(...wall).toFixed(1)} ms wall, ${Math.min(...cpu).toFixed(1)} ms CPU`,
    );
    assert.ok(items > 200);
    // A complexity check (a scan of the library per citation would take seconds); the best run is the one
    // least disturbed by other processes, and the ceiling leaves room for a loaded machine.
    assert.ok(Math.min(...cpu) < 500, `best CPU ${Math.min(...cpu).toFixed(1)} ms`);
  });
});

describe('author-date check of the Unified Style Sheet for Linguistics (Glossa, test/fixtures/author-date-new11)', () => {
  // The items as glossa-japanese.md and glossa-possessive.md list them.
  const list = [
    'Davies, Mark. 2002-. Corpus do Português: 45 million words, 1300s–1900s (Historical/Genres). http://www.corpusdoportugues.org.',
    'Engdahl, Elisabet. 1977. Relative clauses. Dissertation, University of Massachusetts, Amherst.',
    'Kuroda, Shige-Yuki. 1975/76. Pivot independent relativization in Japanese. Papers in Japanese Linguistics 4. 59–93.',
    'Lafitte, Pierre. 1944[1962]. Grammaire basque: Navarro-labourdin litteraire. Bayonne: Le livre.',
    'Simonenko, Alexandra. to appear. Full vs. clitic vs. bound determiners. In Oxford Handbook of Determiners. Oxford: Oxford University Press.',
  ].join('\n\n');

  it('reads split, open-ended and reprint years and "to appear" in the list as the citations do', () => {
    const result = checkAuthorDate(`Davies (2002-), Kuroda (1975/76), (see Lafitte 1944[1962]) and Simonenko (to appear).\n\nEngdahl (1977).\n\n## References\n\n${list}\n`, []);
    assert.deepStrictEqual(statuses(result).map((line) => line.replace(/ \[.*/, '')), [
      'Davies (2002-) → matched', 'Kuroda (1975/76) → matched', 'Lafitte 1944[1962] → matched', 'Simonenko (to appear) → matched', 'Engdahl (1977) → matched',
    ]);
    assert.deepStrictEqual(result.diagnostics, []);
  });

  it('says which unmatched citation may mean an uncited item', () => {
    const result = checkAuthorDate(`As Engdahl (1997) argues, and Kuroda (1975/76).\n\n## References\n\n${list}\n`, [], { uncited: true });
    const uncited = result.diagnostics.filter((d) => d.code === 'uncited').map((d) => d.message);
    assert.ok(uncited.includes('Engdahl (1977) is in the reference list but no citation in the text reaches it; Engdahl (1997) (line 1) may mean it.'), uncited.join('\n'));
    assert.ok(uncited.includes('Davies (2002) is in the reference list but no citation in the text reaches it.'), uncited.join('\n'));
  });

  it('keeps a doubtful name when it is one reference\'s name misspelt: after "the", or one name before a bare year', () => {
    const text = (prose: string) => `${prose}\n\n## References\n\nWorld Bank. 2022. China: Gender Data Portal. Washington, DC: World Bank.\n\nLabrousse, Lucie. 2018. Histoire. Paris: Seuil.\n`;
    // (the seeded errors of cars-gender, test/fixtures/author-date-new3, and glossa-possessive)
    const result = checkAuthorDate(text('Data from the Wolrd Bank (2022), as in the letters, from Larbousse 2018: 2296.'), []);
    assert.deepStrictEqual(result.diagnostics.filter((d) => d.code === 'unmatched').map((d) => d.message), [
      'No reference in the reference list for Wolrd Bank (2022); the reference list has World Bank 2022 (line 5).',
      'No reference in the reference list for Larbousse (2018); the reference list has Labrousse 2018 (line 7).',
    ]);
    // a name no reference has, nor one close to it, is still no citation
    assert.deepStrictEqual(statuses(checkAuthorDate(text('During the Arab Spring (2011), as in Windows 2000.'), [])), []);
  });

  it('matches `Anon`, `Anonymous` and German `o. A.` (`O A`) to the library\'s work of that year without author', () => {
    // (voss-datenqualitaet, test/fixtures/author-date-new12: `(O A 1994)` for a standard with no author; CSE's `(Anon 2002)`)
    const anonymous = [entry('iso8402', [], '1994', 'Quality management and quality assurance'), entry('z3950', [], '2002', 'Z39.50 Holdings Schema'), entry('smith2002', ['Smith'], '2002', 'T')];
    assert.deepStrictEqual(statuses(checkAuthorDate('(O A 1994), (Anon 2002), Anonymous (1994) and (Anon 1999).', anonymous)), [
      'O A 1994 → matched [iso8402]', 'Anon 2002 → matched [z3950]', 'Anonymous (1994) → matched [iso8402]', 'Anon 1999 → unmatched []',
    ]);
    assert.deepStrictEqual(checkAuthorDate('(O A 1994)', anonymous).diagnostics, []);
  });

  it('checks a citation after a program\'s italic name (no taxon\'s authority), and matches an organisation with commas', () => {
    // (maciejewski-emotion, test/fixtures/author-date-new15: `*R* (R Core Team, 2023)` with two such works was dropped, not ambiguous)
    const text = 'We used *R* (R Core Team, 2023). Prevention (National Academies of Sciences, Engineering, and Medicine, 2025).\n\n## References\n\n' +
      'National Academies of Sciences, Engineering, and Medicine. (2025). *Blueprint for a national prevention infrastructure*. National Academies Press.\n\n' +
      'R Core Team. (2023a). *R: A language*. Vienna.\n\nR Core Team. (2023b). *R base*. Vienna.\n';
    assert.deepStrictEqual(statuses(checkAuthorDate(text, [])).map((line) => line.replace(/ \[.*/, '')), [
      'R Core Team, 2023 → ambiguous', 'National Academies of Sciences, Engineering, and Medicine, 2025 → matched',
    ]);
    // a taxon's authority after an abbreviated genus stays a citation only when it matches
    assert.deepStrictEqual(statuses(checkAuthorDate('the nearest neighbour is *S. irrorella* (Linnaeus, 1758).', library)), []);
  });

  it('reads a work cited by its italic title before a year (a case), only when a reference has that title', () => {
    // (mccartan-harm, test/fixtures/author-date-new15)
    const text = 'We apply it to *Allen v. Milligan* (2023), unlike *The Republic* (1992).\n\n# References\n\n*Allen v. Milligan*. 2023. 599 U.S. 1.\n';
    assert.deepStrictEqual(statuses(checkAuthorDate(text, [])), ['*Allen v. Milligan* (2023) → matched [allen2023]']);
  });

  it('reads `May (1975)` as a citation when a reference has the name, and `in May (2020)` as a date', () => {
    // (marcon-notions, test/fixtures/author-date-new16: "May" is also a month; in French prose never)
    const text = 'May (1975) explique, and cité par May (1975). In May (2020) we met.\n\n# References\n\nMay, R. M. (1975). Patterns of species abundance. Harvard.\n';
    assert.deepStrictEqual(statuses(checkAuthorDate(text, [])), ['May (1975) → matched [may1975]', 'May (1975) → matched [may1975]']);
    assert.deepStrictEqual(statuses(checkAuthorDate('May (1975) explique.', [])), []);
  });

  it('takes an event "at the" a place before a year as no citation unless a reference has that name (new19\'s acknowledgements)', () => {
    const text = 'This paper was presented at the Summer School on Reproducible Research in Landscape Archaeology at the Freie Universität Berlin (2017).\n\n# References\n\nSmith, J. (2017). A book. Press.\n';
    assert.deepStrictEqual(checkAuthorDate(text, []).diagnostics.filter((d) => d.code === 'unmatched'), []);
  });

  it('matches a Portuguese or Spanish family name joined by "e" or "y" that reads as two names', () => {
    const joined = [entry('oliveira1982', ['Oliveira e Silva'], '1982', 'Estudo'), entry('cajal1894', ['Ramón y Cajal'], '1894', 'Textura')];
    assert.deepStrictEqual(statuses(checkAuthorDate('Oliveira e Silva (1982) and (Ramón y Cajal, 1894).', joined)), [
      'Oliveira e Silva (1982) → matched [oliveira1982]', 'Ramón y Cajal, 1894 → matched [cajal1894]',
    ]);
    // two people joined by "e" stay two
    assert.deepStrictEqual(statuses(checkAuthorDate('Araújo e Posenatto (2010)', [entry('a2010', ['Araújo', 'Posenatto'], '2010', 'T')])), ['Araújo e Posenatto (2010) → matched [a2010]']);
    // the last of several authors (new20's chaudhry-donors: `family=Mello e Souza, prefix=de`), and of none with it, a flag
    const buthe = [entry('buthe2012', ['Büthe', 'Major', 'de Mello e Souza'], '2012', 'Aid')];
    assert.deepStrictEqual(statuses(checkAuthorDate('(Büthe, Major, and de Mello e Souza 2012) but (Büthe, Major, and de Mello e Lima 2012).', buthe)), [
      'Büthe, Major, and de Mello e Souza 2012 → matched [buthe2012]', 'Büthe, Major, and de Mello e Lima 2012 → unmatched []',
    ]);
  });
});

describe('author-date check of a text that cites by number', () => {
  it('does not call the items of its numbered list uncited', () => {
    // PLOS ONE (doi:10.1371/journal.pone.0002019), cited as `[1]–[5]`, with a numbered list of 27 works.
    const text = fs.readFileSync(path.resolve(__dirname, '../fixtures/author-date-publishers/plos-2.md'), 'utf8');
    const result = checkAuthorDate(text, []);
    assert.strictEqual(result.referenceList?.entries.length, 27);
    assert.deepStrictEqual(result.diagnostics.filter((d) => d.code === 'uncited'), []);
    // Cited by author and year instead, the same list has its uncited works reported.
    const authorDate = text.replace(/\[\d+\](?:–\[\d+\])?/g, '').replace('cancer', 'cancer (Wannamethee & Shaper, 2001)');
    assert.strictEqual(checkAuthorDate(authorDate, []).diagnostics.filter((d) => d.code === 'uncited').length, 26);
  });
});

describe('copies of one work in the library (test/fixtures/author-date-new23/greifer-matchit)', () => {
  const copies = [
    entry('rubin1973', ['Rubin'], '1973', 'Matching to Remove Bias in Observational Studies'),
    entry('rubin1973a', ['Rubin'], '1973', 'Matching to remove bias in observational studies.'),
    entry('rubin1973b', ['Rubin'], '1973', 'The use of matched sampling and regression adjustment'),
  ];

  it('reads a citation of a work the library holds twice as that work, not as "any of 2 works"', () => {
    const result = checkAuthorDate('Matching (Rubin 1973) as in Rubin (1973).', copies.slice(0, 2));
    assert.deepStrictEqual(statuses(result), ['Rubin 1973 → matched [rubin1973]', 'Rubin (1973) → matched [rubin1973]']);
    assert.deepStrictEqual(codes(result), []);
  });

  it('still finds two works of the year ambiguous, and reads the suffixes citeproc gave the copies when both are cited', () => {
    assert.deepStrictEqual(codes(checkAuthorDate('Matching (Rubin 1973).', copies)), ['ambiguous']);
    assert.deepStrictEqual(statuses(checkAuthorDate('Matching (Rubin 1973a, 1973b).', copies.slice(0, 2))), ['Rubin 1973a → matched [rubin1973]', '1973b → matched [rubin1973a]']);
  });

  it('leaves a reference list that lists a work twice ambiguous: the manuscript lists it twice', () => {
    const text = 'Matching (Rubin 1973).\n\n## References\n\nRubin, D. B. (1973). Matching to remove bias in observational studies. *Biometrics*, 29, 159–183.\n\nRubin, D. B. (1973). Matching to remove bias in observational studies. *Biometrics*, 29, 159–183.\n';
    assert.deepStrictEqual(codes(checkAuthorDate(text, [])), ['ambiguous']);
  });
});
