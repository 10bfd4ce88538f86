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
  /** Rendered as written, modulo punctuation, case, quotes, dashes and "&"/"and". */
  identical: number;
  /** The same works and names, but in the order APA sorts them. */
  reordered: number;
  /**
   * The same but for what APA adds to tell works apart, which depends on the whole library: year
   * suffixes (`2010a`), initials (`M. Marmot`), more names before "et al." (`Zhao, Ren, et al.`).
   */
  disambiguated: number;
  differences: Array<{ original: string; rendered: string; corrected: boolean }>;
  /** Per linked citation, in order. */
  outcomes: Array<{ outcome: Outcome; original: string; rendered: string; corrected: boolean }>;
}

export type Outcome = 'identical' | 'reordered' | 'disambiguated' | 'different';

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

export function roundTrip(linked: LinkedCitation[], library: PandocLibrary): RoundTrip {
  const rendered = renderLinked(linked, library);
  if (rendered.length !== linked.length) throw new Error(`pandoc gave ${rendered.length} paragraphs for ${linked.length} citations`);
  const result: RoundTrip = { total: linked.length, identical: 0, reordered: 0, disambiguated: 0, differences: [], outcomes: [] };
  linked.forEach((citation, i) => {
    const [original, output] = [normalise(citation.original), normalise(rendered[i])];
    const outcome: Outcome =
      original === output ? 'identical'
      : sorted(original) === sorted(output) ? 'reordered'
      : sorted(undisambiguated(original)) === sorted(undisambiguated(output)) ? 'disambiguated'
      : 'different';
    const compared = { original: citation.original.replace(/\s+/g, ' '), rendered: rendered[i], corrected: citation.corrected };
    result.outcomes.push({ outcome, ...compared });
    if (outcome === 'different') result.differences.push(compared);
    else result[outcome]++;
  });
  return result;
}

function normalise(text: string): string {
  return text
    .normalize('NFC')
    // Punctuation APA dictates: works parted by commas (`Staiger 2002, Kalb et al. 2004`) are parted by semicolons.
    .replace(/(\d{4}[a-z]?)\s*,\s*(?=\p{Lu})/gu, '$1; ')
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

function undisambiguated(text: string): string {
  return text
    .replace(/\b(\d{4})[a-z]\b/g, '$1')
    .replace(/(?:^|(?<=[;\s]))(?:\p{L}(?:-\p{L})? ){1,3}(?=\p{L}{2,})/gu, '')
    .replace(/(\p{L}[\p{L}-]+)(?: [\p{L}-]+)+ et al/gu, '$1 et al');
}

function sorted(text: string): string {
  return text.split(';').map((part) => part.trim()).sort().join(';');
}
