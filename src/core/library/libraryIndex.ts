import type { LibraryEntry, LibraryProblem, ParsedLibrary } from '../types';
import { allEntries, firstEntries, type EntryList } from './entryList';

/** A library's first entry of each key: by key, and in file order; and how many entries it has in all. */
export interface KeyedEntries {
  byKey: { get(key: string): LibraryEntry | undefined };
  unique: EntryList;
  count: number;
}

/** The key map of entry lists made with one already (a BibTeX parse keys its entries to find duplicates): see rememberKeys. */
const keyMaps = new WeakMap<LibraryEntry[], Map<string, LibraryEntry>>();

/**
 * Remembers `byKey` as the key map of `entries`, each of whose keys it maps to that entry and no other key:
 * keyedEntries takes it rather than keying 88,000 entries again (15-35 ms, and a Map's garbage).
 */
export function rememberKeys(entries: LibraryEntry[], byKey: Map<string, LibraryEntry>): void {
  keyMaps.set(entries, byKey);
}

export function keyedEntries(entries: LibraryEntry[]): { byKey: Map<string, LibraryEntry>; unique: LibraryEntry[]; count: number } {
  const known = keyMaps.get(entries);
  if (known) return { byKey: known, unique: entries, count: entries.length };
  const byKey = new Map<string, LibraryEntry>();
  const unique: LibraryEntry[] = [];
  for (const entry of entries) {
    if (byKey.has(entry.key)) continue;
    byKey.set(entry.key, entry);
    unique.push(entry);
  }
  return { byKey, unique, count: entries.length };
}

/**
 * Every library file Citemark has read, by path. Files are replaced whole when they change;
 * lookups go through a view that names which files (and inline references) a draft sees.
 */
export class LibraryIndex {
  private readonly files = new Map<string, { parsed: ParsedLibrary } & KeyedEntries>();
  /** Bumped on every change, so caches (search index, diagnostics) know when to rebuild. */
  version = 0;

  /** `keyed`: the library's keyedEntries, when already made (the cache decoder makes them on the way). */
  set(parsed: ParsedLibrary, keyed: KeyedEntries = keyedEntries(parsed.entries)): void {
    this.files.set(parsed.source, { parsed, ...keyed });
    this.version++;
  }

  /**
   * `set` of a library patched in place (see applyLibraryPatch), whose change put the entries `by` where
   * `replaced` were: one for one, in a library without duplicate keys, under keys no other entry has
   * (a renamed key), its key map is updated in place instead of made again over every entry.
   */
  patch(parsed: ParsedLibrary, replaced: LibraryEntry[], by: LibraryEntry[]): void {
    const file = this.files.get(parsed.source);
    // Kept as a Map and an array only: a library decoded lazily (see LazyEntries) is keyed again, once.
    const byKey = file?.byKey instanceof Map ? file.byKey : undefined;
    const unique = file && Array.isArray(file.unique) ? file.unique : undefined;
    const at = by.length > 0 ? parsed.entries.indexOf(by[0]) : -1;
    const inPlace = file !== undefined && byKey !== undefined && unique !== undefined && at >= 0 && replaced.length === by.length &&
      unique.length === file.count && unique.length === parsed.entries.length && new Set(by.map((entry) => entry.key)).size === by.length &&
      replaced.every((old, i) => byKey.get(old.key) === old && unique[at + i] === old && (by[i].key === old.key || !byKey.has(by[i].key)));
    if (!inPlace) return this.set(parsed);
    replaced.forEach((old) => byKey.delete(old.key));
    // a new list (a copy of pointers, about 1 ms for 88k): what is derived from the old one and kept by
    // its identity (the author-date index) must not be taken for this one
    const updated = unique.slice();
    by.forEach((entry, i) => {
      byKey.set(entry.key, entry);
      updated[at + i] = entry;
    });
    this.files.set(parsed.source, { parsed, byKey, unique: updated, count: parsed.entries.length });
    this.version++;
  }

  delete(source: string): boolean {
    const deleted = this.files.delete(source);
    if (deleted) this.version++;
    return deleted;
  }

  has(source: string): boolean {
    return this.files.has(source);
  }

  get(source: string): ParsedLibrary | undefined {
    return this.files.get(source)?.parsed;
  }

  /** How many entries the library has (without making them, for one decoded lazily). */
  count(source: string): number {
    return this.files.get(source)?.count ?? 0;
  }

  paths(): string[] {
    return [...this.files.keys()];
  }

  /**
   * The libraries a draft sees: the given files (all loaded files when undefined) plus inline references.
   * Views without inline references are kept until the index changes, so what is derived from a view's
   * entries (search and author indexes) is built once, not on every keystroke.
   */
  view(sources?: string[], inline: LibraryEntry[] = []): LibraryView {
    if (inline.length > 0) return this.makeView(sources, inline);
    const key = `${this.version}\u0000${sources?.join('\u0000') ?? '*'}`;
    let view = this.views.get(key);
    if (!view) {
      if (this.viewsVersion !== this.version) this.views.clear();
      this.viewsVersion = this.version;
      view = this.makeView(sources, inline);
      this.views.set(key, view);
    }
    return view;
  }
  private readonly views = new Map<string, LibraryView>();
  private viewsVersion = -1;

  private makeView(sources: string[] | undefined, inline: LibraryEntry[]): LibraryView {
    const chosen = (sources ?? this.paths()).flatMap((source) => {
      const file = this.files.get(source);
      return file ? [file] : [];
    });
    return new LibraryView(chosen.map((file) => file.byKey), chosen.map((file) => file.parsed), inline, chosen.length === 1 ? chosen[0].unique : undefined);
  }
}

/** The entries one draft can cite; the first file that defines a key wins, inline references first. */
export class LibraryView {
  private readonly inlineByKey: Map<string, LibraryEntry>;
  private cachedEntries?: LibraryEntry[];

  constructor(
    private readonly maps: Array<KeyedEntries['byKey']>,
    readonly libraries: ParsedLibrary[],
    private readonly inline: LibraryEntry[],
    /** With one library: its keyedEntries' `unique`, which `entryList()` then is (the same list). */
    private readonly unique?: EntryList,
  ) {
    this.inlineByKey = new Map(inline.map((entry) => [entry.key, entry]));
  }

  get(key: string): LibraryEntry | undefined {
    const inline = this.inlineByKey.get(key);
    if (inline) return inline;
    for (const map of this.maps) {
      const entry = map.get(key);
      if (entry) return entry;
    }
    return undefined;
  }

  /** Every distinct entry, in file order; a key defined in two files appears once. */
  entries(): LibraryEntry[] {
    if (!this.cachedEntries && this.inline.length === 0 && this.unique) this.cachedEntries = allEntries(this.unique);
    if (!this.cachedEntries) {
      const seen = new Set<string>();
      this.cachedEntries = [];
      for (const entry of [...this.inline, ...this.libraries.flatMap((library) => library.entries)]) {
        if (seen.has(entry.key)) continue;
        seen.add(entry.key);
        this.cachedEntries.push(entry);
      }
    }
    return this.cachedEntries;
  }

  /** `entries()`, or with one library the list it is made from (entries made on first use, see LazyEntries). */
  entryList(): EntryList {
    return this.inline.length === 0 && this.unique ? this.unique : this.entries();
  }

  /** The first `limit` of `entries()`, without making the others. */
  first(limit: number): LibraryEntry[] {
    return firstEntries(this.entryList(), limit);
  }

  problems(): LibraryProblem[] {
    return this.libraries.flatMap((library) => library.problems);
  }
}
