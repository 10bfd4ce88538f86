// Turns a real Pandoc manuscript (`paper.md` citing `[@key]`, with its `paper.bib`, as JOSS papers are
// written) into a labelled reviewer-mode case of author-date prose: pandoc's citeproc writes the citations
// and the reference list in a CSL style (Chicago author-date by default) with each citation linked to its
// reference (`[Wilcox 1998](#ref-wilcox1998many)`); the links give the labels and are then removed.
//
//   [PANDOC_FROM=markdown-footnotes] npx tsx bench/reviewer/convert-pandoc.ts OUT_DIR NAME=PAPER.md=PAPER.bib[=STYLE.csl]=SOURCE NOTE ...
//
// Writes `<name>.md` (the prose, then `# References` with one paragraph per work), `<name>.bib` (the
// manuscript's own .bib) and `<name>.labels.json` (as convert-jats.ts, without seeded errors).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseBibtex } from '../../src/core/library/bibtex';
import type { CaseLabels, CitationLabel } from './convert-jats';

export function convertPandoc(name: string, markdown: string, bibFile: string, csl: string | undefined, sourceNote: string): { md: string; labels: CaseLabels } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citemark-pandoc-'));
  try {
    fs.writeFileSync(path.join(dir, 'paper.md'), markdown.replace(/^bibliography:.*$/m, 'bibliography: paper.bib'));
    fs.copyFileSync(bibFile, path.join(dir, 'paper.bib'));
    // PANDOC_FROM: the reader as the authors' build names it (`markdown-footnotes+latex_macros`), for every case of the run.
    const args = ['paper.md', '-f', process.env.PANDOC_FROM || 'markdown', '--citeproc', '-M', 'link-citations=true', '-t', 'markdown-citations', '--wrap=none'];
    if (csl) args.push('--csl', path.resolve(csl));
    const rendered = execFileSync('pandoc', args, { cwd: dir, encoding: 'utf8' });
    return label(name, rendered, bibFile, sourceNote);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function label(name: string, rendered: string, bibFile: string, sourceNote: string): { md: string; labels: CaseLabels } {
  // bookdown's cross-references, `\@ref(fig:x)` in the source, come back from the Markdown writer unescaped
  // (`@ref(fig:x)`, a citation of the key `ref` to pandoc): written again as the authors wrote them.
  rendered = rendered.replace(/(^|[^\\])@ref\(/gm, '$1\\@ref(');
  // The list is a fenced div of `::: {#ref-key .csl-entry}` blocks; the paper's own heading before it is dropped.
  const refsAt = rendered.search(/^:::+ \{#refs/m);
  // The Markdown writer puts the footnotes (`[^1]: ...`) at the very end, after the list: they are moved back to
  // the prose, whose citations they hold. (Runs of blank lines are made one before the labels' offsets are taken.)
  const notesAt = refsAt === -1 ? -1 : rendered.slice(refsAt).search(/^\[\^[^\]\s]+\]:/m);
  const notes = notesAt === -1 ? '' : `\n${rendered.slice(refsAt + notesAt)}`;
  // The paper's own heading of the list, when it is the last thing before it, becomes the list's heading: `# References`,
  // or, in a German, French … paper, its own words at its own level (`# Literatur`, `## Literatur[^9]`), without attributes.
  const before = refsAt === -1 ? rendered : rendered.slice(0, refsAt);
  // (only a heading that names a list: grim-subs2vec ends its prose with bookdown's `# (APPENDIX) Appendix`, left as it was)
  const ownHeading = refsAt === -1 ? null : /\n(#+) ((?:References|Bibliogra|Literat|R[ée]f[ée]ren|Riferimenti|Quellen|Works Cited)[^\n{]*?)(?: \{[^}\n]*\})?\s*$/i.exec(before);
  const heading = ownHeading && !/^References\b/.test(ownHeading[2]) ? `${ownHeading[1]} ${ownHeading[2]}` : '# References';
  const body = ((ownHeading ? before.slice(0, ownHeading.index) + '\n' : before) + notes).replace(/\n{3,}/g, '\n\n');
  const entries = [...rendered.slice(refsAt).matchAll(/^:::+ \{#ref-(\S+) \.csl-entry\}\n([\s\S]*?)\n:::+$/gm)].map((m) => ({ key: m[1], text: m[2].trim() }));
  const citations: CitationLabel[] = [];
  let text = '';
  let cursor = 0;
  // (a link's text holds no bracket: `\[with some exceptions; [Hartung et al. 1998](#ref-Hartung1998)\]` links only the names and year)
  for (const link of body.matchAll(/\[([^\][]+)\]\(#ref-([^)\s]+)\)/g)) {
    text += body.slice(cursor, link.index);
    citations.push({ start: text.length, end: text.length + link[1].length, text: link[1], keys: [link[2]] });
    text += link[1];
    cursor = link.index + link[0].length;
  }
  text += body.slice(cursor);
  text = text.replace(/\s*$/, '\n\n');
  const firstLine = text.split('\n').length - 1 + 2;
  const bib = new Map(parseBibtex(fs.readFileSync(bibFile, 'utf8'), 'paper.bib').entries.map((entry) => [entry.key, entry]));
  const listItems = entries.map((entry, i) => {
    const source = bib.get(entry.key);
    const person = source?.authors[0] ?? source?.editors[0];
    // The year as the list prints it: with the suffix citeproc adds (`2019a`), or `n.d.`.
    const year = source?.year ? new RegExp(`${source.year}[a-z]?`).exec(entry.text)?.[0] ?? source.year : 'n.d.';
    return { key: entry.key, line: firstLine + 2 * i, family: person?.family ?? person?.literal ?? '', year };
  });
  const list = `${heading}\n\n${entries.map((entry) => entry.text).join('\n\n')}\n`;
  const cited = new Set(citations.flatMap((citation) => citation.keys));
  const labels: CaseLabels = {
    name, source: sourceNote, licence: '', bodyLength: text.length, citations, listKeys: entries.map((entry) => entry.key),
    uncited: entries.filter((entry) => !cited.has(entry.key)).map((entry) => entry.key), seeded: [], style: 'author-date', listItems,
  };
  return { md: text + list, labels };
}

if (require.main === module) {
  const [outDir, ...cases] = process.argv.slice(2);
  fs.mkdirSync(outDir, { recursive: true });
  for (const spec of cases) {
    const [name, paper, bib, csl, ...note] = spec.split('=');
    const result = convertPandoc(name, fs.readFileSync(paper, 'utf8'), bib, csl || undefined, note.join('='));
    fs.writeFileSync(path.join(outDir, `${name}.md`), result.md);
    fs.copyFileSync(bib, path.join(outDir, `${name}.bib`));
    fs.writeFileSync(path.join(outDir, `${name}.labels.json`), JSON.stringify(result.labels, null, 1) + '\n');
    console.log(`${name}: ${result.labels.citations.length} citations, ${result.labels.listItems?.length} references`);
  }
}
