// Library reading: Citemark's BibTeX reader against citation-js (whole file, and entry by entry) and
// pandoc, on the same bytes in the same run.
import { spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseBibtex, reparseBibtexEdit } from '../src/core/library/bibtex';
import { citationJs } from '../src/core/citationJs';
import { decodeLibraryBytes } from '../src/core/library/decode';
import type { ParsedLibrary } from '../src/core/types';
import { gunzipFile, hasCommand, ms, timeRuns } from './util';

const ENTRY_BY_ENTRY_LIMIT = 5000;
const PANDOC_SKIPPED = 'acl-anthology';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** The text of each entry, cut at the lines the parser found, for feeding citation-js one at a time. */
function entryTexts(text: string, parsed: ParsedLibrary, limit: number): string[] {
  const lines = text.split('\n');
  return parsed.entries.slice(0, limit).map((entry) => lines.slice(entry.startLine, entry.endLine + 1).join('\n'));
}

function benchCitationJs(text: string, parsed: ParsedLibrary): number {
  const start = performance.now();
  let outcome: string;
  try {
    outcome = `read ${new (citationJs().Cite)(text).data.length} entries`;
  } catch (error) {
    outcome = `throws (${String((error as Error).message).split('\n')[0].slice(0, 80)})`;
  }
  console.log(`  citation-js, whole file: ${outcome} after ${ms(performance.now() - start)}`);
  return citationJsEntryByEntry(text, parsed);
}

/** citation-js on the first 5,000 entries one at a time, extrapolated to the whole file (it cannot read the file whole). */
export function citationJsEntryByEntry(text: string, parsed: ParsedLibrary): number {
  return citationJsTimes(text, parsed).wall;
}

/** citationJsEntryByEntry's extrapolation in wall time and in CPU time (of the process, GC threads included). */
export function citationJsTimes(text: string, parsed: ParsedLibrary): { wall: number; cpu: number } {
  const texts = entryTexts(text, parsed, ENTRY_BY_ENTRY_LIMIT);
  let failures = 0;
  const Constructor = citationJs().Cite;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  for (const entryText of texts) {
    try {
      new Constructor(entryText);
    } catch {
      failures++;
    }
  }
  const sample = performance.now() - start;
  const cpuUsed = process.cpuUsage(cpuStart);
  const extrapolated = (sample / texts.length) * parsed.entries.length;
  console.log(
    `  citation-js, entry by entry: ${ms(sample)} for the first ${texts.length} entries (${failures} threw); ` +
      `EXTRAPOLATED to all ${parsed.entries.length}: ${ms(extrapolated)}`,
  );
  return { wall: extrapolated, cpu: ((cpuUsed.user + cpuUsed.system) / 1000 / texts.length) * parsed.entries.length };
}

async function benchPandoc(name: string, bytes: Buffer): Promise<void> {
  if (!hasCommand('pandoc')) {
    console.log('  pandoc: not on PATH, skipped');
    return;
  }
  if (name.includes(PANDOC_SKIPPED)) {
    console.log('  pandoc: skipped on this file (it takes about 100 s)');
    return;
  }
  const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'citemark-bench-')), name.replace(/\.gz$/, ''));
  await fs.writeFile(file, bytes);
  const start = performance.now();
  const run = spawnSync('pandoc', ['-f', 'biblatex', '-t', 'csljson', file], { maxBuffer: 1 << 30, encoding: 'utf8' });
  const time = performance.now() - start;
  const outcome = run.status === 0 ? `${(JSON.parse(run.stdout) as unknown[]).length} entries` : `failed: ${run.stderr.split('\n')[0]}`;
  console.log(`  pandoc -f biblatex -t csljson: ${ms(time)}, ${outcome}`);
  await fs.rm(path.dirname(file), { recursive: true });
}

/** reparseBibtexEdit after typing into, then undoing, a title in the middle of the file (median of 5). */
function benchReparse(text: string, parsed: ParsedLibrary): number {
  const at = text.indexOf('title', text.length >> 1);
  if (at === -1) return NaN;
  let current = text;
  let library = parsed;
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const next = run % 2 === 0 ? `${current.slice(0, at)}X\n${current.slice(at)}` : current.slice(0, at) + current.slice(at + 2);
    void next.charCodeAt(at); // a string built by concatenation is flattened on first access: not part of the parse
    const start = performance.now();
    library = reparseBibtexEdit(library, current, next);
    times.push(performance.now() - start);
    current = next;
  }
  times.sort((a, b) => a - b);
  console.log(`  reparseBibtexEdit, one entry edited (adds a line): ${ms(times[2])} (runs: ${times.map(ms).join(', ')}) — target <= 100 ms: ${times[2] <= 100 ? 'holds' : 'MISSED'}`);
  return times[2];
}

export async function benchLibrary(files: string[]): Promise<void> {
  console.log('## Library reading (decode + parseBibtex; median of 3 runs)');
  console.log(`machine: ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)} (wall times grow with load)`);
  for (const file of files) {
    const name = path.basename(file);
    const bytes = await gunzipFile(file);
    let parsed: ParsedLibrary | undefined;
    let text = '';
    const cpuTimes: number[] = [];
    const times = timeRuns(3, () => {
      parsed = undefined;
      const cpu = process.cpuUsage();
      text = decodeLibraryBytes(bytes).text;
      parsed = parseBibtex(text, name);
      const used = process.cpuUsage(cpu);
      cpuTimes.push((used.user + used.system) / 1000);
    });
    if (!parsed) throw new Error(`no result for ${name}`);
    const median = times[1];
    gc();
    const memory = process.memoryUsage();
    const errors = parsed.problems.filter((problem) => problem.severity === 'error').length;
    console.log(`${name}: ${mb(bytes.length)}, ${parsed.entries.length} entries, ${parsed.problems.length} problems (${errors} errors)`);
    console.log(`  Citemark: ${ms(median)} (runs: ${times.map(ms).join(', ')}; CPU time of the process, GC threads included: ${cpuTimes.map(ms).join(', ')})`);
    console.log(`  after: heap ${mb(memory.heapUsed)}, RSS ${mb(memory.rss)}`);
    const reparse = benchReparse(text, parsed);
    const citationJs = benchCitationJs(text, parsed);
    console.log(`  ratio Citemark / citation-js entry by entry (extrapolated): parse ${(median / citationJs).toFixed(3)}, one-entry re-parse ${(reparse / citationJs).toFixed(4)}`);
    await benchPandoc(name, bytes);
  }
  console.log('');
}
