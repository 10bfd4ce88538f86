// A BibTeX entry as read. Its people are read from its fields when first asked for: a large library's
// names are mostly never shown, and search needs only the family names (see searchNames).
import { parseNames, personName, searchNames } from '../names';
import type { LibraryEntry, Person } from '../../types';

/** The list of an entry without the field: one list for all (no list is changed once made). */
export const NONE = Object.freeze([]) as never[];

/** Placeholder for the keywords until `addSearchFields` sets them (and the other search fields). */
export const NOT_YET: never[] = [];

export class BibtexEntry implements LibraryEntry {
  // Set by addSearchFields once all entries are made; declared here so that V8 keeps them in the object,
  // not in a property array of their own (4 MB less for the 88,000 entries of the ACL Anthology).
  year?: string = undefined;
  title?: string = undefined;
  container?: string = undefined;
  abstract?: string = undefined;
  doi?: string = undefined;
  url?: string = undefined;
  keywords: string[] = NOT_YET;
  #authors: Person[] | undefined;
  #editors: Person[] | undefined;
  readonly #people: Map<string, Person | null>;

  /** `people`: the names this library's entries have read so far (see parseNames), shared by them. */
  constructor(
    public key: string,
    public type: string,
    public source: string,
    public startLine: number,
    public endLine: number,
    public keyOffset: number,
    public fields: Record<string, string>,
    people: Map<string, Person | null>,
  ) {
    this.#people = people;
  }

  get authors(): Person[] {
    return (this.#authors ??= this.peopleIn(this.fields.author));
  }

  set authors(people: Person[]) {
    this.#authors = people;
  }

  get editors(): Person[] {
    return (this.#editors ??= this.peopleIn(this.fields.editor));
  }

  set editors(people: Person[]) {
    this.#editors = people;
  }

  /** The names search indexes: `personName` of each author, or of each editor when there is no author. */
  searchNames(): string[] {
    const authors = this.#authors ? this.#authors.map(personName) : this.namesIn(this.fields.author);
    if (authors.length > 0) return authors;
    return this.#editors ? this.#editors.map(personName) : this.namesIn(this.fields.editor);
  }

  /** A copy `lines` lines and `offset` characters further down, its people read or not as this one's. */
  moved(lines: number, offset: number): BibtexEntry {
    const moved = new BibtexEntry(this.key, this.type, this.source, this.startLine + lines, this.endLine + lines, this.keyOffset + offset, this.fields, this.#people);
    moved.keywords = this.keywords;
    if (this.#authors) moved.authors = this.#authors;
    if (this.#editors) moved.editors = this.#editors;
    moved.year = this.year;
    moved.title = this.title;
    moved.container = this.container;
    moved.abstract = this.abstract;
    moved.doi = this.doi;
    moved.url = this.url;
    return moved;
  }

  private peopleIn(value: string | undefined): Person[] {
    return value === undefined ? NONE : parseNames(value, this.#people);
  }

  private namesIn(value: string | undefined): string[] {
    return value === undefined ? NONE : searchNames(value);
  }
}
