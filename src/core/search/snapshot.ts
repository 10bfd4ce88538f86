// The search index as plain data: typed arrays and a few texts, cheap for a worker to send and for
// the persisted cache to hold.
import { SharedField, type SharedFieldSnapshot } from './sharedField';
import { SearchIndex } from './searchIndex';
import type { EntryList } from '../library/entryList';

/** A CitationSearch as plain data (see `CitationSearch.snapshot`). */
export interface SearchSnapshot {
  count: number;
  chunks: number;
  /** Entry i's own text (see SearchIndex.ownTexts). */
  own: (index: number) => string;
  keyText: string;
  containers: SharedFieldSnapshot;
  years: SharedFieldSnapshot;
  arrays: {
    keyStarts: Int32Array;
    entrySegments: Int32Array;
    segmentStart: Int32Array;
    segmentEnd: Int32Array;
    segmentField: Uint8Array;
    segmentNorm: Uint16Array;
    groupExponent: Float64Array;
    groupLengths: Int32Array;
    groupSpan: Int32Array;
    slices: Uint32Array;
  };
}

export function snapshotOf(index: SearchIndex): SearchSnapshot {
  return {
    count: index.entries.length,
    chunks: index.chunks,
    own: (entry) => index.own(entry),
    keyText: index.keyText,
    containers: index.containers.snapshot(),
    years: index.years.snapshot(),
    arrays: {
      keyStarts: index.keyStarts,
      entrySegments: index.entrySegments,
      segmentStart: index.segmentStart,
      segmentEnd: index.segmentEnd,
      segmentField: index.segmentField,
      segmentNorm: index.segmentNorm,
      groupExponent: index.groupExponent,
      groupLengths: index.groupLengths,
      groupSpan: index.groupSpan,
      slices: index.slices,
    },
  };
}

/** The index a snapshot holds, over `entries` (the same entries, in the same order, as it was built from). */
export function indexFromSnapshot(snapshot: SearchSnapshot, entries: EntryList): SearchIndex {
  if (snapshot.count !== entries.length) throw new Error(`a search snapshot of ${snapshot.count} entries given ${entries.length}`);
  const index = new SearchIndex();
  const { arrays } = snapshot;
  index.entries = entries;
  index.chunks = snapshot.chunks;
  index.ownOf = snapshot.own;
  index.keyText = snapshot.keyText;
  index.containers = SharedField.fromSnapshot(snapshot.containers);
  index.years = SharedField.fromSnapshot(snapshot.years);
  index.keyStarts = arrays.keyStarts;
  index.entrySegments = arrays.entrySegments;
  index.segmentStart = arrays.segmentStart;
  index.segmentEnd = arrays.segmentEnd;
  index.segmentField = arrays.segmentField;
  index.segmentNorm = arrays.segmentNorm;
  index.groupExponent = arrays.groupExponent;
  index.groupLengths = arrays.groupLengths;
  index.groupSpan = arrays.groupSpan;
  index.slices = arrays.slices;
  index.keys = new Array(entries.length);
  index.ownTexts = new Array(entries.length);
  index.docs = new Array(entries.length);
  return index;
}
