import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import Fuse from 'fuse.js';
import { gunzipSync } from 'zlib';
import { LazyEntries } from '../../src/core/library/entryList';
import { parseLibraryFile } from '../../src/core/library/load';
import { CitationSearch, SEARCH_OPTIONS, queryWords, rankResults, similarKeys } from '../../src/core/search/search';
import type { LibraryEntry, Person } from '../../src/core/types';
import { runToEnd } from '../../src/core/steps';
import { corpusOrSkip } from '../corpora';

function person(name: string): Person {
  const [family, given] = name.split(', ');
  return given === undefined ? { literal: family } : { family, given };
}

function entry(key: string, authors: string[], year: string, title: string, container = '', keywords: string[] = []): LibraryEntry {
  return { key, type: 'article', source: 'test.bib', startLine: 0, endLine: 0, keyOffset: -1, authors: authors.map(person), editors: [], year, title, container, keywords };
}

const library: LibraryEntry[] = [
  entry('goldsmith2020', ['Goldsmith, John'], '2020', 'Unsupervised learning of the morphology of a natural language', 'Computational Linguistics'),
  entry('bahdanau2015', ['Bahdanau, Dzmitry', 'Cho, Kyunghyun', 'Bengio, Yoshua'], '2015', 'Neural machine translation by jointly learning to align and translate', 'ICLR'),
  entry('smith2020', ['Smith, Noah A.'], '2020', 'Contextual word representations: putting words into computers', 'Communications of the ACM'),
  entry('worldbank2018', ['World Bank'], '2018', 'Poverty and shared prosperity 2018: piecing together the poverty puzzle', 'World Bank Publications'),
  entry('mueller2019', ['Müller, Thomas', 'Schütze, Hinrich'], '2019', 'Efficient higher-order CRFs for morphological tagging', 'EMNLP'),
  entry('smith2010', ['Smith, David A.', 'Eisner, Jason'], '2010', 'Quasi-synchronous grammars: alignment by soft projection of syntactic dependencies', 'Workshop on Statistical Machine Translation'),
  entry('jones2018', ['Jones, Karen Spärck'], '2018', 'A statistical interpretation of term specificity and its application in retrieval', 'Journal of Documentation'),
  entry('vaswani2017', ['Vaswani, Ashish', 'Shazeer, Noam', 'Parmar, Niki'], '2017', 'Attention is all you need', 'Advances in Neural Information Processing Systems', ['transformer', 'attention']),
  entry('devlin2019', ['Devlin, Jacob', 'Chang, Ming-Wei', 'Lee, Kenton', 'Toutanova, Kristina'], '2019', 'BERT: pre-training of deep bidirectional transformers for language understanding', 'NAACL'),
  entry('smith2020b', ['Smith, Laura'], '2020', 'Reading comprehension for clinical notes', 'BioNLP'),
  entry('sutskever2014', ['Sutskever, Ilya', 'Vinyals, Oriol', 'Le, Quoc V.'], '2014', 'Sequence to sequence learning with neural networks', 'NeurIPS'),
  entry('koehn2003', ['Koehn, Philipp', 'Och, Franz Josef', 'Marcu, Daniel'], '2003', 'Statistical phrase-based translation', 'NAACL'),
  entry('mikolov2013', ['Mikolov, Tomas', 'Sutskever, Ilya', 'Chen, Kai'], '2013', 'Distributed representations of words and phrases and their compositionality', 'NeurIPS'),
  entry('pennington2014', ['Pennington, Jeffrey', 'Socher, Richard', 'Manning, Christopher D.'], '2014', 'GloVe: global vectors for word representation', 'EMNLP'),
  entry('who2021', ['World Health Organization'], '2021', 'Global report on infodemic management', 'WHO Press'),
  entry('sorensen2019', ['Sørensen, Anne'], '2019', 'Danish clinical text mining', 'NoDaLiDa'),
  entry('lample2016', ['Lample, Guillaume', 'Ballesteros, Miguel'], '2016', 'Neural architectures for named entity recognition', 'NAACL'),
  entry('manning1999', ['Manning, Christopher D.', 'Schütze, Hinrich'], '1999', 'Foundations of statistical natural language processing', 'MIT Press'),
  entry('hochreiter1997', ['Hochreiter, Sepp', 'Schmidhuber, Jürgen'], '1997', 'Long short-term memory', 'Neural Computation'),
  entry('peters2018', ['Peters, Matthew E.', 'Neumann, Mark'], '2018', 'Deep contextualized word representations', 'NAACL'),
  entry('radford2019', ['Radford, Alec', 'Wu, Jeffrey'], '2019', 'Language models are unsupervised multitask learners', 'OpenAI'),
  entry('brown2020', ['Brown, Tom B.', 'Mann, Benjamin'], '2020', 'Language models are few-shot learners', 'NeurIPS'),
  entry('imf2019', ['International Monetary Fund'], '2019', 'World economic outlook: global manufacturing downturn', 'IMF'),
  entry('banerjee2005', ['Banerjee, Satanjeev', 'Lavie, Alon'], '2005', 'METEOR: an automatic metric for MT evaluation', 'ACL Workshop'),
  entry('papineni2002', ['Papineni, Kishore', 'Roukos, Salim'], '2002', 'BLEU: a method for automatic evaluation of machine translation', 'ACL'),
  entry('luong2015', ['Luong, Thang', 'Pham, Hieu', 'Manning, Christopher D.'], '2015', 'Effective approaches to attention-based neural machine translation', 'EMNLP'),
  entry('smithson2019', ['Smithson, Michael'], '2019', 'Fuzzy set analysis for the social sciences', 'Sage'),
  entry('blei2003', ['Blei, David M.', 'Ng, Andrew Y.', 'Jordan, Michael I.'], '2003', 'Latent Dirichlet allocation', 'Journal of Machine Learning Research', ['topic models']),
  entry('collobert2011', ['Collobert, Ronan', 'Weston, Jason'], '2011', 'Natural language processing (almost) from scratch', 'Journal of Machine Learning Research'),
  entry('jurafsky2009', ['Jurafsky, Daniel', 'Martin, James H.'], '2009', 'Speech and language processing', 'Prentice Hall'),
];

const keysOf = (entries: LibraryEntry[]) => entries.map((found) => found.key);

describe('citation search', () => {
  const search = new CitationSearch(library);

  it('puts keys that start with what was typed first', () => {
    const found = keysOf(search.search('smith20'));
    assert.deepStrictEqual(found.slice(0, 3).sort(), ['smith2010', 'smith2020', 'smith2020b']);
    assert.ok(found.includes('goldsmith2020'), 'a key holding the text elsewhere still matches, later');
    assert.deepStrictEqual(keysOf(search.search('smith202')).slice(0, 2).sort(), ['smith2020', 'smith2020b']);
    assert.strictEqual(search.search('smith2010')[0].key, 'smith2010');
  });

  it('finds a paper by two words of its title', () => {
    // Both NMT papers hold both words; fuse prefers the shorter title (field-length norm).
    assert.deepStrictEqual(keysOf(search.search('neural translation')).slice(0, 2).sort(), ['bahdanau2015', 'luong2015']);
    assert.strictEqual(search.search('attention need')[0].key, 'vaswani2017');
  });

  it('finds an author and year given together', () => {
    assert.strictEqual(search.search('smith 2010')[0].key, 'smith2010');
    assert.strictEqual(search.search('Manning 1999')[0].key, 'manning1999');
  });

  it('finds author and year run together (`devlin2019`) where the keys are written otherwise, as ACL\'s are', () => {
    const acl = new CitationSearch(library.map((known) => ({ ...known, key: known.key.replace(/^(\D+)(\d+)(\w?)$/, '$1-etal-$2-paper$3') })));
    assert.strictEqual(acl.search('devlin2019')[0]?.key, 'devlin-etal-2019-paper');
    assert.strictEqual(acl.search('Pennington2014 glove')[0]?.key, 'pennington-etal-2014-paper');
    // a key typed as it is written is found as such, not taken apart
    assert.strictEqual(search.search('smith2010')[0].key, 'smith2010');
    assert.deepStrictEqual(keysOf(acl.search('nobody2019')), []);
  });

  it('finds corporate authors', () => {
    assert.strictEqual(search.search('world bank')[0].key, 'worldbank2018');
    assert.strictEqual(search.search('health organization')[0].key, 'who2021');
  });

  it('finds every entry of a year before any other', () => {
    const of2019 = library.filter((item) => item.year === '2019').map((item) => item.key).sort();
    assert.deepStrictEqual(keysOf(search.search('2019')).slice(0, of2019.length).sort(), of2019);
  });

  it('finds entries by venue, whatever its case', () => {
    assert.deepStrictEqual(keysOf(search.search('emnlp')).sort(), ['luong2015', 'mueller2019', 'pennington2014']);
    assert.strictEqual(search.search('neural computation')[0].key, 'hochreiter1997');
  });

  it('ignores accents and case', () => {
    assert.strictEqual(search.search('muller')[0].key, 'mueller2019');
    assert.strictEqual(search.search('SORENSEN')[0].key, 'sorensen2019');
    assert.strictEqual(search.search('schutze')[0].key, 'mueller2019');
  });

  it('tolerates a typo in a long word', () => {
    assert.strictEqual(search.search('hochreitter')[0].key, 'hochreiter1997');
  });

  it('keeps a list being typed into open halfway through a name spelt otherwise: the last word cut back until something is found', () => {
    // (as a user met it in a real JOSS paper's .bib: `Babuv\v{s}ka` is Babuvška, and `[@babuska` closed the list at `babus`)
    const bib = '@article{BABUVSKA1978,\n  author = {Babuv\\v{s}ka, I. and Rheinboldt, W. C.},\n  title = {Error Estimates for Adaptive Finite Element Computations},\n  year = 1978\n}\n';
    const withBabuska = new CitationSearch([...library, ...parseLibraryFile(Buffer.from(bib), 'paper.bib').entries]);
    const typing = (query: string) => keysOf(runToEnd(withBabuska.typingSteps(query)));
    assert.deepStrictEqual(keysOf(withBabuska.search('babus')), [], 'up to 6 letters must match exactly');
    for (const query of ['babu', 'babus', 'babusk', 'babuska', 'error babusk']) assert.deepStrictEqual(typing(query), ['BABUVSKA1978'], query);
    // a match for the whole query comes first; nothing near it, nothing
    assert.deepStrictEqual(typing('hochreitter'), keysOf(withBabuska.search('hochreitter')));
    assert.deepStrictEqual(typing('qqqqzzzz'), []);
  });

  it('returns the first entries for an empty query, and respects the limit', () => {
    assert.deepStrictEqual(keysOf(search.search('', 3)), ['goldsmith2020', 'bahdanau2015', 'smith2020']);
    assert.strictEqual(search.search('a', 5).length, 5);
    assert.deepStrictEqual(search.search('qqqqzzzz'), []);
  });

  it('searches in steps, one at least every 1,024 entries it looks at, to the same results', () => {
    // 20,000 entries: the library's, again and again under new keys.
    const large = Array.from({ length: 20_000 }, (_, i) => ({ ...library[i % library.length], key: `${library[i % library.length].key}x${i}` }));
    const largeSearch = new CitationSearch(large);
    for (const query of ['a', 'neural translation', 'smith 2010']) {
      const steps = largeSearch.searchSteps(query, 10);
      let count = 0;
      let step = steps.next();
      for (; !step.done; step = steps.next()) count++;
      assert.deepStrictEqual(keysOf(step.value), keysOf(largeSearch.search(query, 10)), query);
      if (query === 'a') assert.ok(count >= Math.floor(large.length / 1024), `${count} steps over every entry`);
    }
  });

  it('indexes a BibTeX entry by the same names whether its people were read or not (they are read when asked for)', () => {
    const fixtures = path.resolve(__dirname, '../fixtures');
    for (const file of (fs.readdirSync(fixtures, { recursive: true }) as string[]).filter((name) => name.endsWith('.bib'))) {
      const entries = parseLibraryFile(fs.readFileSync(path.join(fixtures, file)), file).entries;
      const unread = new CitationSearch(entries);
      for (const read of entries) void [read.authors, read.editors];
      const afterReading = new CitationSearch(entries);
      entries.forEach((_entry, index) => assert.deepStrictEqual(unread.doc(index), afterReading.doc(index), `${file}: ${entries[index].key}`));
    }
  });

  it('takes updates', () => {
    const updated = new CitationSearch(library);
    updated.update([entry('hinton2006', ['Hinton, Geoffrey'], '2006', 'A fast learning algorithm for deep belief nets')], ['smith2010']);
    assert.strictEqual(updated.search('hinton')[0].key, 'hinton2006');
    assert.ok(!keysOf(updated.search('smith')).includes('smith2010'));
    assert.strictEqual(updated.size, library.length);
  });
});

describe('citation search on the ACL Anthology, against plain fuse.js', function () {
  this.timeout(120000);
  let search: CitationSearch;
  let fuse: Fuse<ReturnType<CitationSearch['doc']>>;
  let docs: Array<ReturnType<CitationSearch['doc']>>;

  before(function () {
    // The first 5,000 entries of the real file.
    const text = gunzipSync(fs.readFileSync(corpusOrSkip(this, 'acl-anthology-via-jgrey.bib.gz'))).toString('utf8');
    let end = 0;
    for (let count = 0; count <= 5000 && end >= 0; count++) end = text.indexOf('\n@', end + 1);
    const entries = parseLibraryFile(Buffer.from(text.slice(0, end)), 'acl.bib').entries;
    assert.ok(entries.length >= 4900, `read ${entries.length} entries`);
    search = new CitationSearch(entries);
    docs = entries.map((_entry, index) => search.doc(index));
    fuse = new Fuse(docs, SEARCH_OPTIONS);
  });

  // Typos and key-like words too: there the bounds come from edit distances, not exact occurrences.
  const queries = ['neural machine translation', 'sentiment', 'sentimen analysis', 'zhang 2023', 'dependency pars', 'transformer', 'n', 'ne', 'bert',
    'arabic dialect', 'proceedings 2023', 'world', 'zhang-etal-2023', 'tranformer', 'sentimet', 'summari', 'chinese word', 'wang-etal-2023-robust',
    'li-etal-2023', 'multilingal', 'questin answering', 'xu 2023 larg'];
  for (const query of queries) {
    it(`gives plain fuse.js's top 10 for "${query}"`, () => {
      const words = queryWords(query);
      const expected = rankResults(fuse.search({ $and: words }), docs, words).slice(0, 10);
      assert.ok(expected.length > 0, 'the query matches something');
      assert.deepStrictEqual(search.rankedIndices(words, 10), expected);
    });
  }

  it("gives plain fuse.js's top 50 too", () => {
    for (const query of ['translation', 'learning 2022']) {
      const words = queryWords(query);
      assert.deepStrictEqual(search.rankedIndices(words, 50), rankResults(fuse.search({ $and: words }), docs, words).slice(0, 50));
    }
  });

  it('builds in slices that give the event loop back, to the same index', async () => {
    let turns = 0;
    let counting = true;
    const count = () => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const sliced = await CitationSearch.build(search.entryList as LibraryEntry[], 1);
    counting = false;
    assert.ok(turns >= 3, `the event loop ran ${turns} times during the build`);
    for (const query of ['neural machine translation', 'sentimet', 'zhang-etal-2023']) {
      assert.deepStrictEqual(sliced.rankedIndices(queryWords(query), 10), search.rankedIndices(queryWords(query), 10));
    }
  });

  it('cuts words longer than fuse.js can compare (32 characters) the same way', () => {
    const words = queryWords('internationalisationandlocalisationofsoftware translation');
    assert.strictEqual(words[0].length, 32);
    assert.deepStrictEqual(search.rankedIndices(words, 10), rankResults(fuse.search({ $and: words }), docs, words).slice(0, 10));
  });
});

describe('similar keys', () => {
  it('suggests the key with swapped letters', () => {
    assert.strictEqual(similarKeys('smtih2010', library)[0], 'smith2010');
  });

  it('suggests the same author a year off', () => {
    assert.strictEqual(similarKeys('jones2019', library)[0], 'jones2018');
  });

  it('suggests the entry by the author and year read from the key, whatever its key', () => {
    const withLongKeys = [...library, entry('eisner-smith-2010-long-key', ['Eisner, Jason'], '2010', 'Something else')];
    assert.ok(similarKeys('eisner2010', withLongKeys).includes('eisner-smith-2010-long-key'));
  });

  it('accepts a CitationSearch and gives the same answer', () => {
    assert.deepStrictEqual(similarKeys('vaswani2018', new CitationSearch(library)), similarKeys('vaswani2018', library));
    assert.strictEqual(similarKeys('vaswani2018', library)[0], 'vaswani2017');
  });

  it('suggests nothing for an unrelated key', () => {
    assert.deepStrictEqual(similarKeys('qwertyuiop', library), []);
  });

  it('from a search index over entries made on first use, makes only the entries that may be close', () => {
    const file = 'test/fixtures/bib-messy/bbt-mendeley-export.bib';
    const entries = parseLibraryFile(fs.readFileSync(file), file).entries;
    const made = new Set<number>();
    const lazy = CitationSearch.fromSnapshot(new CitationSearch(entries).snapshot(), new LazyEntries(entries.length, (index) => (made.add(index), entries[index])));
    const typo = entries[100].key.replace(/^(.)(.)/, '$2$1');
    const first = entries[200].authors[0]?.family ?? '';
    const authorYear = `${first.toLowerCase()}${entries[200].year}`;
    for (const missing of [typo, authorYear, 'qwertyuiop']) {
      made.clear();
      assert.deepStrictEqual(similarKeys(missing, lazy), similarKeys(missing, entries), missing);
      assert.ok(made.size < entries.length / 10, `${missing}: ${made.size} of ${entries.length} entries made`);
    }
    assert.ok(similarKeys(typo, lazy).includes(entries[100].key));
  });
});
