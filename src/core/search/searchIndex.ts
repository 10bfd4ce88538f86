// The index in front of fuse.js: every entry's own text (key, names, title, keywords) cut into
// field values, fuse's exponent for each value, the shared fields, and the trigram signatures.
import { normalize, notBlank, OWN_FIELDS, WEIGHT, type SearchDoc } from './fields';
import { SharedField } from './sharedField';
import { GROUP_OF_FIELD, GROUP_SHIFT, GROUP_START, GROUPS, SIGNATURE_BITS, type Signatures } from './signatures';
import { BibtexEntry } from '../library/bibtex/entry';
import type { EntryList } from '../library/entryList';
import { creditedPeople, personName } from '../library/names';
import type { LibraryEntry } from '../types';

const SEGMENT_SEPARATOR = '\u0001';
const FIELD_WEIGHTS = OWN_FIELDS.map((name) => WEIGHT[name]);

/**
 * The names indexed: the authors', or the editors' when there is none (proceedings and edited books:
 * their names are what a user remembers). A BibTeX entry's people are not made for it.
 */
function namesOf(entry: LibraryEntry): string[] {
  if (entry instanceof BibtexEntry) return entry.searchNames();
  return creditedPeople(entry).map(personName);
}

/** Segments the build makes room for at first, per entry (key, title and a few names); it makes more as needed. */
const SEGMENTS_PER_ENTRY = 6;

/** The segments made so far by a rebuild (in arrays sized for all of them), and the signature bits of its current chunk of 32 entries. */
interface Build {
  starts: Int32Array;
  ends: Int32Array;
  fields: Uint8Array;
  norms: Uint16Array;
  segments: number;
  /**
   * Gathered here before they go to their slices: one write to each slice (SIGNATURE_BITS apart) per
   * chunk rather than one per trigram.
   */
  chunkBits: Uint32Array;
}
const KEY_SEPARATOR = '\n';

/** Grows the build's segment arrays to hold at least `needed` segments (half as many again as now, or more). */
function makeRoom(build: Build, needed: number): void {
  const capacity = Math.max(needed, Math.ceil(build.starts.length * 1.5));
  const grown = <T extends Int32Array | Uint8Array | Uint16Array>(array: T): T => {
    const larger = new (array.constructor as new (length: number) => T)(capacity);
    larger.set(array);
    return larger;
  };
  build.starts = grown(build.starts);
  build.ends = grown(build.ends);
  build.fields = grown(build.fields);
  build.norms = grown(build.norms);
}

export class SearchIndex implements Signatures {
  /** The entries indexed; from a snapshot, possibly made on first use (see LazyEntries). */
  entries: EntryList = [];
  /**
   * Per entry: its key, and its own field values joined by a control character no query word holds;
   * when the index was restored from a snapshot, made on first use (from `keyText` and `ownOf`).
   */
  keys: Array<string | undefined> = [];
  ownTexts: Array<string | undefined> = [];
  ownOf?: (index: number) => string;
  /** All keys, each after a line break, and where each starts there: prefix searches read it at once. */
  keyText = '';
  keyStarts: Int32Array = new Int32Array(0);
  /** The field values (segments) of all own texts, flat: entry e has segments [entrySegments[e], entrySegments[e + 1]). */
  entrySegments: Int32Array = new Int32Array(1);
  segmentStart: Int32Array = new Int32Array(0);
  segmentEnd: Int32Array = new Int32Array(0);
  segmentField: Uint8Array = new Uint8Array(0);
  /**
   * Fuse's field-length norm of the segment, times 1000 (an integer, as fuse rounds it): its exponent for the
   * segment's score is the field's normalised weight times the norm (see exponent).
   */
  segmentNorm: Uint16Array = new Uint16Array(0);
  /** Per entry and field group: the sum of its segments' exponents, and a bit for each segment length up to 32. */
  groupExponent: Float64Array = new Float64Array(0);
  groupLengths: Int32Array = new Int32Array(0);
  /** Per entry and field group, where its values start and end in the own text (a group is contiguous). */
  groupSpan: Int32Array = new Int32Array(0);
  /** The trigram signatures of all entries, bit-sliced (see Signatures). */
  slices: Uint32Array = new Uint32Array(0);
  chunks = 0;
  containers = new SharedField([], 0);
  years = new SharedField([], 0);
  /** Built when fuse.js first needs the entry. */
  docs: Array<SearchDoc | undefined> = [];

  /** Fuse's exponent for the score of a segment: its field's normalised weight times its length norm. */
  exponent(segment: number): number {
    return FIELD_WEIGHTS[this.segmentField[segment]] * (this.segmentNorm[segment] / 1000);
  }

  own(index: number): string {
    return (this.ownTexts[index] ??= this.ownOf!(index));
  }

  key(index: number): string {
    const end = index + 1 < this.keyStarts.length ? this.keyStarts[index + 1] - KEY_SEPARATOR.length : this.keyText.length;
    return (this.keys[index] ??= this.keyText.slice(this.keyStarts[index], end));
  }

  /** Builds the index of `entries`; a step ends every 1,024 entries or so (see CitationSearch.build). */
  *rebuild(entries: LibraryEntry[]): Generator<void> {
    const count = entries.length;
    this.entries = entries;
    this.containers = new SharedField(entries.map((entry) => entry.container ?? ''), WEIGHT.container);
    yield;
    this.years = new SharedField(entries.map((entry) => entry.year ?? ''), WEIGHT.year);
    const chunks = (this.chunks = (count + 31) >>> 5);
    this.slices = new Uint32Array(SIGNATURE_BITS * chunks);
    this.entrySegments = new Int32Array(count + 1);
    this.groupExponent = new Float64Array(count * GROUPS);
    this.groupLengths = new Int32Array(count * GROUPS);
    this.groupSpan = new Int32Array(count * GROUPS * 2);
    this.docs = new Array(count);
    this.ownTexts = new Array(count);
    this.ownOf = undefined;
    this.keys = new Array(count);
    const capacity = count * SEGMENTS_PER_ENTRY;
    const build: Build = {
      starts: new Int32Array(capacity), ends: new Int32Array(capacity), fields: new Uint8Array(capacity), norms: new Uint16Array(capacity),
      segments: 0, chunkBits: new Uint32Array(SIGNATURE_BITS),
    };
    for (let index = 0; index < count; index++) {
      this.addEntry(index, entries[index], build);
      if ((index & 31) === 31 || index === count - 1) this.addChunk(index >>> 5, build.chunkBits);
      if ((index & 1023) === 1023) yield;
    }
    this.keyText = KEY_SEPARATOR + this.keys.join(KEY_SEPARATOR);
    this.keyStarts = new Int32Array(count);
    let keyStart = KEY_SEPARATOR.length;
    this.keys.forEach((key, index) => {
      this.keyStarts[index] = keyStart;
      keyStart += key!.length + KEY_SEPARATOR.length;
    });
    // Views when little room is left over (blank values have no segment), rather than copies next to the originals (peak memory).
    const { segments } = build;
    const fit = <T extends Int32Array | Uint8Array | Uint16Array>(array: T): T =>
      (segments >= array.length * 0.75 ? array.subarray(0, segments) : array.slice(0, segments)) as T;
    this.segmentStart = fit(build.starts);
    this.segmentEnd = fit(build.ends);
    this.segmentField = fit(build.fields);
    this.segmentNorm = fit(build.norms);
  }

  /** Writes the signature bits of a chunk's 32 entries to their slices, and clears them for the next chunk. */
  private addChunk(chunk: number, chunkBits: Uint32Array): void {
    const { slices, chunks } = this;
    for (let bit = 0; bit < SIGNATURE_BITS; bit++) slices[bit * chunks + chunk] = chunkBits[bit];
    chunkBits.fill(0);
  }

  /**
   * Indexes one entry: its own text, segments, group exponents and lengths, and its signature bits
   * into `build.chunkBits`. (Apart from the generator rebuild, which V8 cannot optimise while it runs.)
   */
  private addEntry(index: number, entry: LibraryEntry, build: Build): void {
    const names = namesOf(entry);
    // (the entry's own key string when it is lower case already: no copy, and the joined key text stays one byte a character)
    const key = normalize(entry.key);
    this.keys[index] = key;
    const parts = [key];
    for (const name of names) parts.push(name);
    parts.push(entry.title ?? '');
    for (const keyword of entry.keywords) parts.push(keyword);
    if (build.segments + parts.length > build.starts.length) makeRoom(build, build.segments + parts.length);
    const { starts, ends, fields, norms, chunkBits } = build;
    const own = normalize(parts.join(SEGMENT_SEPARATOR));
    this.ownTexts[index] = own;
    const entryBit = 1 << (index & 31);
    let start = 0;
    for (let part = 0; part < parts.length; part++) {
      // the fields in OWN_FIELDS order: key, names, title, keywords
      const field = part === 0 ? 0 : part <= names.length ? 1 : part === names.length + 1 ? 2 : 3;
      let end = own.indexOf(SEGMENT_SEPARATOR, start);
      if (end < 0) end = own.length;
      const group = GROUP_OF_FIELD[field];
      const span = (index * GROUPS + group) * 2;
      if (this.groupSpan[span + 1] === 0) this.groupSpan[span] = start;
      this.groupSpan[span + 1] = end;
      let tokens = 0;
      let inWord = false;
      let visible = false;
      // One pass per value: fuse's token count (for its length norm) and the trigram signature
      // (trigramBit, unrolled).
      const groupBase = GROUP_START[group];
      const shift = GROUP_SHIFT[group];
      // The codes of the two characters before the current one.
      let first = 0;
      let second = 0;
      for (let at = start; at < end; at++) {
        const code = own.charCodeAt(at);
        const separator = (code >= 9 && code <= 13) || code === 32 || code === 160;
        if (!separator && !inWord) tokens++;
        inWord = !separator;
        if (code > 32 && code < 127) visible = true;
        if (at >= start + 2) {
          const bit = Math.imul((first << 16) ^ (second << 8) ^ code, 0x9e3779b1) >>> shift;
          chunkBits[groupBase + bit] |= entryBit;
        }
        first = second;
        second = code;
      }
      // Fuse skips blank values (String.trim); so do the bounds.
      if (tokens > 0 && (visible || notBlank(own.slice(start, end)))) {
        const segment = build.segments++;
        starts[segment] = start;
        ends[segment] = end;
        fields[segment] = field;
        const norm = Math.round(1000 / Math.sqrt(tokens));
        norms[segment] = norm;
        const exponent = FIELD_WEIGHTS[field] * (norm / 1000);
        const slot = index * GROUPS + group;
        this.groupExponent[slot] += exponent;
        if (end - start <= 32) this.groupLengths[slot] |= 1 << (end - start - 1);
      }
      start = end + 1;
    }
    this.entrySegments[index + 1] = build.segments;
  }

  /** The document fuse.js searches for the entry at `index`, fields normalised as the query is. */
  doc(index: number): SearchDoc {
    let doc = this.docs[index];
    if (!doc) {
      const own = this.own(index);
      const values: string[][] = OWN_FIELDS.map(() => []);
      for (let segment = this.entrySegments[index]; segment < this.entrySegments[index + 1]; segment++) {
        values[this.segmentField[segment]].push(own.slice(this.segmentStart[segment], this.segmentEnd[segment]));
      }
      doc = this.docs[index] = {
        key: values[0][0] ?? '',
        names: values[1],
        title: values[2][0] ?? '',
        keywords: values[3],
        year: this.years.texts[this.years.idOf[index]],
        container: this.containers.texts[this.containers.idOf[index]],
      };
    }
    return doc;
  }

  /** The entries whose key starts with `prefix`, in library order: a native search of all keys at once. */
  keysStartingWith(prefix: string): number[] {
    const found: number[] = [];
    const needle = KEY_SEPARATOR + prefix;
    let low = 0;
    for (let at = this.keyText.indexOf(needle); at >= 0; at = this.keyText.indexOf(needle, at + 1)) {
      // The last key starting at or before the match (a key may hold the separator, hence the check).
      let high = this.keyStarts.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >>> 1;
        if (this.keyStarts[middle] <= at + 1) low = middle;
        else high = middle - 1;
      }
      // (read in place: slicing thousands of keys for a one-letter prefix took 10 ms)
      if (this.keyText.startsWith(prefix, this.keyStarts[low]) && found[found.length - 1] !== low) found.push(low);
    }
    return found;
  }

  /** For a word too short for trigrams (and so for edits): a bit for each field group that holds it. */
  groupsHolding(entry: number, word: string): number {
    const own = this.own(entry);
    let groups = 0;
    for (let group = 0, at = own.indexOf(word); group < GROUPS && at >= 0; group++) {
      const span = (entry * GROUPS + group) * 2;
      if (at < this.groupSpan[span]) at = own.indexOf(word, this.groupSpan[span]);
      if (at >= 0 && at + word.length <= this.groupSpan[span + 1]) groups |= 1 << group;
    }
    return groups;
  }
}

