// What the status bar says about the workspace's libraries: entries, problems, and what is loading.
import { plural } from '../text';

export interface LibraryStatusFacts {
  /** Entries of all libraries read. */
  entries: number;
  /** Libraries read. */
  libraries: number;
  problems: number;
  /** Of those, the errors (entries that could not be read): the icon is then an error's. */
  errors: number;
  /** Per library, a note that it is shown as it was (`x.bib ends inside an entry: showing its last version`). */
  notes: string[];
  /** Per library being read, what is being done and how far (`parsing x.bib 40%`). */
  loading: string[];
  /** How many references the active draft's own reference list holds, if it has one (a reviewer's manuscript often has no library). */
  draftReferences?: number;
}

/** `88,536`: toLocaleString's first call loads the ICU data, ~55 ms on the extension host's thread. */
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ',');

/** Where Citemark looks for libraries, for a workspace with none yet. */
const WHERE_LIBRARIES_COME_FROM =
  'Citemark reads the libraries a draft names in its front matter (bibliography:), those of the setting citemark.bibliographies, ' +
  'and the .bib, .json and .yaml libraries in the workspace.';

/** ` (+2)` when the status bar names the first of three lines (the tooltip lists them all). */
const more = (lines: string[]) => (lines.length > 1 ? ` (+${lines.length - 1})` : '');

/** The status bar item's text (with codicons) and tooltip. */
export function libraryStatus({ entries, libraries, problems, errors, notes, loading, draftReferences }: LibraryStatusFacts): { text: string; tooltip: string } {
  const busy = (notes.length > 0 ? ` $(sync~spin) ${notes[0].split(': showing')[0]}${more(notes)}` : '') +
    (loading.length > 0 ? ` $(sync~spin) ${loading[0]}${more(loading)}` : '');
  const details = [...notes, ...loading].map((line) => `\n${line}`).join('');
  if (libraries === 0 && problems === 0) {
    // ("No library" beside "parsing x.bib 14%" read as a setup error)
    if (loading.length > 0) return { text: `$(book)${busy}`, tooltip: `Citemark: reading the libraries…${details}` };
    if (draftReferences !== undefined) {
      // "No library" read as if nothing were checked, while the draft's citations are matched to its list
      return {
        text: `$(book) ${thousands(draftReferences)} in the draft's list`,
        tooltip: `Citemark: no library; the draft's author-date citations are checked against its own reference list ` +
          `(${plural(draftReferences, 'reference', 'references')}). ${WHERE_LIBRARIES_COME_FROM}${details}`,
      };
    }
    // "0" would read as an empty library
    return { text: `$(book) No library${busy}`, tooltip: `Citemark: no library read yet. ${WHERE_LIBRARIES_COME_FROM}${details}` };
  }
  return {
    text: `$(book) ${thousands(entries)}${problems > 0 ? ` $(${errors > 0 ? 'error' : 'warning'}) ${problems}` : ''}${busy}`,
    tooltip: `Citemark: ${plural(entries, 'entry', 'entries')} in ${plural(libraries, 'library', 'libraries')}` +
      (problems > 0 ? `; ${problems} problem(s) — click to see them` : '') + details,
  };
}
