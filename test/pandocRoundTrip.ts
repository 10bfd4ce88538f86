// Renders linked citations with `pandoc --citeproc` and APA, to compare with the text they replaced.
// The APA style is the one citation-js bundles (from the CSL styles repository, CC BY-SA 3.0),
// written out to a temporary file. Tests skip when pandoc is not installed (CI installs it).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { LinkedCitation } from '../src/core/citations/linkCitations';
import type { CslItem } from '../src/core/types';

export function pandocOrSkip(context: Mocha.Context): void {
  try {
    execFileSync('pandoc', ['--version'], { stdio: 'ignore' });
  } catch {
    console.log('      skipped: pandoc is not installed');
    context.skip();
  }
}

export interface RoundTrip {
  total: number;
  /** Per outcome, how many linked citations; see `Outcome`. */
  identical: number;
  reordered: number;
  regrouped: number;
  disambiguated: number;
  differences: Array<{ original: string; rendered: string; corrected: boolean }>;
  /** Per linked citation, in order. */
  outcomes: Array<{ outcome: Outcome; original: string; rendered: string; corrected: boolean }>;
}

/**
 * How a rendered citation compares with the text it replaced; the first rule that makes them equal wins.
 * - `identical`: the same modulo punctuation, case, quotes, dashes, "&"/"and", and forms APA dictates:
 *   works parted by commas are parted by semicolons, Harvard's `2014: 5` is `2014, p. 5`, `p. 1-11` is
 *   `pp. 1–11`, locator labels are spelt out (`fig.` = `figure`), `2012a, b` is `2012a, 2012b`;
 * - `reordered`: the same works, in the order APA sorts them;
 * - `regrouped`: the same works, but for how APA groups the years of one author list: `Smith, 2003, 2007`
 *   is `Smith, 2003; Smith, 2007` (APA collapses works whose authors are the same, not works whose
 *   authors only print the same before "et al.");
 * - `disambiguated`: the same but for what APA adds to tell works apart, which depends on the whole
 *   library: year suffixes (`2010a`), initials (`M. Marmot`, `H.-C. Zhang`), more names (`Zhao, Ren, et al.`,
 *   `Hausmann, Haszprunar, & Hebert` for `Hausmann et al.`);
 * - `different`: anything else.
 */
export type Outcome = 'identical' | 'reordered' | 'regrouped' | 'disambiguated' | 'different';

/** A library for pandoc: CSL items, or a library file. */
export type PandocLibrary = CslItem[] | string;

/** Runs `pandoc --citeproc` with APA on Markdown; `to` is pandoc's output format. */
export function pandocApa(markdown: string, library: PandocLibrary, to = 'plain', extra: string[] = []): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citemark-roundtrip-'));
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const styles = require('@citation-js/plugin-csl/lib/styles.json') as Record<string, string>;
    fs.writeFileSync(path.join(dir, 'apa.csl'), styles.apa);
    let file = typeof library === 'string' ? path.resolve(library) : path.join(dir, 'library.json');
    if (typeof library !== 'string') fs.writeFileSync(file, JSON.stringify(library));
    file = path.relative(dir, file);
    return execFileSync('pandoc', ['-f', 'markdown', '-t', to, '--wrap=none', '--citeproc', '--csl', 'apa.csl', '--bibliography', file, ...extra], {
      cwd: dir, input: markdown, encoding: 'utf8',
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Renders each linked citation (with the names it keeps as text) in a paragraph of its own, in one pandoc run. */
export function renderLinked(linked: LinkedCitation[], library: PandocLibrary): string[] {
  const markdown = linked.map((citation) => (citation.kept + citation.newText).replace(/\s+/g, ' ')).join('\n\n');
  return pandocApa(markdown, library, 'plain', ['-M', 'suppress-bibliography=true']).trim().split(/\n\n/);
}

const rules: Array<[Exclude<Outcome, 'different'>, (text: string) => string]> = [
  ['identical', (text) => normalise(text)],
  ['reordered', (text) => sorted(normalise(text))],
  ['regrouped', (text) => works(normalise(text)).sort().join(';')],
  ['disambiguated', (text) => works(normalise(undisambiguated(text))).sort().join(';')],
];

export function roundTrip(linked: LinkedCitation[], library: PandocLibrary): RoundTrip {
  const rendered = renderLinked(linked, library);
  if (rendered.length !== linked.length) throw new Error(`pandoc gave ${rendered.length} paragraphs for ${linked.length} citations`);
  const result: RoundTrip = { total: linked.length, identical: 0, reordered: 0, regrouped: 0, disambiguated: 0, differences: [], outcomes: [] };
  linked.forEach((citation, i) => {
    const outcome: Outcome = rules.find(([, form]) => form(citation.original) === form(rendered[i]))?.[0] ?? 'different';
    const compared = { original: citation.original.replace(/\s+/g, ' '), rendered: rendered[i], corrected: citation.corrected };
    result.outcomes.push({ outcome, ...compared });
    if (outcome === 'different') result.differences.push(compared);
    else result[outcome]++;
  });
  return result;
}

function normalise(text: string): string {
  return withSuffixesSpelt(text)
    .normalize('NFC')
    // Harvard's `1995: fig. 5` is APA's `1995, Figure 5`, and APA spells locator labels out.
    .replace(/(\d{4}[a-z]?)\s*:\s*(?=fig)/gi, '$1, ')
    .replace(/\bfig(?:ure)?(s?)\b\.?/gi, 'figure$1')
    // Punctuation APA dictates: works parted by commas (`Staiger 2002, Kalb et al. 2004`, `2006, deWaard et al. 2008`) are parted by semicolons.
    .replace(/(\d{4}[a-z]?)\s*,\s*(?=\p{Lu}|\p{Ll}+\p{Lu}|(?:van|von|de|der|den|du|da|dos|la|le) \p{Lu})/gu, '$1; ')
    .toLowerCase()
    .replace(/\s+(?:and|&)\s+/g, ' & ')
    .replace(/[‐-―−]/g, '-')
    .replace(/(\d{4})-([a-z])\b/g, '$1$2')
    .replace(/\bp\.\s*(\w+)\s*-\s*(\w+)/g, 'pp. $1-$2')
    // Harvard's `2014: 5` is APA's `2014, p. 5`.
    .replace(/(\d{4}[a-z]?)\s*:\s*(\d+)(\s*-\s*\d+)?/g, (_m, year: string, page: string, range?: string) => `${year}, p${range ? 'p' : ''}. ${page}${range ?? ''}`)
    .replace(/["“”‘’'*_\\]/g, '')
    .replace(/[.,:()[\]]/g, ' ')
    .replace(/\s*;\s*/g, ';')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `2012a, b` is `2012a, 2012b`. */
function withSuffixesSpelt(text: string): string {
  return text.replace(/\b(\d{4})([a-z])((?:\s*,\s*[a-z](?![\w.]))+)/g, (_m, year: string, letter: string, more: string) =>
    [letter, ...more.split(',').slice(1).map((l) => l.trim())].map((l) => year + l).join(', '));
}

/**
 * The works of a normalised citation, each as `names year [locator]`, with the years of one author list
 * apart: `smith 2003 2007` → `smith 2003`, `smith 2007`; a part that is only a year (`hale 1980;1981`)
 * takes the names before it.
 */
function works(text: string): string[] {
  const out: string[] = [];
  let names = '';
  for (const part of text.split(';')) {
    const year = /\b(?:\d{4}[a-z]?|in press|n d)\b/g;
    const first = year.exec(part);
    // A part without a year (`fig 1`) stays with the work before it.
    if (!first) {
      if (out.length > 0) out[out.length - 1] += `;${part}`;
      else out.push(part);
      continue;
    }
    if (first.index > 0) names = part.slice(0, first.index).trim();
    // The years in a row after the names, then what follows the last (a locator).
    const run = /^((?:(?:\d{4}[a-z]?|in press|n d)\s*)+)(.*)$/.exec(part.slice(first.index))!;
    const years = run[1].trim().split(/\s+(?=\d|in press|n d)/);
    years.forEach((y, i) => out.push(`${names} ${y}${i === years.length - 1 && run[2] ? ` ${run[2].trim()}` : ''}`.trim()));
  }
  return out;
}

/** Takes off what APA adds to tell works apart (see `Outcome`), on the text as written or rendered. */
function undisambiguated(text: string): string {
  return withSuffixesSpelt(text)
    .replace(/\b(\d{4})[a-z]\b/g, '$1')
    // Initials before a surname: `M. E. J. Hale`, `H.-C. Zhang`.
    .replace(/(?<![\p{L}.])(?:\p{Lu}\.(?:\s?-\s?\p{Lu}\.)?\s?){1,3}(?=\p{Lu}[\p{Ll}'’])/gu, '')
    // More names before "et al.": `Zhao, Ren, et al.` → `Zhao et al.`
    .replace(/(\p{Lu}[^,;()&\d]*?)(?:, [^,;()&\d]+?)+,? et al\./gu, '$1 et al.')
    // Three names or more in full: `Hausmann, Haszprunar, & Hebert` → `Hausmann et al.`
    .replace(/(\p{Lu}[^,;()&\d]*?)(?:, \p{Lu}[^,;()&\d]*?)+,? (?:&|and) \p{Lu}[^,;()&\d]*?(?=,? \(?\d{4})/gu, '$1 et al.');
}
/** The parts in order; a part without a year (`fig 1`, `herein`) stays with the work before it (or after it, first). */
function sorted(text: string): string {
  const units: string[] = [];
  let pending = '';
  for (const part of text.split(';').map((p) => p.trim())) {
    if (/\b(?:\d{4}[a-z]?|in press|n d)\b/.test(part)) units.push(pending + part);
    else if (units.length > 0) units[units.length - 1] += `;${part}`;
    else {
      pending += `${part};`;
      continue;
    }
    pending = '';
  }
  if (pending) units.push(pending);
  return units.sort().join(';');
}
