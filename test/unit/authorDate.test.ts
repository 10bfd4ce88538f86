import * as assert from 'assert';
import { findAbbreviations, findAuthorDateCitations, parseNames } from '../../src/core/citations/authorDate';

/** Each recognised item as `names|year+suffix`, with `+etal` and `~variant` marks. */
function items(text: string): string[] {
  return findAuthorDateCitations(text).flatMap((citation) =>
    citation.items.map((item) => {
      const who = item.title !== undefined ? `"${item.title}"` : item.names.join('+');
      return `${who}${item.etAl ? '+etal' : ''}${item.etAlVariant ? `~${item.etAlVariant}` : ''}|${item.year}${item.suffix}`;
    }),
  );
}

describe('author-date recognition', () => {
  it('reads APA and Harvard parenthetical forms', () => {
    assert.deepStrictEqual(items('a (Smith, 2010) b'), ['Smith|2010']);
    assert.deepStrictEqual(items('(Smith 2010)'), ['Smith|2010']);
    assert.deepStrictEqual(items('(Smith & Jones, 2010)'), ['Smith+Jones|2010']);
    assert.deepStrictEqual(items('(Smith and Jones 2010)'), ['Smith+Jones|2010']);
    assert.deepStrictEqual(items('(Smith, Jones and Lee 2010)'), ['Smith+Jones+Lee|2010']);
    assert.deepStrictEqual(items('(Müller und Schmidt 2015) Müller und Schmidt (2015)'), ['Müller+Schmidt|2015', 'Müller+Schmidt|2015']);
    assert.deepStrictEqual(items('(Li, Zhang, et al., 2020) (Vygotsky, 1934/1978)'), ['Li+Zhang+etal|2020', 'Vygotsky|1978']);
    assert.deepStrictEqual(items('(Smith et al., 2010, p. 4)'), ['Smith+etal|2010']);
    assert.deepStrictEqual(items('(Smith, 2010: 84)'), ['Smith|2010']);
    assert.deepStrictEqual(items('(Smith, 2010; Jones, 2012)'), ['Smith|2010', 'Jones|2012']);
    assert.deepStrictEqual(items('(Smith, 2010, 2012)'), ['Smith|2010', 'Smith|2012']);
    assert.deepStrictEqual(items('(Smith, 2010a) (Smith, 2010-b)'), ['Smith|2010a', 'Smith|2010b']);
    assert.deepStrictEqual(items('(Smith, n.d.) (Smith, in press) (Smith, forthcoming)'), ['Smith|n.d.', 'Smith|in press', 'Smith|in press']);
    assert.deepStrictEqual(items('(see Smith, 2010) (e.g., Jones, 2011) (for a review, see Lee, 2012) (cf. Kim 2013)'), [
      'Smith|2010', 'Jones|2011', 'Lee|2012', 'Kim|2013',
    ]);
  });

  it('reads narrative forms, possessives, first names and et al. misspellings', () => {
    assert.deepStrictEqual(items('Smith (2010) argues'), ['Smith|2010']);
    assert.deepStrictEqual(items('Smith and Jones (2010)'), ['Smith+Jones|2010']);
    assert.deepStrictEqual(items('Smith & Jones (2010)'), ['Smith+Jones|2010']);
    assert.deepStrictEqual(items('Smith et al. (2010)'), ['Smith+etal|2010']);
    assert.deepStrictEqual(items("Smith's (2010) model"), ['Smith|2010']);
    assert.deepStrictEqual(items("Wood et al.'s (2019) study"), ['Wood+etal|2019']);
    assert.deepStrictEqual(items('Recently, John Smith (2010) argued'), ['John Smith|2010']);
    assert.deepStrictEqual(items('As Galtung notes (1969), peace'), ['Galtung|1969']);
    assert.deepStrictEqual(items('Smith et.al (2010)'), ['Smith+etal~et.al|2010']);
    assert.deepStrictEqual(items('Smith et. al (2010)'), ['Smith+etal~et. al|2010']);
    assert.deepStrictEqual(items('(Smith et al, 2010)'), ['Smith+etal~et al|2010']);
    assert.deepStrictEqual(items('Smith (2010; see also Jones, 2012)'), ['Smith|2010', 'Jones|2012']);
  });

  it('keeps particles, apostrophes, hyphens and accents in names', () => {
    assert.deepStrictEqual(items('(van der Berg, 2015) de la Cruz (2018) Van der Lijn (2009)'), [
      'van der Berg|2015', 'de la Cruz|2018', 'Van der Lijn|2009',
    ]);
    assert.deepStrictEqual(items("O'Neil (2016) and O’Neill (2010) and Smith-Jones (2009)"), ["O'Neil|2016", 'O’Neill|2010', 'Smith-Jones|2009']);
    assert.deepStrictEqual(items('(Müller & Mueller 2001) Ó Tuathail (1996) al-Rasheed (2010)'), ['Müller+Mueller|2001', 'Ó Tuathail|1996', 'al-Rasheed|2010']);
  });

  it('reads corporate authors, their abbreviations and title-cited works', () => {
    const text = '(World Bank, 2006) then (United Nations Development Programme [UNDP], 2019) then (UNDP, 2019).';
    assert.deepStrictEqual(items(text), ['World Bank|2006', 'United Nations Development Programme|2019', 'UNDP|2019']);
    const defining = findAuthorDateCitations(text)[1].items[0];
    assert.strictEqual(defining.abbreviation, 'UNDP');
    assert.deepStrictEqual(items('("Short title," 2017) (“Curly Title,” 2018) (*Italic Title* 2019)'), [
      '"Short title"|2017', '"Curly Title"|2018', '"Italic Title"|2019',
    ]);
    assert.deepStrictEqual(items('Department of Health and Social Care (2020)')[0], 'Department of Health+Social Care|2020');
    // ABNT parts co-authors with semicolons; Portuguese and Italian write "e", Spanish "y" (test/fixtures/author-date-new2, SciELO)
    assert.deepStrictEqual(items('(Russell; Sugimoto, 2009) and (SILVA; SOUZA; LIMA, 2010; Smith, 2011) but (see the appendix; Lee, 2012).'), [
      'Russell+Sugimoto|2009', 'SILVA+SOUZA+LIMA|2010', 'Smith|2011', 'Lee|2012',
    ]);
    assert.deepStrictEqual(items('(Araújo e Posenatto, 2012), Franco, Acosta-Pereira e Costa-Hübes (2019) y según García y López (2010).'), [
      'Araújo+Posenatto|2012', 'Franco+Acosta-Pereira+Costa-Hübes|2019', 'García+López|2010',
    ]);
    // the edition cited, then the first edition's year in brackets (SciELO's Bakhtiniana)
    assert.deepStrictEqual(items('(BAKHTIN, 1988 [1975], 2011 [1954-1961]; VOLÓCHINOV, 2013 [1930]) and Pavel N. Medviédev (2019 [1928]).'), [
      'BAKHTIN|1988', 'BAKHTIN|2011', 'VOLÓCHINOV|2013', 'Pavel N. Medviédev|2019',
    ]);
    // two years, first published and the edition read, in either order: the later (APA `1900/1953`, ABNT `2011/1979`)
    assert.deepStrictEqual(items('(Freud, 1900/1953; BAKHTIN, 2011/1979)'), ['Freud|1953', 'BAKHTIN|2011']);
    // a test's acronym before a work, not an ABNT co-author (test/fixtures/author-date-new4/pmh-mentalizing)
    assert.deepStrictEqual(items('(FQQ‐R; Parker and Asher 1989) and (ICMPS‐SF; Della Rocca et al. 2018)'), ['Parker+Asher|1989', 'Della Rocca+etal|2018']);
    // more years of the same names after "and"; names with "et al." after "the" are people's (test/fixtures/author-date-new5)
    assert.deepStrictEqual(items('(Drotos et al. 2015 and 2017) in the Miller et al. (2014) study'), ['Drotos+etal|2015', 'Drotos+etal|2017', 'Miller+etal|2014']);
    assert.strictEqual(findAuthorDateCitations('found in the Miller et al. (2014) study')[0].items[0].doubtful, false);
    // a name opening in lower case (`eLife`), an organisation's name of up to 16 words (test/fixtures/author-date-new6/peikert-repro)
    assert.deepStrictEqual(items('(eLife Sciences Publications 2020; International Council for Harmonisation of Technical Requirements for Registration of Pharmaceuticals for Human Use 1998)'), [
      'eLife Sciences Publications|2020', 'International Council for Harmonisation of Technical Requirements for Registration of Pharmaceuticals for Human Use|1998',
    ]);
    // a family name written as initials beside another name (Samir K.C.: test/fixtures/author-date-new7/belmin-energy)
    assert.deepStrictEqual(items('(K. C. and Lutz 2017) and K. C. and Lutz (2017)'), ['K. C.+Lutz|2017', 'K. C.+Lutz|2017']);
    // organisations joined by a slash (test/fixtures/author-date-new/heiss-canary)
    assert.deepStrictEqual(items('as measured by UCDP/PRIO (2020) and (FAO/WHO, 2003), but not and/or (2010).'), ['UCDP/PRIO|2020', 'FAO/WHO|2003']);
    // Unicode hyphens kept from publishers' XML, a particle `ul`, no space after "al." (test/fixtures/author-date-new3)
    assert.deepStrictEqual(items('(Pérez‐Escamilla et al. 2019), Gonalons‑Pons and Gangl (2021), (ul Haq 1995) and (Culbertson et al.2015)'), [
      'Pérez‐Escamilla+etal|2019', 'Gonalons‑Pons+Gangl|2021', 'ul Haq|1995', 'Culbertson+etal|2015',
    ]);
    // an organisation's name opening with a word that is no name alone (test/fixtures/author-date-new3/cars-gender)
    assert.deepStrictEqual(items('(Census and Statistics Department of Hong Kong 2023)'), ['Census and Statistics Department of Hong Kong|2023']);
    // a stray point after a name (test/fixtures/author-date-new2/scielo-bjb)
    assert.deepStrictEqual(items('trypanosomes (El-Naga and Barghash., 2016) in camels'), ['El-Naga+Barghash|2016']);
    assert.strictEqual(findAuthorDateCitations('Department of Health and Social Care (2020)')[0].items[0].namePhrase, 'Department of Health and Social Care');
  });

  it('finds abbreviations defined in prose when the letters are the initials', () => {
    const abbreviations = findAbbreviations('the Office for National Statistics (ONS, 2021) and the World Health Organization (WHO) but not Foo Bar (XYZ)');
    assert.deepStrictEqual([...abbreviations], [['ONS', 'Office for National Statistics'], ['WHO', 'World Health Organization']]);
  });

  it('does not read personal communications, ranges, numbers, months or secondary sources as citations', () => {
    assert.deepStrictEqual(items('(J. Doe, personal communication, May 1, 2021)'), []);
    assert.deepStrictEqual(items('the war (1979-88) and (1989–2018) and (2008-09)'), []);
    assert.deepStrictEqual(items('outliers (3), (n = 2010), (p < .05), (see Table 2), (N = 1,240)'), []);
    assert.deepStrictEqual(items('(May 2021) (Summer 2019) in May (2020) the referendum (2016)'), []);
    // with a comma, a surname (T. May, 2004: test/fixtures/author-date-new2/scielo-os), if a reference has it: doubtful
    assert.deepStrictEqual(findAuthorDateCitations('as shown ( May, 2004) before').map((citation) => citation.items.map((item) => [item.names[0], item.doubtful])), [[['May', true]]]);
    assert.deepStrictEqual(items('(Respondent A, 2019) (Interview 12, 2019) Windows 11 (2021) GPT-4 (2023)'), []);
    assert.deepStrictEqual(items('(Stritzel 2007 cited in Balzacq 2011)'), ['Balzacq|2011']);
    // APA's secondary source with a bare "in" (test/fixtures/author-date-new8/bartholdy-intro); `in press` and `in Germany` are no source
    assert.deepStrictEqual(items('(Ciochon et al., 1990; Middleton 1990, in Middleton & Rovner, 1994)'), ['Ciochon+etal|1990', 'Middleton+Rovner|1994']);
    assert.deepStrictEqual(items('(Smith 2010, in Germany)'), ['Smith|2010']);
  });

  it('marks doubtful names: events after "the", countries, conferences', () => {
    const doubtful = (text: string) => findAuthorDateCitations(text).flatMap((c) => c.items.map((item) => item.doubtful));
    assert.deepStrictEqual(doubtful('the Good Friday Agreement (1998)'), [true]);
    assert.deepStrictEqual(doubtful('(Kosovo, 1999; Smith, 1999)'), [true, false]);
    assert.deepStrictEqual(doubtful('at CHI (2019)'), [true]);
    assert.deepStrictEqual(doubtful('Smith (2019)'), [false]);
  });

  it('skips code, math, comments, Pandoc citations, links and the given spans', () => {
    const text = [
      '`(Smith, 2010)` and $f(2017)$ and <!-- (Jones, 2011) --> and [see @key, p. 4; @other]',
      '```', '(Lee, 2012)', '```',
      '[a link](https://example.org/(Kim, 2013)) and (Park, 2014) and (Skipped, 2015)',
    ].join('\n');
    const skipFrom = text.indexOf('(Skipped');
    const found = findAuthorDateCitations(text, [{ start: skipFrom, end: skipFrom + 16 }]);
    assert.deepStrictEqual(found.map((citation) => citation.text), ['(Park, 2014)']);
  });

  it('reads works named as text inside a Pandoc citation (as Convert All leaves them), not its keys; one name there is no doubt', () => {
    // mycokeys-6-3482.md (test/fixtures/author-date-jats) after Convert All
    const text = 'this family [@aptroot2012dilemmas\\; Hodkinson 2012, Rivas Plata et al. 2012a\\; Simpan et al. 2012]. Run on [see Stamatakis 2006\\; @miller2010, p. 4].';
    const found = findAuthorDateCitations(text);
    assert.deepStrictEqual(found.map((citation) => citation.text), ['Hodkinson 2012', 'Rivas Plata et al. 2012a', 'Simpan et al. 2012', 'Stamatakis 2006']);
    // `2012a\\; Simpan`: the `a` of the year is no article before the names
    assert.deepStrictEqual(found.flatMap((citation) => citation.items.map((item) => item.doubtful)), [false, false, false, false]);
    assert.deepStrictEqual(items('(Smith 2012a, Jones 2010)'), ['Smith|2012a', 'Jones|2010']);
    // zookeys-439-8391.md: there a month is a name (in prose, `May 1993` is a date)
    assert.deepStrictEqual(items('larvae [@lekander1968scandinavian\\; May 1993\\; Viedma 1963], and in May 1993 we'), ['May|1993', 'Viedma|1963']);
  });

  it('gives offsets that slice back to each citation and item', () => {
    const text = 'Intro. Smith and Jones (2010, p. 3) wrote; others disagree (e.g., Lee et al., 2011, 2012; Kim, 2013: 5).';
    const citations = findAuthorDateCitations(text);
    assert.deepStrictEqual(citations.map((c) => [c.kind, c.text]), [
      ['narrative', 'Smith and Jones (2010, p. 3)'],
      ['parenthetical', '(e.g., Lee et al., 2011, 2012; Kim, 2013: 5)'],
    ]);
    for (const citation of citations) {
      assert.strictEqual(text.slice(citation.start, citation.end), citation.text);
      for (const item of citation.items) assert.strictEqual(text.slice(item.start, item.end), item.text);
    }
    assert.deepStrictEqual(citations[1].items.map((item) => [item.text, item.locator]), [
      ['Lee et al., 2011', undefined], ['2012', undefined], ['Kim, 2013: 5', '5'],
    ]);
  });

  it('parses name phrases and rejects what is not a name', () => {
    assert.deepStrictEqual(parseNames('Smith, Jones, & Lee')?.names, ['Smith', 'Jones', 'Lee']);
    assert.strictEqual(parseNames('Smith et al.')?.etAl, true);
    assert.strictEqual(parseNames('the results'), undefined);
    assert.strictEqual(parseNames('Study 2'), undefined);
    assert.strictEqual(parseNames('Table'), undefined);
  });
});

describe('author-date citations with "et al." in italics (F1000Research, test/fixtures/author-date-publishers)', () => {
  it('reads parenthetical, narrative and bare citations whose "et al." is emphasised', () => {
    assert.deepStrictEqual(items('packages such as phyloseq (McMurdie & Holmes, 2013), vegan (Oksanen *et al.*, 2013) and metacoder (Foster *et al.*, 2017)'), [
      'McMurdie+Holmes|2013', 'Oksanen+etal|2013', 'Foster+etal|2017',
    ]);
    assert.deepStrictEqual(items('In the research by Clark *et al* ( Clark, 2015; Clark, 2012; Clark *et al.,* 2015), the major source'), [
      'Clark|2015', 'Clark|2012', 'Clark+etal|2015',
    ]);
    assert.deepStrictEqual(items('as Clark _et al._ (2015) showed, and as in Güell *et al.*, 2018.'), ['Clark+etal|2015', 'Güell+etal|2018']);
    assert.deepStrictEqual(items('(see e.g. Clark, 2015; Clark *et al.,* 2015; Güell *et al.,* 2015 and references therein)'), ['Clark|2015', 'Clark+etal|2015', 'Güell+etal|2015']);
    // the point of "al." after the emphasis (test/fixtures/author-date-new/goring-neotoma, Elsevier Harvard)
    assert.deepStrictEqual(items('As shown by Graham *et al*. (1996), and (Graham *et al*., 1996; Lyons _et al_. 2010).'), [
      'Graham+etal|1996', 'Graham+etal|1996', 'Lyons+etal|2010',
    ]);
    // An emphasised title before a year is no author: `*Environment Protection and Biodiversity Conservation Act* 1999`.
    assert.deepStrictEqual(items('under the *Environment Protection and Biodiversity Conservation Act* 1999 (Cth).'), []);
  });
});

describe('author-date years of the Unified Style Sheet for Linguistics (Glossa, test/fixtures/author-date-new11)', () => {
  it('reads a letter alone after a semicolon as another work of the names and year before', () => {
    assert.deepStrictEqual(items('(see Sheehan 2013a; b; 2017). Kuroda (1999a; b) says so.'), ['Sheehan|2013a', 'Sheehan|2013b', 'Sheehan|2017', 'Kuroda|1999a', 'Kuroda|1999b']);
    // (a letter alone with no letter before it names nothing)
    assert.deepStrictEqual(items('(Smith 2010; b)'), ['Smith|2010']);
  });

  it('reads a split year (listed under its first), an open-ended one, a reprint year and "to appear"', () => {
    assert.deepStrictEqual(items('Kuroda’s (1975/76) condition (Kuroda 1975/76; 1992).'), ['Kuroda|1975', 'Kuroda|1975', 'Kuroda|1992']);
    assert.deepStrictEqual(items('the corpus of Davies (2002-) and (Davies 2006–).'), ['Davies|2002', 'Davies|2006']);
    assert.deepStrictEqual(items('(see Lafitte 1944[1962]; Altube 1929). Simonenko (to appear).'), ['Lafitte|1944', 'Altube|1929', 'Simonenko|in press']);
    // a range of years (a work over years, or a term of office), like an open-ended year, counts only when a reference matches
    const matchedOnly = (text: string) => findAuthorDateCitations(text).flatMap((citation) => citation.items.map((item) => `${item.names[0]}|${item.year}|${item.matchedOnly}`));
    assert.deepStrictEqual(matchedOnly('(Smith 2002–2005), Josephson (1912, 1912-1913), Gorraiz (2007?) and (Jones 2002-3)'), [
      'Smith|2002|true', 'Josephson|1912|false', 'Josephson|1912|true', 'Gorraiz|2007|true',
    ]);
    assert.deepStrictEqual(matchedOnly('Die Dokumente der Großbotschaft Virmont 1719--1720 sind erhalten.'), ['Die Dokumente der Großbotschaft Virmont|1719|true']);
  });
});

describe('author-date citations in German (test/fixtures/author-date-new12)', () => {
  it('reads "u. a." as et al., and "o. J." (and French and Spanish "s. d.", "s. f.") as no date', () => {
    assert.deepStrictEqual(items('(Hildebrand u. a. 2018, Kap. 5). Hildebrand u. a. (2018) und Müller u.a. (2010).'), ['Hildebrand+etal|2018', 'Hildebrand+etal|2018', 'Müller+etal|2010']);
    assert.deepStrictEqual(items('Dumont et al. o. J.; (Dupont, s. d.) et (García, s. f.).'), ['Dumont+etal|n.d.', 'Dupont|n.d.', 'García|n.d.']);
  });

  it('reads an organisation named by an acronym with digits, alone', () => {
    assert.deepStrictEqual(items('(Becher 2009; W3C 2009). Nicht zitiert: Becher 2009; W3C 2009.'), ['Becher|2009', 'W3C|2009', 'Becher|2009', 'W3C|2009']);
    // (a virus's name is not an author's: `Cyanophage CPS4GC, CPS5 Fuller et al., 1998`, frontiers-microbiology)
    assert.deepStrictEqual(items('primers for viral (Cyanophage CPS4GC, CPS5 Fuller et al., 1998; Wilson et al., 1999)'), ['Wilson+etal|1999', 'Fuller+etal|1998']);
  });

  it('takes a noun after an article or a possessive as doubtful, and life dates as a citation only when a reference matches', () => {
    const doubtful = findAuthorDateCitations('In seiner Dissertation (2012; 2010) arbeitete er heraus.').flatMap((citation) => citation.items.map((item) => item.doubtful));
    assert.deepStrictEqual(doubtful, [true, true]);
    // `Hermann Rösch (1954-)`: a person's dates, a citation only when a reference matches (as `Davies (2002-)` does)
    assert.deepStrictEqual(findAuthorDateCitations('-   Hermann Rösch (1954-) <http://viaf.org/viaf/1>').flatMap((citation) => citation.items.map((item) => item.matchedOnly)), [true]);
  });

  it('reads a year after a quotation as a doubtful citation of the names before it in the sentence (new15, new20)', () => {
    const text = 'Robins, Hernán, and Wasserman conclude that "no estimator is uniformly better" (2015, 297). ' +
      'Tremblay-Boire and Prakash (2017) confirm this, finding that “donors prefer local charities” (2017, 644). ' +
      'The title reads "Results" (2019). As noted. "A quotation" (2020) alone.';
    const found = findAuthorDateCitations(text).flatMap((citation) => citation.items.map((item) => `${item.names.join('+')}|${item.year}|${item.locator}|${item.doubtful}`));
    assert.deepStrictEqual(found, ['Robins+Hernán+Wasserman|2015|297|true', 'Tremblay-Boire+Prakash|2017|undefined|false', 'Tremblay-Boire+Prakash|2017|644|true']);
  });

  it('reads a title in German quotation marks, and no sentence adverb as a name', () => {
    assert.deepStrictEqual(items('Ein Ergebnis („A World Bibliography of Bibliographies“ 1939). Ferner Gorraiz (2010) und außerdem Müller (2011).'), [
      '"A World Bibliography of Bibliographies"|1939', 'Gorraiz|2010', 'Müller|2011',
    ]);
  });
});

describe('author-date citations of a group of contributors (test/fixtures/author-date-new13)', () => {
  it('reads a project\'s contributors as one author', () => {
    assert.deepStrictEqual(items('The planet dump (OpenStreetMap contributors, 2017), as OpenStreetMap contributors (2017) and (Wikipedia contributors 2023) say; our contributors (2019) did not.'), [
      'OpenStreetMap contributors|2017', 'OpenStreetMap contributors|2017', 'Wikipedia contributors|2023',
    ]);
  });
});

describe('author-date citations of new21 (test/fixtures/author-date-new21)', () => {
  it('reads a noun after a possessive name before the year as a doubtful citation, and a firm\'s "team" as one author', () => {
    const found = findAuthorDateCitations("Hardy's method (2019; 2023) and Anderson and Nelson's methods (2004), but the model's accuracy (2019). " +
      '(Allaire et al., 2022; Posit team, 2023; R Core Team, 2023), as Posit team (2023) says; the research team (2019) did not.')
      .flatMap((citation) => citation.items.map((item) => `${item.names.join('+')}|${item.year}|${item.doubtful}`));
    assert.deepStrictEqual(found, ['Hardy|2019|true', 'Hardy|2023|true', 'Anderson+Nelson|2004|true', 'Allaire|2022|false', 'Posit team|2023|false',
      'R Core Team|2023|false', 'Posit team|2023|false']);
  });
});

describe('author-date citations in French (test/fixtures/author-date-new16)', () => {
  it('reads "et" between the last two names', () => {
    assert.deepStrictEqual(items('La richesse (Pavoine et Bonsall 2011). Chao, Lee, et Chen (1988) puis (Pueyo, He, et Zillio 2007).'), [
      'Pavoine+Bonsall|2011', 'Chao+Lee+Chen|1988', 'Pueyo+He+Zillio|2007',
    ]);
  });

  it('reads a name after an elided article or preposition', () => {
    assert.deepStrictEqual(items("le travail d'Arrhenius (1921) et d’Arrhenius (1922)"), ['Arrhenius|1921', 'Arrhenius|1922']);
  });
});

describe('author-date citations of new23 (test/fixtures/author-date-new23)', () => {
  it('reads Spanish particles `los` and `las` and a Dutch organisation\'s lower-case words', () => {
    assert.deepStrictEqual(items('weights (de los Angeles Resa and Zubizarreta 2020), as de las Casas (1552) wrote; (Agentschap voor Natuur en Bos, 2020).'), [
      'de los Angeles Resa+Zubizarreta|2020', 'de las Casas|1552', 'Agentschap voor Natuur en Bos|2020',
    ]);
  });
});
