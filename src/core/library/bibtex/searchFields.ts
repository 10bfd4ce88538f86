// The decoded fields search, completion and hover use, from an entry's BibTeX fields.
import { latexToUnicode } from '../latex';
import { parseNames } from '../names';
import type { Person } from '../../types';
import type { ScannedEntry } from './scanner';

const URL_ESCAPES = /\\([_%&#$~])|[{}]/g;

/** A DOI or URL as written, without braces and `\_`-style escapes (no other LaTeX decoding). */
function plainLink(value: string): string {
  return value.indexOf('\\') === -1 && value.indexOf('{') === -1 ? value.trim() : value.replace(URL_ESCAPES, '$1').trim();
}

/** The list of an entry without the field: one list for all (no list is changed once made). */
const NONE = Object.freeze([]) as never[];

function splitKeywords(value: string | undefined): string[] {
  if (value === undefined) return NONE;
  return latexToUnicode(value).split(/[,;]/).map((k) => k.trim()).filter((k) => k !== '');
}

function yearOf(fields: Record<string, string>): string | undefined {
  if (fields.year !== undefined) return latexToUnicode(fields.year);
  const match = fields.date === undefined ? null : /\d{4}/.exec(fields.date);
  return match ? match[0] : undefined;
}

/** What a library's entries share, decoded once: containers by their value, people by their name as written. */
export interface Decoded {
  containers: Map<string, string>;
  people: Map<string, Person | null>;
}

/** Sets the decoded search fields of an entry from its fields. */
export function addSearchFields(entry: ScannedEntry, decoded: Decoded): void {
  const f = entry.fields;
  entry.authors = f.author === undefined ? NONE : parseNames(f.author, decoded.people);
  entry.editors = f.editor === undefined ? NONE : parseNames(f.editor, decoded.people);
  entry.keywords = splitKeywords(f.keywords ?? f.keyword);
  const year = yearOf(f);
  if (year !== undefined) entry.year = year;
  if (f.title !== undefined) entry.title = latexToUnicode(f.title);
  const container = f.journaltitle ?? f.journal ?? f.booktitle;
  if (container !== undefined) {
    // journals and proceedings repeat across a library: decode each once
    let decodedContainer = decoded.containers.get(container);
    if (decodedContainer === undefined) decoded.containers.set(container, (decodedContainer = latexToUnicode(container)));
    entry.container = decodedContainer;
  }
  if (f.abstract !== undefined) entry.abstract = latexToUnicode(f.abstract);
  if (f.doi !== undefined) entry.doi = plainLink(f.doi);
  if (f.url !== undefined) entry.url = plainLink(f.url);
}
