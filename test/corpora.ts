// The large real libraries (ACL Anthology, jgrey, …) are too big for the repository. They live in one
// folder named by CITEMARK_CORPORA, by default `../shared/bench` beside the repository. Tests that need
// one skip with a line saying which file is missing and where it was looked for.
import * as fs from 'fs';
import * as path from 'path';

// test/ and dist/ (where the bench is bundled) are both one level below the repository.
export const CORPORA_DIR = path.resolve(process.env.CITEMARK_CORPORA ?? path.resolve(__dirname, '../../shared/bench'));

/** The path of a corpus file, or undefined when it is not there. */
export function corpusFile(name: string): string | undefined {
  const file = path.join(CORPORA_DIR, name);
  return fs.existsSync(file) ? file : undefined;
}

/** The path of a corpus file; without it the running mocha test or hook is skipped, saying why. */
export function corpusOrSkip(context: Mocha.Context, name: string): string {
  const file = corpusFile(name);
  if (file) return file;
  console.log(`      skipped: ${name} is not in ${CORPORA_DIR} (set CITEMARK_CORPORA to the folder that holds it)`);
  return context.skip() as never;
}
