import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { findReferenceList, parseReferenceItem } from '../../src/core/citations/referenceList';

const fixtures = path.resolve(__dirname, '../fixtures/author-date');

describe('reference list', () => {
  it('finds the section under the usual headings and ends it at the next heading of its level', () => {
    for (const heading of ['## References', '# Bibliography', '### 7. Works Cited', '## Literature {.unnumbered}', '**References**',
      '# Literatura Citada', '# REFERÊNCIAS', '## Referencias bibliográficas', '## Obras citadas', '# Bibliografía consultada']) {
      const text = `# Paper\n\nBody (Smith, 2010).\n\n${heading}\n\nSmith, J. (2010). A title. Publisher.\n\n# Appendix\n\nJones, K. (2011). Not a reference. Pub.\n`;
      const list = findReferenceList(text, 'paper.md');
      assert.ok(list, heading);
      assert.deepStrictEqual(list.entries.map((entry) => entry.key), ['smith2010'], heading);
      assert.strictEqual(text.slice(list.start).startsWith(heading), true, heading);
      assert.strictEqual(text.slice(list.end).startsWith('# Appendix'), true, heading);
    }
    const setext = 'Body.\n\nReferences\n----------\n\nSmith, J. (2010). A title. Publisher.\n';
    const setextList = findReferenceList(setext, 'p.md')!;
    assert.deepStrictEqual(setextList.entries.map((entry) => entry.key), ['smith2010']);
    assert.strictEqual(setext.slice(setextList.start), setext.slice(setext.indexOf('References')));
  });

  it('returns nothing without a reference heading, and ignores one inside code', () => {
    assert.strictEqual(findReferenceList('# Intro\n\nSmith (2010).\n', 'p.md'), undefined);
    assert.strictEqual(findReferenceList('```\n## References\nSmith, J. (2010). T. P.\n```\n', 'p.md'), undefined);
  });

  it('splits items given as paragraphs, list items, or one per line, keeping hard-wrapped lines together', () => {
    const text = [
      '## References', '',
      '- Adams, A. (2001). First. Pub.',
      '- Brown, B. (2002). Second,',
      '  wrapped. Pub.',
      '',
      'Clark, C. (2003). Third. Pub.',
      'Davis, D. (2004). Fourth runs over',
      'two lines. Pub.',
      '',
      'Evans, E. (2005). Fifth. Pub.',
      '',
      'Fox, F., Gray, G., Hill, H., Ives, I., Jones, J., King, K., Lee, L., Moss, M.,',
      '2016. A long author list wraps; the year opens the next line. Pub.',
    ].join('\n');
    const entries = findReferenceList(text, 'draft.md')!.entries;
    assert.deepStrictEqual(entries.map((entry) => [entry.key, entry.startLine, entry.endLine]), [
      ['adams2001', 2, 2], ['brown2002', 3, 4], ['clark2003', 6, 6], ['davis2004', 7, 8], ['evans2005', 10, 10], ['fox2016', 12, 13],
    ]);
    for (const entry of entries) {
      assert.strictEqual(entry.source, 'draft.md');
      assert.strictEqual(entry.keyOffset, -1);
    }
  });

  it('parses APA 7 items: several authors, DOI, suffixed year, n.d. and in press', () => {
    const apa = parseReferenceItem(
      'Smith, J., Jones, K. L., & Lee, M. (2010a). Title of the article: A subtitle. *Journal of Peace Research*, 47(3), 1–10. https://doi.org/10.1177/0022343310362295',
    );
    assert.deepStrictEqual(apa.authors.map((person) => person.family), ['Smith', 'Jones', 'Lee']);
    assert.strictEqual(apa.year, '2010a');
    assert.strictEqual(apa.title, 'Title of the article: A subtitle');
    assert.strictEqual(apa.doi, '10.1177/0022343310362295');
    assert.strictEqual(parseReferenceItem("van der Berg, A., & O'Neil, C. (n.d.). Draft. Pub.").year, 'n.d.');
    assert.deepStrictEqual(parseReferenceItem("van der Berg, A., & O'Neil, C. (n.d.). Draft.").authors.map((p) => p.family), ['van der Berg', "O'Neil"]);
    assert.strictEqual(parseReferenceItem('Müller, K. (in press). Forthcoming work. *Journal*.').year, 'in press');
  });

  it('parses Harvard and Chicago items, editors, organisations and works without author', () => {
    const harvard = parseReferenceItem("Castles, S., de Haas, H. and Miller, M.J. (2014) *The age of migration*. 5th edn. Basingstoke: Palgrave.");
    assert.deepStrictEqual(harvard.authors.map((person) => person.family), ['Castles', 'de Haas', 'Miller']);
    assert.strictEqual(harvard.title, 'The age of migration');
    const quoted = parseReferenceItem("Vertovec, S. (2007) 'Super-diversity and its implications', *Ethnic and Racial Studies*, 30(6), pp. 1024–1054.");
    assert.strictEqual(quoted.title, 'Super-diversity and its implications');
    const elsevier = parseReferenceItem('Smith, J., 2010. Elsevier Harvard title. J. Stud. 3, 4–5.');
    assert.deepStrictEqual([elsevier.authors[0].family, elsevier.year, elsevier.title], ['Smith', '2010', 'Elsevier Harvard title']);
    const chicago = parseReferenceItem('Galtung, Johan, and Dietrich Fischer. 2013. Johan Galtung: Pioneer of Peace Research. Berlin: Springer.');
    assert.deepStrictEqual(chicago.authors, [{ family: 'Galtung', given: 'Johan' }, { family: 'Fischer', given: 'Dietrich' }]);
    const edited = parseReferenceItem('Ramsbotham, O. (Ed.). (2016). *Contemporary conflict resolution* (4th ed.). Polity.');
    assert.deepStrictEqual([edited.authors.length, edited.editors[0].family], [0, 'Ramsbotham']);
    assert.deepStrictEqual(parseReferenceItem('World Bank. (2006). *World development report*. OUP.').authors, [{ literal: 'World Bank' }]);
    assert.deepStrictEqual(parseReferenceItem('Department of Health and Social Care (2020) *Guidance*. London.').authors, [
      { literal: 'Department of Health and Social Care' },
    ]);
    const anonymous = parseReferenceItem('Short title of the report. (2017). *The Guardian*.');
    assert.deepStrictEqual([anonymous.authors.length, anonymous.title, anonymous.year], [0, 'Short title of the report', '2017']);
    assert.strictEqual(parseReferenceItem('Massey, D.S. et al. (1993) Theories. Pop.').authorText, 'Massey, D.S. et al');
    // Chicago's editors after the names, in lower case (`eds` was read as a third author); a given name `Ed` is none
    const chicagoEdited = parseReferenceItem('Lamont, Michèle, and Marcel Fournier, eds. 1992. Cultivating Differences: Symbolic Boundaries and the Making of Inequality. Chicago: University of Chicago Press.');
    assert.deepStrictEqual([chicagoEdited.authors, chicagoEdited.editors], [[], [{ family: 'Lamont', given: 'Michèle' }, { family: 'Fournier', given: 'Marcel' }]]);
    assert.deepStrictEqual(parseReferenceItem('Moore, Barrington, ed. 1966. A Book. Boston: Beacon.').editors, [{ family: 'Moore', given: 'Barrington' }]);
    assert.deepStrictEqual(parseReferenceItem('Smith, Ed. 1992. A Book. Boston: Beacon.').authors, [{ family: 'Smith', given: 'Ed' }]);
    assert.deepStrictEqual(parseReferenceItem('Smith, J. (ED.). (1992). A book. Press.').editors, [{ family: 'Smith', given: 'J' }]);
  });

  it('finds German list headings, one with a note on it, and reads pandoc\'s escaped dashes as the author before', () => {
    const item = 'Floridi, Luciano. 2005. Is Information Meaningful Data? *Philosophy* 70: 351--370.';
    for (const heading of ['# Literaturangaben', '## Literatur[^9]', '# Verwendete Literatur', '# Quellen- und Literaturverzeichnis', '# Bibliografie']) {
      assert.strictEqual(findReferenceList(`Text.\n\n${heading}\n\n${item}\n`, 'p.md')?.entries.length, 1, heading);
    }
    // (voss-daten, test/fixtures/author-date-new12: pandoc's Markdown writes the style's `---.` as `\-\--.`)
    for (const dashes of ['\\-\\--.', '—.', '———.']) {
      const list = findReferenceList(`# Literatur\n\n${item}\n\n${dashes} 2009. Philosophical Conceptions of Information. In *Formal Theories*, 13--53.\n`, 'p.md')!;
      assert.deepStrictEqual(list.entries.map((entry) => `${entry.authors[0]?.family} ${entry.year}`), ['Floridi 2005', 'Floridi 2009'], dashes);
    }
    // a work over years, a year not sure; a range of pages before the year is none (Copernicus, copernicus-asr)
    assert.strictEqual(parseReferenceItem('Josephson, Aksel. 1912-1913. „Bibliographies of Bibliographies“. *Papers* 7 (3/4): 115--23.').year, '1912');
    assert.strictEqual(parseReferenceItem('Gorraiz, Juan. 2007? „Bibliographien der Bibliographien“. In *Bibliographie*.').year, '2007');
    assert.strictEqual(parseReferenceItem('Gandin, L. S.: Complex quality control of meteorological observations, Mon. Weather Rev., 116, 1137–1150, 1988.').year, '1988');
    // German `o. J.` (no date)
    assert.strictEqual(parseReferenceItem('Dumont, S., Haaf, S., & Seifert, S. (Hrsg.). (o. J.). *Encoding Correspondence*. Berlin: BBAW.').year, 'n.d.');
  });

  it('reads Chicago\'s undated items, CSE\'s editors and a group of contributors (test/fixtures/author-date-new13)', () => {
    const undated = parseReferenceItem('Voß, Jakob, Mathias Schindler, and Christian Thiele. n.d. “Link Server Aggregation with BEACON.” Pp. 519–21 in *Proceedings*.');
    assert.deepStrictEqual([undated.authors.map((person) => person.family), undated.year], [['Voß', 'Schindler', 'Thiele'], 'n.d.']);
    // (the date of access after an undated page was read as its year, and its day as a co-author)
    const accessed = parseReferenceItem('Smith, John. n.d.-a. “A Web Page.” Accessed May 1, 2020. https://example.org.');
    assert.deepStrictEqual([accessed.authors, accessed.year], [[{ family: 'Smith', given: 'John' }], 'n.d.a']);
    assert.deepStrictEqual(parseReferenceItem('Hoskins J ed. 2014. AngularJS Modules. Available from: http://ngmodules.org/').editors, [{ family: 'Hoskins', given: 'J' }]);
    assert.deepStrictEqual(parseReferenceItem('Hoskins J, editor. 2014. AngularJS Modules.').editors, [{ family: 'Hoskins', given: 'J' }]);
    assert.deepStrictEqual(parseReferenceItem('ILS Discovery Interface Task Force ed. 2008. Technical recommendation. Digital Library Federation.').editors, [{ literal: 'ILS Discovery Interface Task Force' }]);
    assert.deepStrictEqual(parseReferenceItem('OpenStreetMap contributors (2017) “Planet dump”.').authors, [{ literal: 'OpenStreetMap contributors' }]);
  });

  it('reads Cambridge\'s two names joined by "and" and Vancouver\'s organisation before the title (test/fixtures/author-date-new14)', () => {
    const cambridge = parseReferenceItem('Albers JR and Newman M (2019) A priori identification of skillful extratropical subseasonal forecasts. Geophysical Research Letters 46(21), 12527–12536.');
    assert.deepStrictEqual(cambridge.authors, [{ family: 'Albers', given: 'JR' }, { family: 'Newman', given: 'M' }]);
    const who = parseReferenceItem('World Health Organization. Ottawa Charter for Health Promotion. Geneva: WHO, 1986.');
    assert.deepStrictEqual([who.authors, who.year, who.title], [[{ literal: 'World Health Organization' }], '1986', 'Ottawa Charter for Health Promotion']);
    const government = parseReferenceItem('Government Of South Australia. Algal Bloom Updates. [Online] Adelaide, South Australia: Government Of South Australia, 2025a. Available: https://www.algalbloom.sa.gov.au/.');
    assert.deepStrictEqual([government.authors, government.year], [[{ literal: 'Government Of South Australia' }], '2025a']);
    // (APA's organisation with the year after it, as before)
    const apa = parseReferenceItem('World Bank. (2006). *World development report*. Oxford University Press.');
    assert.deepStrictEqual([apa.authors, apa.title], [[{ literal: 'World Bank' }], 'World development report']);
  });

  it('reads a given name after an initial (`Udry, J. Richard`), not as MDPI\'s names then a title (test/fixtures/author-date-new15)', () => {
    const udry = parseReferenceItem('Udry, J. Richard, Rose Maria Li, and Janet Hendrickson-Smith. 2003. "Health and Behavior Risks." *American Journal of Public Health* 93(11):1865--70.');
    assert.deepStrictEqual(udry.authors.map((person) => person.family), ['Udry', 'Li', 'Hendrickson-Smith']);
    assert.deepStrictEqual(parseReferenceItem('Hahn, P. Richard, Jared S. Murray, and Carlos M. Carvalho. 2020. "Bayesian Regression Tree Models." *Bayesian Analysis* 15(3).').authors.map((person) => person.family), ['Hahn', 'Murray', 'Carvalho']);
    assert.deepStrictEqual(parseReferenceItem('Snipp, C. Matthew. 1989. *American Indians*. New York: Russell Sage.').authors, [{ family: 'Snipp', given: 'C. Matthew' }]);
    // (MDPI's books, a title then the year, as before)
    assert.strictEqual(parseReferenceItem('26. Gibson, R. Principles of Nutritional Assessment. **2005**.').title, 'Principles of Nutritional Assessment');
  });

  it('reads French lists: "et" between names, and the Muséum\'s small capitals with `&` and a dash before the title (test/fixtures/author-date-new16)', () => {
    assert.deepStrictEqual(parseReferenceItem('Marcon, E. et Hérault, B. (2015a). Decomposing phylodiversity. *Methods in Ecology and Evolution*, 6(3), 333–339.').authors.map((person) => person.family), ['Marcon', 'Hérault']);
    assert.deepStrictEqual(parseReferenceItem('COLWELL, Robert K. et FUTUYMA, Douglas J., 1971. On the measurement of niche breadth. *Ecology*. 52(4), 567‑576.').authors.map((person) => person.family), ['COLWELL', 'FUTUYMA']);
    const museum = parseReferenceItem('[Alonso D.]{.smallcaps} & [McKane A.J.]{.smallcaps} 2004. --- Sampling Hubbell\'s Neutral Theory of Biodiversity. *Ecology Letters* 7 (10): 901‑910.');
    assert.deepStrictEqual([museum.authors.map((person) => person.family), museum.year, museum.title], [['Alonso', 'McKane'], '2004', "Sampling Hubbell's Neutral Theory of Biodiversity"]);
  });

  it('reads an acronym and its expansion first, and a one-name co-author in a Springer list (test/fixtures/author-date-new17)', () => {
    const un = parseReferenceItem('UN (United Nations). The global threat of drying lands: regional and global aridity trends and future projections. 2024. (Accessed 12 January 2026). http://www.unccd.int/.');
    assert.deepStrictEqual([un.authors, un.year], [[{ literal: 'United Nations' }], '2024']);
    const gorai = parseReferenceItem('Gorai AK, Kanchan, Upadhyay A, Tuluri F, Goyal P, Tchounwou PB (2015) An innovative approach for determination of air quality health index. Sci Total Environ 533:495–505');
    assert.deepStrictEqual(gorai.authors.map((person) => person.family), ['Gorai', 'Kanchan', 'Upadhyay', 'Tuluri', 'Goyal', 'Tchounwou']);
  });

  it('reads Elsevier Harvard\'s undated items, and no mid-text section of prose about references as a list (new19, new18)', () => {
    const undated = parseReferenceItem('Hornung, R., Kammer, M., Le, L., n.d. Biometrical Journal - Checklist for Code and Data Supplements. Biometrical Journal.');
    assert.deepStrictEqual([undated.authors.map((person) => person.family), undated.year], [['Hornung', 'Kammer', 'Le'], 'n.d.']);
    // (casal-extensiones: a chapter on writing references, its section `## Referencias bibliográficas` in the middle)
    const chapter = '# Componentes\n\nTexto.\n\n## Referencias bibliográficas\n\nRMarkdown admite bibliografía en distintos formatos.\n\nEl estilo se fija con un fichero CSL.\n\n' +
      'Si se añade al fichero *book.bib* podemos referenciarla, resultando Xie (2016) o (Xie, 2016).\n\n## Entornos\n\nMás texto.\n';
    assert.strictEqual(findReferenceList(chapter, 'c.md'), undefined);
    // (the same section at the end, items with years: a list)
    assert.strictEqual(findReferenceList('Text.\n\n## Referencias\n\nXie, Y. (2016). *Bookdown*. CRC.\n\n## Apéndice\n\nMás.\n', 'c.md')?.entries.length, 1);
  });

  it('reads a name in bold as the author, an italic one before the year as the title of a work without author (new20)', () => {
    // (BJPolS sets every author in bold: chaudhry-donors)
    const organisation = parseReferenceItem('**Press Trust of India** (2019) [14,500 NGOs Banned by Government](https://example.org/a). *The Times of India*, December 4.');
    assert.deepStrictEqual([organisation.authors, organisation.year, organisation.title], [[{ literal: 'Press Trust of India' }], '2019', '14,500 NGOs Banned by Government']);
    assert.deepStrictEqual(parseReferenceItem('**CIVICUS** (2023) CIVICUS Monitor.').authors, [{ literal: 'CIVICUS' }]);
    // (a firm's team, as R's `citation("rstudio")` names it: tilley-airquality, new21)
    assert.deepStrictEqual(parseReferenceItem('Posit team, 2023. RStudio: Integrated Development Environment for R. Posit Software, PBC.').authors, [{ literal: 'Posit team' }]);
    const untitled = parseReferenceItem('*ManyLanguages*. (n.d.). Retrieved from https://example.org');
    assert.deepStrictEqual([untitled.authors, untitled.year, untitled.title], [[], 'n.d.', 'ManyLanguages']);
  });

  it('takes no access date for the year of a work: an undated web page is kept, without a year (Springer, new21 and new17)', () => {
    const text = '## References\n\nFahrig L, Rytwinski T (2009) Effects of roads. Ecology and Society 14\n\n' +
      'Remsoft Remsoft road optimizer. <https://remsoft.com/>. Accessed 12 Apr 2023\n\n' +
      'FAIB (2025) Castor - forest and land use simulator. <https://github.com/bcgov/castor>. Accessed 4 Apr 2024\n\n' +
      'Smith J. Retrieved March 3, 2020, from https://example.org\n';
    const list = findReferenceList(text, 'p.md')!;
    assert.deepStrictEqual(list.entries.map((entry) => [entry.startLine, entry.year]), [[2, '2009'], [4, undefined], [6, '2025'], [8, undefined]]);
  });

  it('keeps an item without a year instead of dropping it', () => {
    const list = findReferenceList('## References\n\nSmith, J. A book with no date. Publisher.\n', 'p.md')!;
    assert.strictEqual(list.entries.length, 1);
    assert.strictEqual(list.entries[0].year, undefined);
    assert.strictEqual(list.entries[0].key, 'smithnd');
  });

  it('reads every item of the corpus reference lists with a unique key, an author or title, and a year', () => {
    for (const name of ['apa-peace.md', 'harvard-migration.md', 'harvard-security.md']) {
      const text = fs.readFileSync(path.join(fixtures, name), 'utf8');
      const list = findReferenceList(text, name)!;
      const items = text.slice(list.start, list.end).split(/\n\s*\n/).slice(1).filter((block) => block.trim());
      assert.strictEqual(list.entries.length, items.length, name);
      assert.strictEqual(new Set(list.entries.map((entry) => entry.key)).size, list.entries.length, name);
      for (const entry of list.entries) {
        assert.ok(entry.authors.length + entry.editors.length > 0 || entry.title, `${name}: ${entry.key}`);
        assert.match(entry.year ?? '', /^\d{4}[a-z]?$|^n\.d\.$|^in press$/, `${name}: ${entry.key}`);
      }
    }
    const peace = findReferenceList(fs.readFileSync(path.join(fixtures, 'apa-peace.md'), 'utf8'), 'apa-peace.md')!;
    assert.deepStrictEqual(
      peace.entries.filter((entry) => entry.key.startsWith('richmond') || entry.key.startsWith('walter')).map((entry) => entry.key),
      ['richmond2011', 'richmond2011-2', 'walter2004a', 'walter2004b'],
    );
  });
});

// Real lists of test/fixtures/author-date-publishers, each failing before its fix.
describe('reference lists as publishers write them', () => {
  it('keeps Copernicus items, whose year comes last after volume and pages', () => {
    const text = [
      'Body (Best et al., 2005).', '', 'References', '----------', '',
      'Best, M. J., Cox, P. M., and Warrilow, D.: determining the optimal soil temperature scheme for atmospheric modeling applications, Bound.-Lay. Meteorol., 114, 111–142, 2005.',
      '', 'Gandin, L. S.: Complex quality control of meteorological observations, Mon. Weather Rev., 116, 1137–1156, 1988.', '',
    ].join('\n');
    const entries = findReferenceList(text, 'asr.md')!.entries;
    assert.deepStrictEqual(entries.map((entry) => [entry.authors[0]?.family, entry.year]), [['Best', '2005'], ['Gandin', '1988']]);
  });

  it('reads an organisation written with initials (CCR, APA) as one name', () => {
    assert.deepStrictEqual(parseReferenceItem('U.S. Census Bureau. (2020). American community survey 5-year data (2009-2019).').authors, [{ literal: 'U.S. Census Bureau' }]);
  });

  it('reads an organisation whose name ends in an acronym (APA, Harvard) as one name, not as a family name and initials (test/fixtures/author-date-new)', () => {
    const organisation = [{ literal: 'Giving USA' }];
    assert.deepStrictEqual(parseReferenceItem('Giving USA. (2019). *Giving USA 2019: Americans gave \\$427.71 billion*. Retrieved from <https://givingusa.org/>').authors, organisation);
    assert.deepStrictEqual(parseReferenceItem("Giving USA (2019) 'Giving USA 2019: Americans gave \\$427.71 billion', \\[Online\\]. Available at <https://givingusa.org/>.").authors, organisation);
    // names first, as Pensoft, Springer and PeerJ write them: still a person with initials
    assert.deepStrictEqual(parseReferenceItem('Alfred JRB (1991) Title of the work. Records of the Zoological Survey of India 87: 109–119.').authors, [{ family: 'Alfred', given: 'JRB' }]);
    assert.deepStrictEqual(parseReferenceItem('Au KF. 2012. Title. *PLoS ONE* 7:e46679.').authors, [{ family: 'Au', given: 'KF' }]);
  });

  it('reads "e" and "y" before the last author as "and" (Portuguese, Spanish: test/fixtures/author-date-new2)', () => {
    assert.deepStrictEqual(parseReferenceItem('Savage, M., e Warde, A. (1993). *Urban sociology*. Macmillan.').authors.map((person) => person.family), ['Savage', 'Warde']);
    assert.deepStrictEqual(parseReferenceItem('García, J. y López, M. (2010). Título. Editorial.').authors.map((person) => person.family), ['García', 'López']);
  });

  it('reads ABNT names, family names in capitals first and parted by semicolons, the year last (test/fixtures/author-date-new2)', () => {
    const read = (item: string) => {
      const parsed = parseReferenceItem(item);
      return [parsed.authors.map((person) => person.family), parsed.year, parsed.title];
    };
    assert.deepStrictEqual(read('ACOSTA PEREIRA, R.; RODRIGUES, R. H. O conceito de valoração nos estudos. Linguagem, v. 14, n. 1, p.177-194, jan./abr. 2014.'),
      [['ACOSTA PEREIRA', 'RODRIGUES'], '2014', 'O conceito de valoração nos estudos']);
    assert.deepStrictEqual(read('VAN DIJK, T. A. Discurso e poder. São Paulo: Contexto, 2008.'), [['VAN DIJK'], '2008', 'Discurso e poder']);
    // two years, in either order: the later, as a citation reads them
    assert.deepStrictEqual(read('BAKHTIN, M. M. Estética da criação verbal. 4. ed. São Paulo: Martins Fontes, 2011/1979.')[1], '2011');
    assert.deepStrictEqual(parseReferenceItem('George, C., N. Kaplan, and M. Main. 1985/1996. Adult Attachment Interview. University of California.').year, '1996');
    // a year inside the title is not the work's
    assert.deepStrictEqual(read('Castro, I. R.; Oliveira, M. Análise no período de 2012 a 2015. Biblionline, v. 12, n. 3, p. 48-60, 2016. Acesso em: 11 ago. 2020.'),
      [['Castro', 'Oliveira'], '2016', 'Análise no período de 2012 a 2015']);
  });

  it('reads Springer\'s "Foster AL et al (2008)" (no comma before et al) as names first (test/fixtures/author-date-new3/biotech-uranium)', () => {
    const parsed = parseReferenceItem('Foster AL et al (2008) Relationships between microbial communities. Appl Geochem 23:279–307');
    assert.deepStrictEqual([parsed.authors, parsed.authorText, parsed.year], [[{ family: 'Foster', given: 'AL' }], 'Foster AL et al', '2008']);
  });

  it('reads organisations: several in a row, and names with articles or particles (test/fixtures/author-date-new3)', () => {
    assert.deepStrictEqual(parseReferenceItem('WHO, UNICEF, World Bank. 2018. Nurturing Care for Early Childhood Development. Geneva: WHO.').authors.slice(0, 2),
      [{ family: 'WHO' }, { literal: 'UNICEF' }]);
    assert.deepStrictEqual(parseReferenceItem('Deutsche Hochschule der Polizei. (2024). MEGAVO study. Münster.').authors, [{ literal: 'Deutsche Hochschule der Polizei' }]);
  });

  it('reads Chicago\'s "in press." without parentheses, and APA\'s italic title in the author\'s place (test/fixtures/author-date-new6)', () => {
    const inPress = parseReferenceItem('Brandmaier, A. M., and R. C. Jacobucci. in press. "Machine-Learning Approaches." In *Handbook*.');
    assert.deepStrictEqual([inPress.authors.map((person) => person.family), inPress.year], [['Brandmaier', 'Jacobucci'], 'in press']);
    const untitled = parseReferenceItem('*ManyLanguages*. (n.d.). <https://many-languages.com/>');
    assert.deepStrictEqual([untitled.authors, untitled.year, untitled.title], [[], 'n.d.', 'ManyLanguages']);
  });

  it('finds the list under MDPI\'s "References and Notes"', () => {
    const text = 'Body [2].\n\n# References and Notes\n\n2. McCollum, E.; Davis, M. The necessity of certain lipids during growth. *J. Biol. Chem* **1913**, *15*, 167–175.\n';
    const entries = findReferenceList(text, 'nu.md')!.entries;
    assert.deepStrictEqual(entries.map((entry) => [entry.authors.map((person) => person.family), entry.year]), [[['McCollum', 'Davis'], '1913']]);
  });
});

describe('numbered reference lists (Vancouver, MDPI)', () => {
  it('reads the names before the title and the year after the journal', () => {
    const plos = parseReferenceItem('2. Feely RA, Sabine CL, Lee K, Berelson W, Kleypas J, Fabry VJ, et al. Impact of anthropogenic CO2 on the CaCO3 system in the oceans. Science. 2004;305(5682):362–6. doi: 10.1126/science.1097329 15256664');
    assert.deepStrictEqual([plos.authors.slice(0, 2), plos.year, plos.title, plos.authorText], [
      [{ family: 'Feely', given: 'RA' }, { family: 'Sabine', given: 'CL' }], '2004', 'Impact of anthropogenic CO2 on the CaCO3 system in the oceans', 'Feely RA, Sabine CL, Lee K, Berelson W, Kleypas J, Fabry VJ et al',
    ]);
    assert.deepStrictEqual(parseReferenceItem('1. Iglesias‐Rodriguez MD, Armstrong R. Progress made. Eos. 2002;83(34):365–75.').authors[0], { family: 'Iglesias‐Rodriguez', given: 'MD' });
    // Hindawi (doi:10.1155/2017/8147421) in Vancouver: hyphenated initials.
    assert.deepStrictEqual(parseReferenceItem('4. Ellenbroek BA, Liégeois J-F. JL 13, an atypical antipsychotic: A preclinical review. CNS Drug Reviews. 2003;9:41–5').authors, [
      { family: 'Ellenbroek', given: 'BA' }, { family: 'Liégeois', given: 'J-F' },
    ]);
    // PLOS ONE (doi:10.1371/journal.pone.0202746): a suffix after the initials, the pages right after the year.
    const suffixed = parseReferenceItem('52. Loeblich AR Jr, Tappan H. Suprageneric classification of the Foraminiferida (Protozoa). Micropaleontology. 1984:1–70.');
    assert.deepStrictEqual([suffixed.authors.map((person) => person.family), suffixed.year], [['Loeblich', 'Tappan'], '1984']);
    const mdpi = parseReferenceItem('3. Goodman, D.; Blaner, W. Biosynthesis, absorption, and hepatic metabolism of retinol. *The Retinoids* **1984**, *2*, 1–39.');
    assert.deepStrictEqual([mdpi.authors, mdpi.year, mdpi.title], [[{ family: 'Goodman', given: 'D.' }, { family: 'Blaner', given: 'W.' }], '1984', 'Biosynthesis, absorption, and hepatic metabolism of retinol']);
  });
});

describe('names-first lists with the year after the names (PeerJ, test/fixtures/author-date-publishers/peerj-schloss)', () => {
  it('reads the names with or without a period after the initials, then the year and the title', () => {
    const peerj = parseReferenceItem('Au KF., Underwood JG., Lee L., Wong WH. 2012. Improving PacBio long read accuracy by short read alignment. *PLoS ONE* 7:e46679. DOI: [10.1371/journal.pone.0046679](https://doi.org/10.1371/journal.pone.0046679).');
    assert.deepStrictEqual([peerj.authors.map((person) => person.family), peerj.year, peerj.title], [['Au', 'Underwood', 'Lee', 'Wong'], '2012', 'Improving PacBio long read accuracy by short read alignment']);
    // a name whose initials the .bib lost, and a span pandoc wrote for a protected word
    const lost = parseReferenceItem('Mccaig AE., Glover LA., James., Prosser I. 1999. Molecular analysis of bacterial community structure. *Appl Environ Microbiol* 65:1721--1730.');
    assert.deepStrictEqual(lost.authors.map((person) => person.family), ['Mccaig', 'Glover', 'James', 'Prosser']);
    assert.strictEqual(parseReferenceItem('Burke C., Darling AE. 2014. Resolving microbial microdiversity with high accuracy full length 16S [rRNA]{.nocase} illumina sequencing.').title,
      'Resolving microbial microdiversity with high accuracy full length 16S rRNA illumina sequencing');
    // Pensoft (test/fixtures/author-date-publishers/zookeys-477-8775): the year in parentheses right after the names
    const pensoft = parseReferenceItem('Alfred JRB, Agarwal J (1991) Aphid (Micromyzus kalimponginsis) - ant (Pheidole smythiesii) interrelationship - A preliminary study. Records of the Zoological Survey of India 87: 109–119.');
    assert.deepStrictEqual([pensoft.authors, pensoft.year], [[{ family: 'Alfred', given: 'JRB' }, { family: 'Agarwal', given: 'J' }], '1991']);
    // Systematic Biology (LunaSare/datelifeMS1): initials with points, `others` for the rest
    const sysbio = parseReferenceItem('Vos R.A., Balhoff J.P., Caravas J.A., Holder M.T., Lapp H., Maddison W.P., Midford P.E., Priyam A., Sukumaran J., Xia X., others. 2012. NeXML: Rich, extensible, and verifiable representation of comparative data and metadata. Systematic Biology. 61:675--689.');
    assert.deepStrictEqual([sysbio.authors.slice(0, 2), sysbio.authors.length, sysbio.year, sysbio.title], [
      [{ family: 'Vos', given: 'R.A.' }, { family: 'Balhoff', given: 'J.P.' }], 10, '2012', 'NeXML: Rich, extensible, and verifiable representation of comparative data and metadata',
    ]);
    // Springer author-date (everhartlab/sclerotinia-review-2017, joelnitta/moorea_filmies): particles after the initials, `Jr.` after the family name, `(In press)`
    const springer = parseReferenceItem('Derbyshire M, Denton-Giles M, Hegedus D, Seifbarghy S, Rollins J, Kan J van, Seidl MF (2017) The complete genome sequence of the phytopathogenic fungus. Genome Biology and Evolution 9:593--618.');
    assert.deepStrictEqual(springer.authors.slice(4, 7), [{ family: 'Rollins', given: 'J' }, { family: 'van Kan', given: 'J' }, { family: 'Seidl', given: 'MF' }]);
    assert.deepStrictEqual(parseReferenceItem('Blomberg SP, Garland Jr. T, Ives AR (2003) Testing for phylogenetic signal in comparative data. Evolution 57:717--745.').authors.map((person) => person.family), ['Blomberg', 'Garland', 'Ives']);
    const florence = parseReferenceItem('Florence J (In press) Flore de la Polynésie française. Volume 3. Editions de l\'IRD, Paris');
    assert.deepStrictEqual([florence.authors, florence.year], [[{ family: 'Florence', given: 'J' }], 'in press']);
    // a slip in one name (peerj-schloss, springer-kamvar): the names before and after it are read all the same
    assert.deepStrictEqual(parseReferenceItem('Schloss PD., Westcott SL., Jenior ML., Highlander; SK. 2015. Sequencing 16S rRNA gene fragments using the PacBio SMRT DNA sequencing system.').authors.slice(0, 4).map((person) => person.family),
      ['Schloss', 'Westcott', 'Jenior', 'Highlander']);
    assert.deepStrictEqual(parseReferenceItem('Liu Y-C, Cortesi P, Double ML, MacDonald WL, Milgroom, Michael G (1996) Diversity and multilocus genetic structure. Phytopathology 86:1344--1351.').authors.slice(0, 2),
      [{ family: 'Liu', given: 'Y-C' }, { family: 'Cortesi', given: 'P' }]);
    // the same shape without periods after the initials
    const plain = parseReferenceItem('Abbott LF, Regehr WG. 2004. Synaptic computation. Nature 431:796–803.');
    assert.deepStrictEqual([plain.authors.map((person) => person.family), plain.year, plain.title], [['Abbott', 'Regehr'], '2004', 'Synaptic computation']);
  });
});

describe('single-name authors', () => {
  it('reads a one-name author before "&" as a person of its own, not as the family name of the next', () => {
    assert.deepStrictEqual(parseReferenceItem('Sukarno, & Hatta, M. (1945). Proclamation. Jakarta.').authors.map((person) => person.family), ['Sukarno', 'Hatta']);
    assert.deepStrictEqual(parseReferenceItem('Smith, J., Madonna, & Lee, K. (2010). Title. Pub.').authors.map((person) => person.family), ['Smith', 'Madonna', 'Lee']);
    // Chicago writes given names after the first family name, and "and" before the last person.
    assert.deepStrictEqual(parseReferenceItem('Galtung, Johan, and Dietrich Fischer. 2013. Johan Galtung. Berlin: Springer.').authors[0], { family: 'Galtung', given: 'Johan' });
  });
});

describe('Chicago author-date lists (citeproc, test/fixtures/author-date-publishers/joss-*)', () => {
  it('gives an item that starts with dashes the authors of the item before', () => {
    const text = [
      'Outliers (Wilcox 1998, 2013).', '', '# References', '',
      'Wilcox, Rand R. 1998. "How Many Discoveries Have Been Lost by Ignoring Modern Statistical Methods?" *American Psychologist* 53 (3): 300. <https://doi.org/10.1037/0003-066X.53.3.300>.', '',
      '---------. 2013. *Introduction to Robust Estimation and Hypothesis Testing*. Academic press. <https://doi.org/10.1016/c2010-0-67044-1>.', '',
      '———. 2017. *Modern Statistics for the Social and Behavioral Sciences*. CRC Press.', '',
    ].join('\n');
    const entries = findReferenceList(text, 'p.md')!.entries;
    assert.deepStrictEqual(entries.map((entry) => [entry.key, entry.authors[0]?.family]), [['wilcox1998', 'Wilcox'], ['wilcox2013', 'Wilcox'], ['wilcox2017', 'Wilcox']]);
  });

  it('keeps a particle citeproc puts after the given name with the family name', () => {
    const item = 'Campo, Javier del, Michael E Sieracki, Robert Molestina, Patrick Keeling, Ramon Massana, and Inaki Ruiz-Trillo. 2014. "The Others: Our Biased Perspective of Eukaryotic Genomes." *Trends in Ecology & Evolution* 29 (5): 252--59.';
    assert.deepStrictEqual(parseReferenceItem(item).authors.slice(0, 2), [{ family: 'del Campo', given: 'Javier' }, { family: 'Sieracki', given: 'Michael E' }]);
    // several particles, and `zu`, the one the particle lists did not share
    const particles = parseReferenceItem('Aalst, W. M. P. van der, & Guttenberg, K.-T. zu. (2011). Title. *Journal*, 3, 1–2.').authors;
    assert.deepStrictEqual(particles, [{ family: 'van der Aalst', given: 'W. M. P.' }, { family: 'zu Guttenberg', given: 'K.-T.' }]);
  });
});

describe('names with particles and Dutch organisations (test/fixtures/author-date-new23)', () => {
  it('reads a later name with a particle as a person, and an organisation with Dutch function words as one author', () => {
    const chicago = parseReferenceItem('van der Loo, Mark, and Edwin de Jonge. 2018. *Statistical Data Cleaning with Applications in r*.');
    assert.deepStrictEqual(chicago.authors.map((person) => [person.family, person.given]), [['van der Loo', 'Mark'], ['de Jonge', 'Edwin']]);
    const inbo = parseReferenceItem("Agentschap voor Natuur en Bos (2020). SoortenBeschermingsProgramma's. <https://www.vlaanderen.be/>.");
    assert.deepStrictEqual([inbo.authors.map((person) => person.literal), inbo.year], [['Agentschap voor Natuur en Bos'], '2020']);
    // names first: one name with a slip (a given name for initials) leaves the others read, when most have the form
    const slip = parseReferenceItem('Langeraert W., Van Calster Hans, Van Overmeeren N. & Johannes J. (2025c). Meetnet Agrarische Soorten. Rapporten 30.');
    assert.deepStrictEqual([slip.authors.map((person) => person.family), slip.year], [['Langeraert', 'Van Calster Hans', 'Van Overmeeren', 'Johannes'], '2025c']);
    const bureau = parseReferenceItem('The U.S. Bureau of Labor Statistics. n.d. "National Longitudinal Survey of Youth 1979." Available online.');
    assert.deepStrictEqual([bureau.authors.map((person) => person.literal ?? person.family), bureau.year], [['The U.S. Bureau of Labor Statistics'], 'n.d.']);
    // an organisation after a person keeps its function words
    assert.deepStrictEqual(parseReferenceItem('Smith, John, and Institute of Peace. 2019. *Report*.').authors.map((person) => person.literal ?? person.family), ['Smith', 'Institute of Peace']);
  });
});

describe('generations and later names written family first (test/fixtures/author-date-new24)', () => {
  it('skips a generation written as an ordinal, and reads "Lund U." after an APA name as family name and initial', () => {
    const pubmed = parseReferenceItem('Xiao, Y., Blumenthal, K., Jackson, J. O., 2nd, Liang, S., & Cummins, T. R. (2010). The tarantula toxins. *Molecular Pharmacology*, 78(6), 1124–1134.');
    assert.deepStrictEqual(pubmed.authors.map((person) => person.family), ['Xiao', 'Blumenthal', 'Jackson', 'Liang', 'Cummins']);
    const harvard = parseReferenceItem('Agostinelli, C., Lund U. 2022. R package “circular”: Circular Statistics (version 0.4-94).');
    assert.deepStrictEqual(harvard.authors.map((person) => [person.family, person.given]), [['Agostinelli', 'C.'], ['Lund', 'U']]);
    // (after a given name written out, a family name in capitals is the last word: test/fixtures/author-date-new7/belmin-energy)
    assert.deepStrictEqual(parseReferenceItem('Marois, Guillaume, and Samir KC. 2021. Title. *Journal*.').authors.map((person) => person.family), ['Marois', 'KC']);
  });
});
