// Extraction and linking measured with pandoc: reference lists rendered by pandoc from real libraries
// are extracted and compared with the libraries; linked manuscripts are rendered back and compared
// with the citations they replaced. Skips without pandoc (CI installs it). Figures go to the output.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { extractReferences } from '../../src/core/citations/extractReferences';
import { linkCitations } from '../../src/core/citations/linkCitations';
import { foldVariants } from '../../src/core/citations/authorDateCheck';
import { parseLibraryFile } from '../../src/core/library/load';
import type { LibraryEntry, Person } from '../../src/core/types';
import { pandocApa, pandocOrSkip, roundTrip, type PandocLibrary } from '../pandocRoundTrip';

const root = path.resolve(__dirname, '../..');
const fixtures = path.join(root, 'test/fixtures/author-date');

/** The example manuscript and the author-date corpus, each with the library it is linked to. */
function corpus(): Array<{ name: string; text: string; entries: LibraryEntry[]; library: PandocLibrary }> {
  const drafts = [path.join(root, 'examples/manuscript-apa.md'), ...fs.readdirSync(fixtures).filter((name) => name.endsWith('.md') && name !== 'README.md').map((name) => path.join(fixtures, name))];
  return drafts.map((file) => {
    const text = fs.readFileSync(file, 'utf8');
    const extracted = extractReferences(text, 'references.json');
    if (extracted) return { name: path.basename(file), text, entries: extracted.references.map((r) => r.entry), library: extracted.references.map((r) => r.entry.csl) };
    const bib = file.replace(/\.md$/, '.bib');
    return { name: `${path.basename(file)} + ${path.basename(bib)}`, text, entries: parseLibraryFile(fs.readFileSync(bib), bib).entries, library: bib };
  });
}

function percent(part: number, whole: number): string {
  return `${part}/${whole} (${((100 * part) / whole).toFixed(1)}%)`;
}

describe('link citations: round trip through pandoc', function () {
  this.timeout(120_000);
  before(function () {
    pandocOrSkip(this);
  });

  it('renders the linked example manuscript as written, but for what the checker finds wrong and the suffixes pandoc orders by “A …”', () => {
    const text = fs.readFileSync(path.join(root, 'examples/manuscript-apa.md'), 'utf8');
    const extracted = extractReferences(text, 'references.json')!;
    const result = linkCitations(text, extracted.references.map((r) => r.entry));
    const trip = roundTrip(result.linked, extracted.references.map((r) => r.entry.csl));
    assert.strictEqual(trip.total, 40);
    assert.deepStrictEqual(trip.differences.map((d) => `${d.corrected ? 'corrected ' : ''}${d.original} → ${d.rendered}`), [
      // APA orders same-year works ignoring "A"; pandoc's citeproc does not ("A post-liberal peace" < "Critical agency").
      '(Richmond, 2011b) → (Richmond, 2011a)',
      '(Richmond, 2011a) → (Richmond, 2011b)',
      'corrected (Fearon, 2003) → (Fearon & Laitin, 2003)',
      'corrected (Lederach et al., 1997) → (Lederach, 1997)',
      'corrected (Kaldor, 2012a) → (Kaldor, 2012)',
      'corrected (Mac Ginty, 2013) → (Mac Ginty & Richmond, 2013)',
    ]);
  });

  it('links the corpus and renders it back (figures in the output)', () => {
    let [found, matched, linked, identical, reordered, corrected, correctedIdentical] = [0, 0, 0, 0, 0, 0, 0];
    const lines: string[] = [];
    for (const draft of corpus()) {
      const result = linkCitations(draft.text, draft.entries);
      const trip = roundTrip(result.linked, draft.library);
      const flagged = result.linked.filter((citation) => citation.corrected).length;
      found += result.linked.length + result.unlinked.length;
      matched += result.linked.length + result.unlinked.filter((citation) => citation.cause === 'form').length;
      linked += result.linked.length;
      identical += trip.identical;
      reordered += trip.reordered;
      corrected += flagged;
      correctedIdentical += flagged - trip.differences.filter((d) => d.corrected).length;
      lines.push(`      ${draft.name}: linked ${percent(result.linked.length, result.linked.length + result.unlinked.length)}, as written ${percent(trip.identical + trip.reordered, trip.total)}`);
      for (const d of trip.differences) lines.push(`        ${d.corrected ? 'corrected' : 'differs'}: ${d.original} → ${d.rendered}`);
    }
    const sound = linked - corrected;
    const soundIdentical = identical + reordered - correctedIdentical;
    lines.push(`      total: ${percent(linked, found)} citations linked; ${percent(linked, matched)} of those whose works all match one reference (the rest are unmatched or ambiguous);`);
    lines.push(`      rendered as written: ${percent(identical + reordered, linked)} (${reordered} only reordered by APA);`);
    lines.push(`      of the ${sound} the checker finds consistent, ${percent(soundIdentical, sound)} as written; ${corrected} inconsistent ones corrected by the style`);
    console.log(lines.join('\n'));
    assert.ok(linked / matched >= 0.97, `linked ${linked}/${matched}`);
    assert.ok(soundIdentical / sound >= 0.95, `round trip ${soundIdentical}/${sound}`);
  });

  it('extracts reference lists that pandoc renders in APA from real libraries: authors, year and title (figures in the output)', () => {
    const libraries = [path.join(root, 'examples/library.bib'), ...['apa-computing', 'apa-software', 'harvard-security'].map((name) => path.join(fixtures, `${name}.bib`))];
    let [items, right] = [0, 0];
    const lines: string[] = [];
    for (const file of libraries) {
      const bib = new Map(parseLibraryFile(fs.readFileSync(file), file).entries.map((entry) => [entry.key, entry]));
      const list = pandocApa('---\nnocite: |\n  @*\n---\n\n# References\n', file, 'markdown-citations');
      const extracted = extractReferences(list, 'references.json')!;
      const listLines = list.split('\n');
      let fileRight = 0;
      for (const reference of extracted.references) {
        // pandoc puts each item in a div `::: {#ref-KEY .csl-entry}` on the line before it.
        const key = /^::: \{#ref-(\S+) /.exec(listLines[reference.line - 2] ?? '')?.[1];
        const expected = key ? bib.get(key) : undefined;
        const problems = expected ? compare(reference.entry, expected) : ['no library entry'];
        if (problems.length === 0) fileRight++;
        else lines.push(`        ${key}: ${problems.join('; ')}`);
      }
      const total = extracted.references.length + extracted.unread.length;
      for (const item of extracted.unread) lines.push(`        line ${item.line} not read: ${item.reason}`);
      lines.splice(lines.length - (total - fileRight), 0, `      ${path.basename(file)}: ${percent(fileRight, total)} with authors, year and title right`);
      items += total;
      right += fileRight;
      assert.strictEqual(total, bib.size, `${path.basename(file)}: every rendered item is extracted or reported`);
    }
    lines.push(`      total: ${percent(right, items)}`);
    console.log(lines.join('\n'));
    assert.ok(right / items >= 0.85, `${right}/${items}`);
  });
});

/** What the extraction got wrong against the library entry: author family names, year, title. */
function compare(got: LibraryEntry, expected: LibraryEntry): string[] {
  const problems: string[] = [];
  const names = (people: Person[]) => people.map((person) => foldVariants(person.family ?? person.literal ?? '')[0]).join(', ');
  const expectedPeople = expected.authors.length > 0 ? expected.authors : expected.editors;
  const gotPeople = (got.authors.length > 0 ? got.authors : got.editors).filter((person) => person.literal !== 'others');
  // APA lists 20 authors at most (the first 19, "…", the last).
  const expectedNames = expectedPeople.length > 20 ? [...expectedPeople.slice(0, 19), expectedPeople[expectedPeople.length - 1]] : expectedPeople;
  if (names(gotPeople) !== names(expectedNames)) problems.push(`authors ${names(gotPeople)} ≠ ${names(expectedNames)}`);
  if (/\d{4}/.exec(got.year ?? '')?.[0] !== /\d{4}/.exec(expected.year ?? '')?.[0]) problems.push(`year ${got.year} ≠ ${expected.year}`);
  const title = (text?: string) => foldVariants((text ?? '').replace(/[{}]/g, ''))[0];
  if (title(got.title) !== title(expected.title)) problems.push(`title “${got.title}” ≠ “${expected.title}”`);
  return problems;
}
