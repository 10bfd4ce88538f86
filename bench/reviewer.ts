// Reviewer mode on real articles: citation detection, recall of seeded errors and precision of the flags,
// against each article's own reference list and against its .bib (see bench/reviewer/).
import * as fs from 'fs';
import * as path from 'path';
import { describeScore, scoreCorpus } from './reviewer/score';

/** author-date-new, author-date-new2, …: documents from sources not used while the checker was fixed (out of sample when added), in the order they came. */
function outOfSampleCorpora(fixtures: string): string[] {
  const number = (name: string) => Number(name.slice('author-date-new'.length) || 1);
  return fs.readdirSync(fixtures).filter((name) => /^author-date-new\d*$/.test(name)).sort((a, b) => number(a) - number(b));
}

export async function benchReviewer(): Promise<void> {
  const fixtures = path.resolve(__dirname, '../test/fixtures');
  // author-date-jats: Pensoft, PeerJ and Frontiers articles with APA lists made from their parts;
  // author-date-publishers: other publishers and styles, each list as its publisher writes it.
  for (const corpus of ['author-date-jats', 'author-date-publishers', ...outOfSampleCorpora(fixtures)]) {
    const score = scoreCorpus(path.join(fixtures, corpus));
    console.log(`## Reviewer mode: ${score.articles} real articles (test/fixtures/${corpus})\n`);
    console.log(describeScore('list', score.list));
    console.log(describeScore('bib', score.bib));
    if (process.env.CITEMARK_BENCH_VERBOSE) for (const mistake of [...score.list.mistakes, ...score.bib.mistakes]) console.log(`  ${mistake}`);
    console.log();
  }
}
