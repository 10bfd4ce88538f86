import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { extractReferences, KeyMaker, readItem, toBibtex, toCslJson } from '../../src/core/citations/extractReferences';
import { parseBibtex } from '../../src/core/library/bibtex';
import { parseCslJson } from '../../src/core/library/csl';
import type { Person } from '../../src/core/types';

const root = path.resolve(__dirname, '../..');
const manuscript = fs.readFileSync(path.join(root, 'examples/manuscript-apa.md'), 'utf8');
/** What an item says of its source: type, title, journal, volume, issue, pages. */
const source = (item: ReturnType<typeof readItem>) => [item.type, item.title, item['container-title'], item.volume, item.issue, item.page];

describe('extract references', () => {
  it('reads a journal article: authors, year, title, journal, volume, issue, pages, DOI', () => {
    const item = readItem('Collier, P., & Hoeffler, A. (2004). Greed and grievance in civil war. *Oxford Economic Papers*, 56(4), 563–595. https://doi.org/10.1093/oep/gpf064');
    assert.deepStrictEqual(item, {
      id: '', type: 'article-journal',
      author: [{ family: 'Collier', given: 'P.' }, { family: 'Hoeffler', given: 'A.' }],
      issued: { 'date-parts': [[2004]] }, title: 'Greed and grievance in civil war', DOI: '10.1093/oep/gpf064',
      'container-title': 'Oxford Economic Papers', volume: '56', issue: '4', page: '563–595',
    });
  });

  it('reads the Unified Style Sheet for Linguistics of real Glossa articles (test/fixtures/author-date-new11)', () => {
    // glossa-amazonian: `Journal Volume. Pages.`
    assert.deepStrictEqual(source(readItem('Aissen, Judith. 2003. Differential object marking: Iconicity vs. economy. Natural Language and Linguistic Theory 21. 435–483. DOI: 10.1023/A:1024109008573')),
      ['article-journal', 'Differential object marking: Iconicity vs. economy', 'Natural Language and Linguistic Theory', '21', undefined, '435–483']);
    // glossa-basque: an issue and no pages; a title ending in a question, then the journal
    assert.deepStrictEqual(source(readItem('Etxeberria, Urtzi & Irurtzun, Aritz. 2015. The Emergence of Scalar Meanings. Frontiers in Psychology 6(141). DOI: 10.3389/fpsyg.2015.00141')),
      ['article-journal', 'The Emergence of Scalar Meanings', 'Frontiers in Psychology', '6', '141', undefined]);
    assert.deepStrictEqual(source(readItem('Rybka, Konrad. 2014. How are nouns categorized as denoting “what” and “where”? Language Sciences 45. 28–43. DOI: 10.1016/j.langsci.2014.05.002')),
      ['article-journal', 'How are nouns categorized as denoting “what” and “where”?', 'Language Sciences', '45', undefined, '28–43']);
    // a chapter: editors family name first, the pages after the book's title
    const chapter = readItem('Bossong, Georg. 1991. Differential object marking in Romance and beyond. In Kibbee, Douglas A. & Wanner, Dieter (eds.), New analyses in Romance linguistics, 143–170. Amsterdam: Benjamins. DOI: 10.1075/cilt.69.14bos');
    assert.deepStrictEqual(source(chapter), ['chapter', 'Differential object marking in Romance and beyond', 'New analyses in Romance linguistics', undefined, undefined, '143–170']);
    assert.deepStrictEqual(chapter['container-editor'], [{ family: 'Kibbee', given: 'Douglas A.' }, { family: 'Wanner', given: 'Dieter' }]);
    assert.deepStrictEqual([chapter['publisher-place'], chapter.publisher], ['Amsterdam', 'Benjamins']);
    // given names first (APA) stay as they were read
    const apa = readItem('Lee, K. (2010). A chapter. In J. Smith, K. Lee, & M. Park (Eds.), *The book* (pp. 1–20). Publisher.');
    assert.deepStrictEqual(apa['container-editor'], [{ family: 'Smith', given: 'J.' }, { family: 'Lee', given: 'K.' }, { family: 'Park', given: 'M.' }]);
  });

  it('reads Cambridge\'s journal, volume, issue and pages after a comma (test/fixtures/author-date-new14)', () => {
    assert.deepStrictEqual(source(readItem('Albers JR and Newman M (2019) A priori identification of skillful extratropical subseasonal forecasts. Geophysical Research Letters 46(21), 12527–12536.')),
      ['article-journal', 'A priori identification of skillful extratropical subseasonal forecasts', 'Geophysical Research Letters', '46', '21', '12527–12536']);
    assert.deepStrictEqual(source(readItem('Smith A and Jones B (2024) Climate anxiety among young adults. Heliyon 10(15), e35134.')).slice(2),
      ['Heliyon', '10', '15', 'e35134']);
  });

  it('reads names-first items (Vancouver, MDPI) of real articles: the title after the names, then journal, year, volume, issue, pages', () => {
    // f1000research-1 (Vancouver; the title's "[Version 1; …]" is no part of it)
    assert.deepStrictEqual(source(readItem('3. Chamberlain SA, Szöcs E. taxize: taxonomic search and retrieval in R [Version 1; Referees: 3 Approved]. F1000Res. 2013;2:191. doi: 10.12688/f1000research.2-191.v2')),
      ['article-journal', 'taxize: taxonomic search and retrieval in R', 'F1000Res', '2', undefined, '191']);
    // plos-1 (Vancouver, a journal name with a comma, et al.)
    assert.deepStrictEqual(source(readItem("1. Iglesias‐Rodriguez MD, Armstrong R, Feely R, Hood R, Kleypas J, Milliman JD, et al. Progress made in study of ocean's calcium carbonate budget. Eos, Transactions American Geophysical Union. 2002;83(34):365–75.")),
      ['article-journal', "Progress made in study of ocean's calcium carbonate budget", 'Eos, Transactions American Geophysical Union', '83', '34', '365–75']);
    // mdpi-1 and mdpi-2 (MDPI: bold year, italic journal and volume; titles opening with an acronym, a hyphen, a digit; `al-`, `Van den` names)
    assert.deepStrictEqual(source(readItem('2. McCollum, E.; Davis, M. The necessity of certain lipids during growth. *J. Biol. Chem* **1913**, *15*, 167–175.')),
      ['article-journal', 'The necessity of certain lipids during growth', 'J. Biol. Chem', '15', undefined, '167–175']);
    const titles = [
      '13. Lobo, G.; Hessel, S.; Eichinger, A.; Noy, N.; Moise, A.; Wyss, A.; Palczewski, K.; von Lintig, J. ISX is a retinoic acid-sensitive gatekeeper that controls intestinal β,β-carotene absorption and vitamin A production. *FASEB J* **2010**, *24*, 1656–1666.',
      '199. Beharry, S.; Zhong, M.; Molday, R. N-retinylidene-phosphatidylethanolamine is the preferred retinoid substrate for the photoreceptor-specific ABC transporter ABCA4 (ABCR). *J. Biol. Chem* **2004**, *273*, 21790–21799.',
      '176. Wu, J.; Garami, M.; Cheng, T.; Gardner, D. 1,25(OH)2 vitamin D3, and retinoic acid antagonize endothelin-stimulated hypertrophy of neonatal rat cardiac myocytes. *J. Clin. Invest* **1996**, *97*, 1577–1588.',
      '49. Blaner, W.; Obunike, J.; Kurlandsky, S.; al-Haideri, M.; Piantedosi, R.; Deckelbaum, R.; Goldberg, I. Lipoprotein lipase hydrolysis of retinyl ester. Possible implications for retinoid uptake by cells. *J. Biol. Chem* **1994**, *269*, 16559–16565.',
      '15. De Wals, P.; Tairou, F.; Van Allen, M.; Uh, S.; Lowry, R.; Sibbald, B.; Evans, J.; Van den Hof, M.; Zimmer, P.; Crowley, M. Reduction in Neural-Tube Defects after Folic Acid Fortification in Canada. *N. Engl. J. Med* **2007**, *357*, 135–142.',
    ].map((item) => readItem(item).title as string | undefined);
    assert.deepStrictEqual(titles.map((title) => title?.split(' ')[0]), ['ISX', 'N-retinylidene-phosphatidylethanolamine', '1,25(OH)2', 'Lipoprotein', 'Reduction']);
    // peerj-schloss (PeerJ: the year after the names, `Journal volume:pages`)
    assert.deepStrictEqual(source(readItem('Au KF., Underwood JG., Lee L., Wong WH. 2012. Improving PacBio long read accuracy by short read alignment. *PLoS ONE* 7:e46679. DOI: [10.1371/journal.pone.0046679](https://doi.org/10.1371/journal.pone.0046679).')),
      ['article-journal', 'Improving PacBio long read accuracy by short read alignment', 'PLoS ONE', '7', undefined, 'e46679']);
    assert.deepStrictEqual(source(readItem('Abbott LF, Regehr WG. 2004. Synaptic computation. Nature 431:796–803.')), ['article-journal', 'Synaptic computation', 'Nature', '431', undefined, '796–803']);
    // plos-1: a work's editors (`et al., editors.`), and the pages right after the year
    const edited = readItem('36. Finger KL, Hickman CS, James MJ, Lipps JH, Peterson DE, Pitt LI, et al., editors. Pleistocene marine paleoenvironments on the Galapagos islands. GSA Abstracts with Programs; 2007; 39(6):399.');
    assert.deepStrictEqual([edited.author, (edited.editor as Person[]).map((person) => person.family), edited.title, edited['container-title']],
      [undefined, ['Finger', 'Hickman', 'James', 'Lipps', 'Peterson', 'Pitt'], 'Pleistocene marine paleoenvironments on the Galapagos islands', 'GSA Abstracts with Programs']);
    assert.deepStrictEqual(source(readItem('32. Bandy OL. Distribution of foraminifera, radiolaria and diatoms in sediments of the Gulf of California. Micropaleontology. 1961:1–26.')),
      ['article-journal', 'Distribution of foraminifera, radiolaria and diatoms in sediments of the Gulf of California', 'Micropaleontology', undefined, undefined, '1–26']);
    // hindawi-1 (a book: no journal; the year is no publisher) and a Vancouver book with its publisher
    assert.deepStrictEqual(source(readItem('1. Schütz H. Benzodiazepines II. 1989.')), ['book', 'Benzodiazepines II', undefined, undefined, undefined, undefined]);
    assert.deepStrictEqual(readItem('4. Smith AB. A book title. Berlin: Springer; 1989.').publisher, 'Springer');
    // plos-1: a book's title that runs into its publisher and year
    const book = readItem('17. Glynn PW, Wellington GM. Corals and coral reefs of the Galápagos Islands: Univ of California Press; 1983.');
    assert.deepStrictEqual([book.type, book.title, book.publisher], ['book', 'Corals and coral reefs of the Galápagos Islands', 'Univ of California Press']);
  });

  it('reads no names into the titles of the names-first lists of the real articles in test/fixtures', () => {
    const withNames: string[] = [];
    for (const dir of ['author-date-jats', 'author-date-publishers']) {
      for (const name of fs.readdirSync(path.join(root, 'test/fixtures', dir)).filter((file) => file.endsWith('.md') && file !== 'SOURCES.md')) {
        const file = path.join(root, 'test/fixtures', dir, name);
        for (const { entry } of extractReferences(fs.readFileSync(file, 'utf8'), file)?.references ?? []) {
          const family = entry.authors[0]?.family;
          if (family && entry.title?.startsWith(family)) withNames.push(`${name}: ${entry.title}`);
        }
      }
    }
    // (341 before names-first items were read so; the one left is an item that misplaces a comma: "Natland ML, E W., Cruise to …")
    assert.deepStrictEqual(withNames, ['plos-1.md: Natland ML, E W., Cruise to the Gulf of California report on the Pleistocene and Pliocene foraminifera']);
  });

  it('reads journals whose names hold commas and points, and a title ending in a question before the journal (real lists)', () => {
    // ccr-yao (APA)
    assert.deepStrictEqual(source(readItem('Carpinella, C., & Bauer, N. M. (2021). A visual analysis of gender stereotypes in campaign advertising. Politics, Groups, and Identities, 9(2), 369–386.')),
      ['article-journal', 'A visual analysis of gender stereotypes in campaign advertising', 'Politics, Groups, and Identities', '9', '2', '369–386']);
    assert.deepStrictEqual(readItem('Layman, G. C., Carsey, T. M., & Horowitz, J. M. (2006). Party polarization in American politics: Characteristics, causes, and consequences. Annu. Rev. Polit. Sci., 9, 83–110.')['container-title'], 'Annu. Rev. Polit. Sci');
    // a journal or server whose name opens in lower case ends the title all the same; a bare `DOI:` is no publisher
    assert.deepStrictEqual(source(readItem('Smith J, Doe A. 2020. A title here. eLife 9:e12345. DOI: https://doi.org/10.7554/eLife.12345')), ['article-journal', 'A title here', 'eLife', '9', undefined, 'e12345']);
    const preprint = readItem('Jones K, Lee M. 2018. A preprint. bioRxiv. DOI: https://doi.org/10.1101/123456');
    assert.deepStrictEqual([preprint.title, preprint.publisher], ['A preprint', 'bioRxiv']);
    // ecology-hollister (ESA)
    assert.deepStrictEqual(source(readItem('Smith, V. H., and D. W. Schindler. 2009. Eutrophication science: Where do we go from here? Trends in Ecology & Evolution 24:201--207.')),
      ['article-journal', 'Eutrophication science: Where do we go from here?', 'Trends in Ecology & Evolution', '24', undefined, '201–207']);
  });

  it('reads Chicago\'s journal items, `“Title.” Journal 29, no. 6: 697–712.` (Wiley lists, test/fixtures/author-date-new3 and -new4)', () => {
    assert.deepStrictEqual(source(readItem('Berry, J. W. 2005. “Acculturation: Living Successfully in Two Cultures.” International Journal of Intercultural Relations 29, no. 6: 697–712.')),
      ['article-journal', 'Acculturation: Living Successfully in Two Cultures', 'International Journal of Intercultural Relations', '29', '6', '697–712']);
  });

  it('reads ABNT\'s journal items, `Journal, Place, v. 20, n. 40, p.147-162, 2010.` (SciELO, test/fixtures/author-date-new2)', () => {
    assert.deepStrictEqual(source(readItem('ACOSTA-PEREIRA, R. A.; RODRIGUES, R. H. Os gêneros do discurso. Revista Letras, Santa Maria, v. 20, n. 40, p.147-162, 2010.')),
      ['article-journal', 'Os gêneros do discurso', 'Revista Letras', '20', '40', '147-162']);
    assert.deepStrictEqual(source(readItem('ACOSTA PEREIRA, R. A orientação sociológica. Letra Magna, n. 19, p.1-18, 2016.')),
      ['article-journal', 'A orientação sociológica', 'Letra Magna', undefined, '19', '1-18']);
  });

  it('reads Harvard\'s `2011 [viewed 29 April 2021]. Title. Journal [online], vol. 14, no. 1, pp. 42-50.` and `suppl. 3` (SciELO\'s BJB)', () => {
    assert.deepStrictEqual(source(readItem('ABD EL-BAKY, A.A. and SALEM, S.I., 2011 [viewed 29 April 2021]. Clinicopathological studies. World Applied Sciences Journal [online], vol. 14, no. 1, pp. 42-50.')),
      ['article-journal', 'Clinicopathological studies', 'World Applied Sciences Journal', '14', '1', '42-50']);
    assert.deepStrictEqual(source(readItem('ADEYEMI, O.S. and KATO, K., 2018. Metal nanoparticles. Artificial Cells, Nanomedicine, and Biotechnology, vol. 46, suppl. 3, pp. S86-S94.')),
      ['article-journal', 'Metal nanoparticles', 'Artificial Cells, Nanomedicine, and Biotechnology', '46', 'suppl. 3', 'S86-S94']);
  });

  it('keeps the text of a link whose address holds parentheses (a DOI: test/fixtures/author-date-new6/enge-aha)', () => {
    const item = readItem('Kutas, M., & Hillyard, S. A. (1989). [Event-related potentials and the semantic matching of pictures](https://doi.org/10.1016/0278-2626(90)90029-N). *Brain and Cognition*, 11(1), 1–20.');
    assert.deepStrictEqual([item.title, item['container-title']], ['Event-related potentials and the semantic matching of pictures', 'Brain and Cognition']);
  });

  it('ends a title at its question mark before an APA journal, `? Journal, 17, 71–79` (test/fixtures/author-date-new9/cobi-amazonia)', () => {
    assert.deepStrictEqual(source(readItem('Antunes, A. P. (2019). Hunting in Brazil: What are the options? Perspectives in Ecology and Conservation, 17, 71–79.')),
      ['article-journal', 'Hunting in Brazil: What are the options?', 'Perspectives in Ecology and Conservation', '17', undefined, '71–79']);
  });

  it('reads books, chapters with editors, organisations, particles, year suffixes and Harvard items', () => {
    const book = readItem('Kaldor, M. (2012). *New and old wars: Organized violence in a global era* (3rd ed.). Polity.');
    assert.deepStrictEqual([book.type, book.title, book.edition, book.publisher], ['book', 'New and old wars: Organized violence in a global era', '3rd', 'Polity']);
    // ccr-yao (pandoc's APA for an edition and a techreport)
    const second = readItem('Fowler, E. F., Franz, M. M., & Ridout, T. N. (2021). Political advertising in the United States (2nd). Routledge.');
    assert.deepStrictEqual([second.title, second.edition, second.publisher], ['Political advertising in the United States', '2nd', 'Routledge']);
    const report = readItem('Rodriguez, P. L., Spirling, A., & Stewart, B. M. (2021). Embedding regression: Models for context-specific description and inference (tech. rep.). Working Paper Vanderbilt University.');
    assert.deepStrictEqual([report.type, report.title], ['report', 'Embedding regression: Models for context-specific description and inference']);
    const chapter = readItem('Högbladh, S. (2011). Peace agreements 1975–2011. In T. Pettersson & L. Themnér (Eds.), *States in armed conflict 2011* (pp. 39–56). Uppsala University.');
    assert.deepStrictEqual(
      [chapter.type, chapter['container-title'], chapter.page, chapter.publisher, chapter['container-editor']],
      ['chapter', 'States in armed conflict 2011', '39–56', 'Uppsala University', [{ family: 'Pettersson', given: 'T.' }, { family: 'Themnér', given: 'L.' }]],
    );
    assert.deepStrictEqual(readItem('World Bank & United Nations. (2018). *Pathways for peace*. World Bank.').author, [{ literal: 'World Bank' }, { literal: 'United Nations' }]);
    assert.deepStrictEqual(readItem('van der Lijn, J. (2009). If only. *Journal of Peacekeeping*, 13(1–2), 45–71.').author, [{ family: 'Lijn', 'non-dropping-particle': 'van der', given: 'J.' }]);
    const walter = readItem('Walter, B. F. (2004b). Re-examining commitment problems. *International Security*, 29(2), 5–41.');
    assert.deepStrictEqual([walter.issued, walter['year-suffix']], [{ 'date-parts': [[2004]] }, 'b']);
    const harvard = readItem("Anderson, B. (2013) *Us and them? The dangerous politics of immigration control*. Oxford: Oxford University Press.");
    assert.deepStrictEqual([harvard.type, harvard['publisher-place'], harvard.publisher], ['book', 'Oxford', 'Oxford University Press']);
    const etAl = readItem('Massey, D.S. et al. (1993) Theories of international migration. *Population and Development Review*, 19(3), pp. 431–466.');
    assert.deepStrictEqual(etAl.author, [{ family: 'Massey', given: 'D.S.' }, { literal: 'others' }]);
    assert.deepStrictEqual(readItem('Vygotsky, L. S. (1978). *Mind in society*. Harvard University Press. (Original work published 1934)')['original-date'], { 'date-parts': [[1934]] });
  });

  it('reads ESA journals without a volume or with a parenthesis in the name (test/fixtures/author-date-new22/boettiger-gpdp)', () => {
    assert.deepStrictEqual(source(readItem('Brozović, N., and W. Schlenker. 2011. Optimal management of an ecosystem with an unknown threshold. Ecological Economics:1--14.')),
      ['article-journal', 'Optimal management of an ecosystem with an unknown threshold', 'Ecological Economics', undefined, undefined, '1–14']);
    assert.deepStrictEqual(source(readItem('May, R. M., J. R. Beddington, C. W. Clark, S. J. Holt, and R. M. Laws. 1979. Management of multispecies fisheries. Science (New York, N.Y.) 205:267--77.')),
      ['article-journal', 'Management of multispecies fisheries', 'Science (New York, N.Y.)', '205', undefined, '267–77']);
    assert.deepStrictEqual(source(readItem('Poley LG, Schuster R, Smith W, Ray JC (2022) Identifying differences in roadless areas. Conservation Science and Practice n/a:e12656.')).slice(2),
      ['Conservation Science and Practice', 'n/a', undefined, 'e12656']);
    // a book's place and publisher are no journal
    assert.deepStrictEqual([readItem('Clark, C. W. 1990. Mathematical bioeconomics. Wiley: New York.').type], ['book']);
  });

  it('reads journals with a volume and no pages, and NLM chapters (real lists: test/fixtures/author-date-new24, -new13)', () => {
    assert.deepStrictEqual(source(readItem('Kandil, E., Melikman, E., & Adinoff, B. (2017). Lidocaine Infusion: A Promising Therapeutic Approach for Chronic Pain. J Anesth Clin Res, 8(1). doi:10.4172/2155-6148.1000697')),
      ['article-journal', 'Lidocaine Infusion: A Promising Therapeutic Approach for Chronic Pain', 'J Anesth Clin Res', '8', '1', undefined]);
    assert.deepStrictEqual(source(readItem('Aryan L, Younessi D, Zargari M (2020) The Role of Estrogen Receptors in Cardiovascular Disease. Int J Mol Sci 21')),
      ['article-journal', 'The Role of Estrogen Receptors in Cardiovascular Disease', 'Int J Mol Sci', '21', undefined, undefined]);
    // NLM chapters: `Title In: Editors, editors. Book.`, no point before `In:`
    const chapter = readItem('Funk VA, Susanna A, Stuessy TF, Robinson H. 2009. Classification of Compositae In: Funk VA, Susanna A, Stuessy TF, Bayer RJ, editors. Systematics, Evolution and Biogeography of the Compositae. Vienna: IAPT. pp. 171–189.');
    assert.deepStrictEqual([chapter.type, chapter.title, chapter['container-title'], chapter.page, (chapter['container-editor'] as Person[] | undefined)?.map((person) => person.family)],
      ['chapter', 'Classification of Compositae', 'Systematics, Evolution and Biogeography of the Compositae', '171–189', ['Funk', 'Susanna', 'Stuessy', 'Bayer']]);
    const dlib = readItem('Hammond T. 2010. [nature.com OpenSearch: A Case Study in OpenSearch and SRU Integration]{.nocase}. D-Lib Magazine \\[Internet\\] 16. Available from: <http://dlib.org/dlib/july10/hammond/07hammond.html>');
    assert.deepStrictEqual([dlib['container-title'], dlib.volume], ['D-Lib Magazine', '16']);
  });

  it('reads web pages, software, places with initials, access dates and Markdown\'s `--` in pages (real lists: test/fixtures/author-date-new20, -new15)', () => {
    const page = readItem('**CIVICUS** (2023) CIVICUS Monitor. Available from <https://monitor.civicus.org/>.');
    assert.deepStrictEqual([page.type, page.title, page.URL, page.publisher], ['webpage', 'CIVICUS Monitor', 'https://monitor.civicus.org/', undefined]);
    const accessed = readItem("**Charity Navigator** (2020) How Do We Rate Charities' Accountability and Transparency? Available from <https://web.archive.org/web/20200303003545/https://www.charitynavigator.org/index.cfm?bay=content.view&cpid=1093> (accessed 27 March 2024).");
    assert.deepStrictEqual([accessed.type, accessed.title], ['webpage', "How Do We Rate Charities' Accountability and Transparency?"]);
    // OUP's date of access (test/fixtures/author-date-new14/heapro-algal) was read as the title
    assert.strictEqual(readItem('World Health Organization. One Health Fact Sheet. Geneva: WHO. 2025. https://www.who.int/news-room/fact-sheets/detail/one-health (17 December 2025, date last accessed).').title, 'One Health Fact Sheet');
    const manual = readItem('Arel-Bundock, V. (2022). *Marginaleffects: Marginal effects, marginal means, predictions, and contrasts* \\[Manual\\]. <https://CRAN.R-project.org/package=marginaleffects>');
    assert.deepStrictEqual([manual.type, manual.title, manual.publisher], ['software', 'Marginaleffects: Marginal effects, marginal means, predictions, and contrasts', undefined]);
    assert.strictEqual(readItem('Aust, F., & Barth, M. (2020). *papaja: Create APA manuscripts with R Markdown*. <https://github.com/crsh/papaja>').type, 'software');
    const place = readItem('**Brechenmacher S** (2017) *[Civil Society Under Assault](http://carnegieendowment.org/2017/05/18/civil-society-under-assault)*. Washington, D. C.: Carnegie Endowment for International Peace.');
    assert.deepStrictEqual([place.type, place['publisher-place'], place.publisher], ['book', 'Washington, D. C.', 'Carnegie Endowment for International Peace']);
    const trust = readItem('**U.S. Trust** (2014) *[The 2014 U.S. Trust Study of High Net Worth Philanthropy](https://hdl.handle.net/1805/6360)*. Indianapolis, IN: U.S. Trust and The Lilly Family School of Philanthropy.');
    assert.deepStrictEqual([trust['publisher-place'], trust.publisher], ['Indianapolis, IN', 'U.S. Trust and The Lilly Family School of Philanthropy']);
    const chicago = readItem('Robins, James M., Miguel A. Hernán, and Larry Wasserman. 2015. "[Discussion of \'on Bayesian Estimation of Marginal Structural Models\'](https://doi.org/10.1111/biom.12273)." *Biometrics* 71(2): 296--99.');
    assert.deepStrictEqual(source(chicago), ['article-journal', "Discussion of 'on Bayesian Estimation of Marginal Structural Models'", 'Biometrics', '71', '2', '296–99']);
  });

  it('reads a title past abbreviations (e.g., vol., subg.) and a title that opens with a quotation (real Pensoft lists)', () => {
    assert.strictEqual(readItem('Aptroot, A. (2012). Dilemmas in species and genus delimitation in e.g. Graphidaceae. Ramkhamhaeng University Press.').title, 'Dilemmas in species and genus delimitation in e.g. Graphidaceae');
    assert.strictEqual(readItem('Leraut, P. (2006). Moths of Europe, vol. 1: Saturnids. N.A.P. Editions.').title, 'Moths of Europe, vol. 1: Saturnids');
    assert.strictEqual(readItem('Farrell, B. D. (1998). ‘‘Inordinate fondness’’ explained: Why are there so many beetles?. *Science*, *281*, 555–559.').title, '‘‘Inordinate fondness’’ explained: Why are there so many beetles?');
    // Harvard's quoted titles still end at their quote.
    assert.strictEqual(readItem("Smith, J. (2010) 'Security as practice', *Review*, 5(2), pp. 1–11.").title, 'Security as practice');
    assert.strictEqual(readItem('Smith, J. (2010). “Security as practice.” *Review*, 5(2), 1–11.').title, 'Security as practice');
  });

  it('gives Better BibTeX-like keys: family name, year, first significant title word; deduplicated', () => {
    const keys = new KeyMaker();
    const make = (family: string, year: string, title: string) => keys.make({ authors: [{ family }], editors: [], year, title });
    assert.strictEqual(make('Galtung', '1969', 'Violence, peace, and peace research'), 'galtung1969violence');
    assert.strictEqual(make('van der Lijn', '2009', 'The trouble with the Congo'), 'vanderlijn2009trouble');
    assert.strictEqual(make('Müller', '2015a', 'On integration'), 'muller2015integration');
    assert.strictEqual(make('Smith', '2010', 'A study'), 'smith2010study');
    assert.strictEqual(make('Smith', '2010', 'The study'), 'smith2010studya');
    assert.strictEqual(keys.make({ authors: [{ literal: 'United Nations Development Programme' }], editors: [], year: '2019', title: 'Human development report' }), 'undp2019human');
    assert.strictEqual(keys.make({ authors: [{ literal: 'World Bank' }], editors: [], year: '2011', title: 'World development report' }), 'worldbank2011world');
    assert.strictEqual(keys.make({ authors: [], editors: [], year: '2017', title: 'Disarmament in post-war societies' }), 'disarmament2017');
  });

  it('extracts every item of the example manuscript, and the CSL-JSON and BibTeX read back as the same library', () => {
    const library = extractReferences(manuscript, 'refs.json')!;
    assert.strictEqual(library.unread.length, 0);
    assert.strictEqual(library.references.length, 25);
    const keys = library.references.map((reference) => reference.entry.key);
    assert.strictEqual(new Set(keys).size, keys.length);
    assert.ok(keys.includes('walter2004does') && keys.includes('walter2004re') && keys.includes('worldbank2018pathways'));
    const fromJson = parseCslJson(toCslJson(library), 'refs.json');
    assert.deepStrictEqual(fromJson.problems, []);
    assert.deepStrictEqual(fromJson.entries.map((entry) => entry.key), keys);
    const fromBibtex = parseBibtex(toBibtex(library), 'refs.bib');
    assert.deepStrictEqual(fromBibtex.problems.filter((problem) => problem.severity === 'error'), []);
    assert.deepStrictEqual(fromBibtex.entries.map((entry) => entry.key), keys);
    const pettersson = fromBibtex.entries.find((entry) => entry.key === 'pettersson2020organized')!;
    assert.deepStrictEqual(pettersson.authors.map((person) => person.family), ['Pettersson', 'Öberg']);
    assert.strictEqual(pettersson.fields?.journal, 'Journal of Peace Research');
  });

  it('reports the items it cannot read with their line, and keeps the others', () => {
    const text = '# Paper\n\n## References\n\nSmith, J. (2010). A title. Publisher.\n\nJust a note without any year.\n\nLee, K. (2011). Another title. Publisher.\n';
    const library = extractReferences(text, 'refs.json')!;
    assert.deepStrictEqual(library.references.map((reference) => reference.entry.key), ['smith2010title', 'lee2011another']);
    assert.deepStrictEqual(library.unread, [{ line: 7, text: 'Just a note without any year.', reason: 'no year found' }]);
    assert.strictEqual(extractReferences('# Paper\n\nNo list here (Smith, 2010).\n', 'refs.json'), undefined);
  });
});
