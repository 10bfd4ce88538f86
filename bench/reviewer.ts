// Reviewer mode on real articles: citation detection, recall of seeded errors and precision of the flags,
// against each article's own reference list and against its .bib (see bench/reviewer/).
import * as path from 'path';
import { describeScore, scoreCorpus } from './reviewer/score';

export async function benchReviewer(): Promise<void> {
  // author-date-jats: Pensoft, PeerJ and Frontiers articles with APA lists made from their parts;
  // author-date-publishers: other publishers and styles, each list as its publisher writes it;
  // author-date-new, author-date-new2, author-date-new3, author-date-new4, author-date-new5, author-date-new6, author-date-new7, author-date-new8, author-date-new9, author-date-new10, author-date-new11, author-date-new12, author-date-new13, author-date-new14, author-date-new15, author-date-new16, author-date-new17, author-date-new18, author-date-new19, author-date-new20: documents from sources not used while the checker was fixed (out of sample when added).
  for (const corpus of ['author-date-jats', 'author-date-publishers', 'author-date-new', 'author-date-new2', 'author-date-new3', 'author-date-new4', 'author-date-new5', 'author-date-new6', 'author-date-new7', 'author-date-new8', 'author-date-new9', 'author-date-new10', 'author-date-new11', 'author-date-new12', 'author-date-new13', 'author-date-new14', 'author-date-new15', 'author-date-new16', 'author-date-new17', 'author-date-new18', 'author-date-new19', 'author-date-new20']) {
    const score = scoreCorpus(path.resolve(__dirname, '../test/fixtures', corpus));
    console.log(`## Reviewer mode: ${score.articles} real articles (test/fixtures/${corpus})\n`);
    console.log(describeScore('list', score.list));
    console.log(describeScore('bib', score.bib));
    if (process.env.CITEMARK_BENCH_VERBOSE) for (const mistake of [...score.list.mistakes, ...score.bib.mistakes]) console.log(`  ${mistake}`);
    console.log();
  }
}
