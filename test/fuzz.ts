// Looks for text that makes the reference-list and citation readers super-linear (a hostile draft
// must never freeze the editor): random runs of name, year and link pieces, each repeated 200, 800
// and 1,600 times; a reader whose time grows well past linear is printed with the piece.
// Usage: npx tsx test/fuzz.ts [seed] [seconds]. What it finds becomes a test in
// test/unit/hostile.test.ts (it found the five fixed in 426a1d3).
import { findAuthorDateCitations, parseNames } from '../src/core/citations/authorDate';
import { readItem } from '../src/core/citations/extractReferences';
import { parseReferenceItem } from '../src/core/citations/referenceList';
import { checkDocument } from '../src/core/check';
import { Draft } from '../src/core/draft';
import { LibraryIndex } from '../src/core/library/libraryIndex';

const PIECES = ['della', 'van de ', 'de la ', 'A. ', 'A.', 'AB ', 'Aa ', 'Aa, ', 'Aa A., ', 'SILVA ', 'SILVA, ', 'J.; ', '; ', ', ', ' & ', ' and ', ' e ',
  'et al. ', 'et al.', '*et al*. ', '(2010) ', '2010 ', '2010a, ', '(2010', '2010)', 'n.d. ', 'in press ', 'Jr. ', 'II ', '[1963] ', '1900/1953 ', '2015 and ',
  'p. 4, ', 'pp. ', 'Title. ', 'Title? ', '*Journal*, ', '3(2), ', '1-2. ', 'v. 20, ', 'n. 40, ', 'p.147-162 ', 'vol. ', 'no. ', 'https://', 'doi:', '10.1/',
  '[', ']', '(', ')', '{', '}', '"', '“', '”', 'World Bank ', 'Ministry of ', 'of ', 'the ', 'The ', 'UCDP/PRIO ', 'IEA ', 'K. C. ', 'ul ', "O'Neil ", 'Mc',
  '1975/76 ', '2002-', '2002-. ', 'to appear ', '1944[1962]. ', '; b', ' 21. ', 'DOI: ', 'In Aa, A. & ', '(eds.), ',
  '-', '‐', '–', '.', ':', '. ', 'In ', '(Ed.) ', '(Eds.), ', 'eds. ', 'Retrieved from ', '[viewed ', '[online] ', 'Available at: ', '\n', '  ', '*', '_'];
const library = new LibraryIndex().view([]);
const READERS: Array<[string, (text: string) => unknown]> = [
  ['parseReferenceItem', parseReferenceItem],
  ['readItem', readItem],
  ['findAuthorDateCitations', (text) => findAuthorDateCitations(text)],
  ['parseNames', (text) => parseNames(text)],
  ['check of a list item', (text) => checkDocument(new Draft(`Text (Aa, 2010).\n\n# References\n\n${text}\n`, 'd.md'), library, { authorDate: 'on', suggest: false })],
];

let seed = Number(process.argv[2] ?? 1);
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const deadline = Date.now() + Number(process.argv[3] ?? 60) * 1000;
const found = new Set<string>();
while (Date.now() < deadline) {
  const piece = Array.from({ length: 1 + Math.floor(random() * 4) }, () => PIECES[Math.floor(random() * PIECES.length)]).join('');
  const before = random() < 0.5 ? 'Smith, J. ' : '';
  const after = random() < 0.5 ? 'x' : ' (2010). Title.';
  for (const [name, read] of READERS) {
    const time = (times: number) => {
      const start = performance.now();
      read(before + piece.repeat(times) + after);
      return performance.now() - start;
    };
    const [small, large] = [time(200), time(800)];
    // 4x the text: 4x the time if linear; 16x if quadratic (confirmed on 8x before it is printed)
    if (large > 30 && large > small * 8) {
      const larger = time(1600);
      const what = `${name} ${JSON.stringify(piece)}`;
      if (larger > large * 3 && !found.has(what)) {
        found.add(what);
        console.log(`${what}: ${small.toFixed(1)} / ${large.toFixed(1)} / ${larger.toFixed(1)} ms`);
      }
    }
  }
}
console.log(`${found.size} found`);
