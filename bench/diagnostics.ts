import { spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkDocument } from '../src/core/check';
import { LibraryIndex } from '../src/core/library/libraryIndex';
import { parseLibraryFile } from '../src/core/library/load';
import { gunzipFile, hasCommand, ms, percentile, timeRuns } from './util';

const WORDS = 'peace building requires local ownership of reconciliation processes and durable institutions that communities trust over time'.split(' ');

/** A 40,000-word draft citing 1,000 keys of the library (10 of them misspelt). */
function makeDraft(keys: string[]): string {
  const paragraphs: string[] = ['---\ntitle: Benchmark draft\n---\n'];
  let words = 0;
  let cited = 0;
  while (words < 40000) {
    const sentence: string[] = [];
    for (let i = 0; i < 20; i++) sentence.push(WORDS[(words + i * 7) % WORDS.length]);
    words += 20;
    let text = `${sentence.join(' ')}`;
    if (cited < 1000 && words % 40 === 0) {
      const key = keys[(cited * 83) % keys.length];
      text += cited % 100 === 0 ? ` [@${key}x; @${keys[cited + 1]}, p. 4]` : cited % 3 === 0 ? ` as @${key} shows` : ` [see @${key}, ch. 2]`;
      cited++;
    }
    paragraphs.push(`${text}.`);
  }
  return paragraphs.join(words % 7 === 0 ? '\n\n' : ' ');
}

export async function benchDiagnostics(aclGz: string): Promise<void> {
  console.log('## Diagnostics after a keystroke (40,000-word draft, 1,000 citations, ACL library)');
  const library = parseLibraryFile(await gunzipFile(aclGz), 'acl.bib');
  const index = new LibraryIndex();
  index.set(library);
  const view = index.view();
  const draft = makeDraft(library.entries.map((entry) => entry.key));
  const words = draft.split(/\s+/).length;
  let edits = 0;
  const times = timeRuns(30, () => {
    // A keystroke: one character typed in the middle of the draft, then the whole draft re-checked.
    const middle = Math.floor(draft.length / 2) + edits++;
    const text = `${draft.slice(0, middle)}e${draft.slice(middle)}`;
    return checkDocument('/bench/draft.md', text, view, { suggest: false });
  });
  const result = checkDocument('/bench/draft.md', draft, view);
  console.log(`draft: ${words} words, ${result.citations.length} citations, ${result.diagnostics.length} diagnostics`);
  console.log(`Citemark check: p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))} (target <= 50 ms: ${percentile(times, 95) <= 50 ? 'holds' : 'MISSED'})`);
  if (hasCommand('pandoc')) {
    const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'citemark-bench-')), 'draft.md');
    await fs.writeFile(file, draft);
    const pandoc = timeRuns(3, () => spawnSync('pandoc', ['-f', 'markdown', '-t', 'json', file], { maxBuffer: 1 << 28 }));
    console.log(`baseline pandoc -f markdown -t json (only finds the citations): median ${ms(pandoc[1])}; Citemark p95 is ${(percentile(times, 95) / pandoc[1]).toFixed(3)}× of it`);
  } else {
    console.log('baseline pandoc: not installed (apt-get install pandoc), ratio not printed');
  }
  console.log('');
}
