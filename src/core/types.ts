// The data model shared by every part of the core. Plain data: no classes, so it can be
// cached, sent to a worker or serialised as it is.

/** A name as CSL has it: a person (family/given) or an institution (literal). */
export interface Person {
  family?: string;
  given?: string;
  literal?: string;
}

/** A CSL-JSON item (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html). */
export type CslItem = Record<string, unknown> & { id: string; type: string };

/** One reference of a library file, whatever its format. */
export interface LibraryEntry {
  key: string;
  /** Lower-case BibTeX type (`article`) or CSL type (`article-journal`). */
  type: string;
  /** Path of the library file that holds the entry (or of the draft, for inline `references:`). */
  source: string;
  /** 0-based first and last line of the entry in its file. */
  startLine: number;
  endLine: number;
  /** Offset (UTF-16, in the decoded text) and length of the key itself, for renames; -1 when unknown. */
  keyOffset: number;
  /** Searchable fields, LaTeX already decoded to plain Unicode. */
  authors: Person[];
  editors: Person[];
  year?: string;
  title?: string;
  container?: string;
  keywords: string[];
  abstract?: string;
  doi?: string;
  url?: string;
  /** BibTeX: every field with macros and `#` resolved, LaTeX left as written (names lower-case). */
  fields?: Record<string, string>;
  /** CSL-JSON/YAML sources: the item as read. */
  csl?: CslItem;
}

/** A problem found while reading a library file. Lines are 0-based. */
export interface LibraryProblem {
  source: string;
  line: number;
  message: string;
  /** The key of the entry concerned, where one could be read. */
  key?: string;
  severity: 'error' | 'warning';
}

export interface ParsedLibrary {
  source: string;
  entries: LibraryEntry[];
  problems: LibraryProblem[];
}

/** 0-based position and range, as VS Code counts them (UTF-16 code units). */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A problem Citemark reports in a document, in the Problems panel and from the CLI. */
export interface CitemarkDiagnostic {
  /** Stable code, e.g. `missing-key`, `unmatched`, `ambiguous`, `uncited`, `inconsistent`, `unknown-theme`. */
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  /** Keys or other values a quick fix may offer, best first. */
  suggestions?: string[];
}
