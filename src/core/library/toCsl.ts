// CSL items for formatting. BibTeX entries go through citation-js one at a time (a whole file would
// make it throw on the first bad entry); the result is cached per entry object.
import { citationJs } from '../citationJs';
import type { CslItem, LibraryEntry } from '../types';

const cache = new WeakMap<LibraryEntry, CslItem>();

/** Fields that only point at other entries: their content is already merged into `fields`. */
const LINK_FIELDS = new Set(['crossref', 'xdata', 'xref']);

/** A one-entry BibTeX text with every value braced; the key is a placeholder so any key is safe. */
function entryText(entry: LibraryEntry, type: string): string {
  const lines = [`@${type}{entry,`];
  for (const [name, value] of Object.entries(entry.fields ?? {})) {
    if (LINK_FIELDS.has(name) || !/^[\w:.-]+$/.test(name)) continue; // drops biber `field+an` annotations
    lines.push(`  ${name} = {${value}},`);
  }
  lines.push('}');
  return lines.join('\n');
}

/** The CSL that can be built without citation-js, for entries it cannot read. */
function fallbackCsl(entry: LibraryEntry): CslItem {
  const item: CslItem = { id: entry.key, type: 'document' };
  if (entry.title) item.title = entry.title;
  if (entry.authors.length) item.author = entry.authors;
  if (entry.editors.length) item.editor = entry.editors;
  if (entry.year) item.issued = { 'date-parts': [[Number(entry.year)]] };
  if (entry.container) item['container-title'] = entry.container;
  if (entry.doi) item.DOI = entry.doi;
  if (entry.url) item.URL = entry.url;
  return item;
}

/**
 * biblatex's words for a thesis or report type (`type = {phdthesis}`, and a `@mastersthesis` without
 * one), as its English localisation prints them: citation-js passes the word on as the CSL genre, and
 * APA printed `[Mathesis, University]`.
 */
const BIBLATEX_GENRES: Record<string, string> = {
  mathesis: "Master's thesis", phdthesis: 'PhD thesis', candthesis: 'Candidate thesis',
  techreport: 'Technical report', resreport: 'Research report', software: 'Computer software', datacd: 'CD-ROM', audiocd: 'Audio CD',
};

function convert(bibtex: string, key: string): CslItem | undefined {
  try {
    const [converted] = citationJs().plugins.input.chain(bibtex, { generateGraph: false }) as CslItem[];
    if (!converted) return undefined;
    const genre = typeof converted.genre === 'string' ? BIBLATEX_GENRES[converted.genre.toLowerCase()] : undefined;
    return { ...converted, ...(genre ? { genre } : {}), id: key, 'citation-key': key };
  } catch {
    return undefined;
  }
}

export function entryToCsl(entry: LibraryEntry): CslItem {
  if (entry.csl) return entry.csl;
  let item = cache.get(entry);
  if (item) return item;
  // citation-js rejects types it does not know (Mendeley's `@book_section`): those are read as `@misc`
  item = convert(entryText(entry, entry.type), entry.key) ?? convert(entryText(entry, 'misc'), entry.key) ?? fallbackCsl(entry);
  cache.set(entry, item);
  return item;
}
