// Reviewer mode on real articles: citation detection, recall of seeded errors and precision of the flags,
// against each article's own reference list and against its .bib (see bench/reviewer/).
import * as path from 'path';
import { describeScore, scoreCorpus } from './reviewer/score';

export async function benchReviewer(): Promise<void> {
  const dir = path.resolve(__dirname, '../test/fixtures/author-date-jats');
  const score = scoreCorpus(dir);
  console.log(`## Reviewer mode: ${score.articles} real articles (test/fixtures/author-date-jats)\n`);
  console.log(describeScore('list', score.list));
  console.log(describeScore('bib', score.bib));
  if (process.env.CITEMARK_BENCH_VERBOSE) for (const mistake of [...score.list.mistakes, ...score.bib.mistakes]) console.log(`  ${mistake}`);
  console.log();
}
