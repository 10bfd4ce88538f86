import { spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkDocument } from '../src/core/check';
import { Draft } from '../src/core/draft';
import { citationCompletionContext } from '../src/core/languageFeatures/completion';
import { citationKeyAt } from '../src/core/languageFeatures/hover';
import { citedKeys } from '../src/core/languageFeatures/references';
import { LibraryIndex, type LibraryView } from '../src/core/library/libraryIndex';
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
    return checkDocument(new Draft(text, '/bench/draft.md'), view, { suggest: false });
  });
  const result = checkDocument(new Draft(draft, '/bench/draft.md'), view);
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
  benchKeystroke(draft, keystrokeFeatures(view));
  console.log('');
}

/** A feature as the extension runs it after a keystroke, on the edited text with the cursor at `offset`. */
type Feature = (text: string, offset: number) => unknown;

/**
 * What the extension computes after a keystroke: the library view (front matter) and the diagnostics,
 * the completion context and the hover at the cursor, the theme tags. Each feature alone (its own parse),
 * and all of them as the extension runs them, sharing one Draft of the document version.
 */
function keystrokeFeatures(view: LibraryView): Record<string, Feature> {
  const draftOf = (text: string) => new Draft(text, '/bench/draft.md');
  return {
    'front matter': (text) => draftOf(text).frontMatter,
    diagnostics: (text) => checkDocument(draftOf(text), view, { suggest: false }),
    completion: (text, offset) => citationCompletionContext(draftOf(text), offset),
    hover: (text, offset) => citationKeyAt(draftOf(text), offset),
    // the baseline: hover as it was before the Draft, every cited key of the text, then the one at the cursor
    'hover, all keys': (text, offset) => citedKeys(text).find((cited) => offset >= cited.start - 1 && offset <= cited.end),
    'theme tags': (text) => draftOf(text).tags,
    'whole keystroke': (text, offset) => {
      const draft = draftOf(text);
      // diagnostics, completion and hover each ask for the library view, which reads the front matter
      for (let i = 0; i < 3; i++) void draft.frontMatter;
      checkDocument(draft, view, { suggest: false });
      citationCompletionContext(draft, offset);
      citationKeyAt(draft, offset);
      return draft.tags;
    },
  };
}

/**
 * Types one character at the end of a cited key past the middle of the draft (a new key each run),
 * then runs every feature on the edited text, the features taking turns so that load hits them alike.
 */
function benchKeystroke(draft: string, features: Record<string, Feature>): void {
  const runs = 30;
  const keyEnds: number[] = [];
  for (let at = draft.indexOf('[see @', draft.length / 2); at !== -1 && keyEnds.length < runs; at = draft.indexOf('[see @', at + 1)) keyEnds.push(draft.indexOf(', ch. 2]', at));
  const wall = new Map<string, number[]>(Object.keys(features).map((name) => [name, []]));
  const cpu = new Map<string, number[]>(Object.keys(features).map((name) => [name, []]));
  for (let run = 0; run < runs; run++) {
    const offset = keyEnds[run % keyEnds.length];
    const text = `${draft.slice(0, offset)}e${draft.slice(offset)}`;
    for (const [name, feature] of Object.entries(features)) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      feature(text, offset + 1);
      wall.get(name)!.push(performance.now() - start);
      const used = process.cpuUsage(cpuStart);
      cpu.get(name)!.push((used.user + used.system) / 1000);
    }
  }
  console.log(`keystroke, all features (load average ${os.loadavg()[0].toFixed(1)}; wall, CPU in brackets):`);
  for (const name of Object.keys(features)) {
    const times = wall.get(name)!.sort((a, b) => a - b);
    const cpuTimes = cpu.get(name)!.sort((a, b) => a - b);
    console.log(`  ${name.padEnd(16)} p50 ${ms(percentile(times, 50))} (${ms(percentile(cpuTimes, 50))}), p95 ${ms(percentile(times, 95))} (${ms(percentile(cpuTimes, 95))})`);
  }
  const cpuTotal = (name: string) => cpu.get(name)!.reduce((sum, time) => sum + time, 0);
  if (features.hover && features['hover, all keys']) console.log(`  hover / hover with all keys (CPU, all runs): ${(cpuTotal('hover') / cpuTotal('hover, all keys')).toFixed(2)}`);
}
