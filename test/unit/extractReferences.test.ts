import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { extractReferences, KeyMaker, readItem, toBibtex, toCslJson } from '../../src/core/citations/extractReferences';
import { parseBibtex } from '../../src/core/library/bibtex';
import { parseCslJson } from '../../src/core/library/csl';

const root = path.resolve(__dirname, '../..');
const manuscript = fs.readFileSync(path.join(root, 'examples/manuscript-apa.md'), 'utf8');

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

  it('reads books, chapters with editors, organisations, particles, year suffixes and Harvard items', () => {
    const book = readItem('Kaldor, M. (2012). *New and old wars: Organized violence in a global era* (3rd ed.). Polity.');
    assert.deepStrictEqual([book.type, book.title, book.edition, book.publisher], ['book', 'New and old wars: Organized violence in a global era', '3rd', 'Polity']);
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
