// Citation search on the ACL Anthology library: Citemark's prefiltered search against plain fuse.js
// over every entry, with the same options and the same query, measured in the same run.
import Fuse from 'fuse.js';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseLibraryFile } from '../src/core/library/load';
import { CitationSearch, SEARCH_OPTIONS, queryWords, rankResults } from '../src/core/search/search';
import { gunzipFile, ms, percentile } from './util';

const LIMIT = 10;

/** The query and two shorter prefixes of it, as typed on the way. */
function typedForms(query: string): string[] {
  return [...new Set([query.slice(0, 2), query.slice(0, Math.ceil(query.length / 2)), query].map((form) => form.trim()))].filter((form) => form);
}

const stats = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] };
};

export async function benchSearch(aclBibGz: string): Promise<void> {
  console.log(`## Citation search (${path.basename(aclBibGz)}, top ${LIMIT})`);
  const entries = parseLibraryFile(await gunzipFile(aclBibGz), 'acl.bib').entries;
  let start = performance.now();
  const search = new CitationSearch(entries);
  const buildTime = performance.now() - start;
  const docs = entries.map((_entry, index) => search.doc(index));
  start = performance.now();
  const fuse = new Fuse(docs, SEARCH_OPTIONS);
  const fuseBuildTime = performance.now() - start;
  console.log(`machine: ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)} (wall times grow with load; CPU time less so)`);
  console.log(`${entries.length} entries; index build: Citemark ${ms(buildTime)} (part of the cold index, see the index section), plain fuse.js ${ms(fuseBuildTime)}`);

  const queryFile = await fs.readFile(path.resolve(__dirname, '../bench/queries.txt'), 'utf8');
  const queries = queryFile.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  const ours: number[] = [];
  const oursCpu: number[] = [];
  const baseline: number[] = [];
  const overlaps: number[] = [];
  const rows: Array<{ typed: string; ours: number; baseline: number; overlap: number }> = [];
  for (const typed of queries.flatMap(typedForms)) {
    const words = queryWords(typed);
    const cpu = process.cpuUsage();
    start = performance.now();
    const found = search.rankedIndices(words, LIMIT);
    const ourTime = performance.now() - start;
    const cpuUsed = process.cpuUsage(cpu);
    oursCpu.push((cpuUsed.user + cpuUsed.system) / 1000);
    start = performance.now();
    const expected = rankResults(fuse.search({ $and: words }), docs, words).slice(0, LIMIT);
    const baselineTime = performance.now() - start;
    const overlap = expected.length === 0 ? (found.length === 0 ? 1 : 0) : found.filter((index) => expected.includes(index)).length / Math.min(LIMIT, expected.length);
    ours.push(ourTime);
    baseline.push(baselineTime);
    overlaps.push(overlap);
    rows.push({ typed, ours: ourTime, baseline: baselineTime, overlap });
  }
  // Typing: every prefix of every query, one search per keystroke, as the completion provider sees them.
  const typing: number[] = [];
  for (const query of queries) {
    for (let length = 1; length <= query.length; length++) {
      const words = queryWords(query.slice(0, length));
      if (words.length === 0) continue;
      start = performance.now();
      search.rankedIndices(words, LIMIT);
      typing.push(performance.now() - start);
    }
  }

  const a = stats(ours);
  const c = stats(oursCpu);
  const b = stats(baseline);
  const t = stats(typing);
  const meanOverlap = overlaps.reduce((sum, value) => sum + value, 0) / overlaps.length;
  console.log(`${queries.length} queries from bench/queries.txt, each run full and as 2 prefixes: ${rows.length} searches`);
  console.log('                         p50        p95        max');
  console.log(`Citemark          ${ms(a.p50).padStart(10)} ${ms(a.p95).padStart(10)} ${ms(a.max).padStart(10)}`);
  console.log(`  (CPU time)      ${ms(c.p50).padStart(10)} ${ms(c.p95).padStart(10)} ${ms(c.max).padStart(10)}`);
  console.log(`plain fuse.js     ${ms(b.p50).padStart(10)} ${ms(b.p95).padStart(10)} ${ms(b.max).padStart(10)}`);
  console.log(`typing (${typing.length} prefixes) ${ms(t.p50).padStart(8)} ${ms(t.p95).padStart(10)} ${ms(t.max).padStart(10)}`);
  console.log(`speed ratio (plain fuse.js / Citemark): p50 ${(b.p50 / a.p50).toFixed(0)}×, p95 ${(b.p95 / a.p95).toFixed(0)}×`);
  console.log(`mean top-${LIMIT} overlap with plain fuse.js: ${meanOverlap.toFixed(3)} (identical top ${LIMIT}: ${overlaps.filter((value) => value === 1).length}/${rows.length})`);
  console.log(`targets: p95 < 25 ms ${a.p95 < 25 ? 'holds' : 'MISSED'}; overlap >= 0.9 ${meanOverlap >= 0.9 ? 'holds' : 'MISSED'}`);
  const slowest = [...rows].sort((x, y) => y.ours - x.ours).slice(0, 5);
  console.log(`slowest for Citemark: ${slowest.map((row) => `"${row.typed}" ${ms(row.ours)}`).join(', ')}`);
  const differing = rows.filter((row) => row.overlap < 1);
  if (differing.length > 0) console.log(`top ${LIMIT} differs for: ${differing.map((row) => `"${row.typed}" ${row.overlap.toFixed(1)}`).join(', ')}`);
  console.log('');
}
