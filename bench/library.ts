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
import { childFigures, gunzipFile, hasCommand, ms, timeRuns } from './util';

const PANDOC_SKIPPED = 'acl-anthology';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** The text of each entry, cut at the lines the parser found, for feeding citation-js one at a time. */
function entryTexts(text: string, parsed: ParsedLibrary): string[] {
  const lines = text.split('\n');
  return parsed.entries.map((entry) => lines.slice(entry.startLine, entry.endLine + 1).join('\n'));
}

function benchCitationJsWhole(text: string): void {
  const start = performance.now();
  let outcome: string;
  try {
    outcome = `read ${new (citationJs().Cite)(text).data.length} entries`;
  } catch (error) {
    outcome = `throws (${String((error as Error).message).split('\n')[0].slice(0, 80)})`;
  }
  console.log(`  citation-js, whole file: ${outcome} after ${ms(performance.now() - start)}`);
}

/** citation-js entry by entry over a whole file: wall and CPU time (ms; of the process, GC threads included). */
export interface CitationJsFigures {
  wall: number;
  cpu: number;
  entries: number;
  failures: number;
  /** Wall and CPU time of each run, in the order run. */
  runs: Array<{ wall: number; cpu: number }>;
}

/**
 * Run in a child process: citation-js entry by entry over every entry of the file, as a fresh process
 * meets it (its JIT cold, as the cold index's is), on a heap holding only the entries' texts. Not timed:
 * gunzip, cutting the texts (at the lines Citemark's parser found) and loading citation-js.
 * Prints one JSON line of figures.
 */
export async function citationJsChild(file: string): Promise<void> {
  const { text } = decodeLibraryBytes(file.endsWith('.gz') ? await gunzipFile(file) : await fs.readFile(file));
  const texts = entryTexts(text, parseBibtex(text, file));
  gc();
  const Constructor = citationJs().Cite;
  let failures = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  for (const entryText of texts) {
    try {
      new Constructor(entryText);
    } catch {
      failures++;
    }
  }
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  console.log(JSON.stringify({ wall, cpu: (cpu.user + cpu.system) / 1000, entries: texts.length, failures }));
}

const citationJsMeasured = new Map<string, CitationJsFigures>();

/**
 * citation-js entry by entry on the whole file, in 3 fresh processes (medians of wall and of CPU time),
 * measured once per file in a bench run: every section that compares to it uses the same figure. (Timing
 * the first 5,000 entries in the bench's own process and extrapolating swung 2× within one run: the same
 * entries took up to 2.7× longer while citation-js's JIT was cold, as in whichever section ran it first,
 * and 5,000-entry chunks along the file differ up to 2.9×.)
 */
export function citationJsEntryByEntry(file: string): CitationJsFigures {
  let figures = citationJsMeasured.get(file);
  if (figures) {
    console.log(`  citation-js, entry by entry: ${ms(figures.wall)} (CPU ${ms(figures.cpu)}), the figure measured above in this run`);
    return figures;
  }
  const runs = [0, 1, 2].map(() => childFigures<Omit<CitationJsFigures, 'runs'>>(['--citation-js', file]));
  const median = (values: number[]) => values.sort((a, b) => a - b)[1];
  // (wall and CPU medians apart: on a loaded machine the run of median wall time need not be the one of median CPU time)
  figures = { ...runs[0], wall: median(runs.map((run) => run.wall)), cpu: median(runs.map((run) => run.cpu)), runs: runs.map(({ wall, cpu }) => ({ wall, cpu })) };
  citationJsMeasured.set(file, figures);
  console.log(
    `  citation-js, entry by entry, all ${figures.entries} entries, fresh process, median of 3: ${ms(figures.wall)}, CPU ${ms(figures.cpu)} ` +
      `(runs ${figures.runs.map((run) => `${ms(run.wall)} / CPU ${ms(run.cpu)}`).join(', ')}; ${figures.failures} threw; not counted: loading citation-js and cutting the entries' texts)`,
  );
  return figures;
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
    benchCitationJsWhole(text);
    const citationJs = citationJsEntryByEntry(file);
    const cpuMedian = [...cpuTimes].sort((a, b) => a - b)[1];
    console.log(`  ratio Citemark / citation-js entry by entry: parse ${(median / citationJs.wall).toFixed(3)} (on CPU time ${(cpuMedian / citationJs.cpu).toFixed(3)}), ` +
      `one-entry re-parse ${(reparse / citationJs.wall).toFixed(4)}`);
    await benchPandoc(name, bytes);
  }
  console.log('');
}

if (process.argv[2] === '--citation-js') void citationJsChild(process.argv[3]);
