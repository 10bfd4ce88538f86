// The decoded fields search, completion and hover use, from an entry's BibTeX fields.
import { latexToUnicode } from '../latex';
import { NONE, type BibtexEntry } from './entry';

const URL_ESCAPES = /\\([_%&#$~])|[{}]/g;

/** A DOI or URL as written, without braces and `\_`-style escapes (no other LaTeX decoding). */
function plainLink(value: string): string {
  return value.indexOf('\\') === -1 && value.indexOf('{') === -1 ? value.trim() : value.replace(URL_ESCAPES, '$1').trim();
}

function splitKeywords(value: string | undefined): string[] {
  if (value === undefined) return NONE;
  return latexToUnicode(value).split(/[,;]/).map((k) => k.trim()).filter((k) => k !== '');
}

function yearOf(fields: Record<string, string>): string | undefined {
  if (fields.year !== undefined) return latexToUnicode(fields.year);
  const match = fields.date === undefined ? null : /\d{4}/.exec(fields.date);
  return match ? match[0] : undefined;
}

/**
 * Sets the decoded search fields of an entry from its fields (its people are read when asked for).
 * `containers`: the library's containers decoded so far, by their value.
 */
export function addSearchFields(entry: BibtexEntry, containers: Map<string, string>): void {
  const f = entry.fields;
  entry.keywords = splitKeywords(f.keywords ?? f.keyword);
  const year = yearOf(f);
  if (year !== undefined) entry.year = year;
  if (f.title !== undefined) entry.title = latexToUnicode(f.title);
  const container = f.journaltitle ?? f.journal ?? f.booktitle;
  if (container !== undefined) {
    // journals and proceedings repeat across a library: decode each once
    let decodedContainer = containers.get(container);
    if (decodedContainer === undefined) containers.set(container, (decodedContainer = latexToUnicode(container)));
    entry.container = decodedContainer;
  }
  if (f.abstract !== undefined) entry.abstract = latexToUnicode(f.abstract);
  if (f.doi !== undefined) entry.doi = plainLink(f.doi);
  if (f.url !== undefined) entry.url = plainLink(f.url);
}
