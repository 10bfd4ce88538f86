/**
 * Each distinct key's first position in a library, found through a hash table in a typed array over
 * the keys' joined text: no string and no Map entry per key. (A Map of 88,000 sliced keys cost the
 * extension host 100-200 ms of garbage collection on every load.) Key `i` is `text` from `ends[i - 1]`
 * (0 for the first) to `ends[i]`; the table is built in steps (see runInSlices).
 */
export class KeyTable {
  /** Position + 1 of the first key with each hash (open addressing, linear probing); 0: empty. */
  private slots = new Int32Array(0);
  private mask = 0;
  /** The position of each distinct key's first occurrence, in order. */
  readonly firsts: number[] = [];

  private constructor(private readonly text: string, private readonly ends: Int32Array) {}

  static *build(text: string, ends: Int32Array, step = 5000): Generator<void, KeyTable> {
    const table = new KeyTable(text, ends);
    let size = 2;
    while (size < ends.length * 2) size *= 2;
    table.slots = new Int32Array(size);
    table.mask = size - 1;
    for (let i = 0; i < ends.length; i++) {
      const start = table.start(i);
      let slot = hash(text, start, ends[i]) & table.mask;
      for (;;) {
        const held = table.slots[slot];
        if (held === 0) {
          table.slots[slot] = i + 1;
          table.firsts.push(i);
          break;
        }
        if (table.sameKeys(held - 1, start, ends[i])) break;
        slot = (slot + 1) & table.mask;
      }
      if (i % step === step - 1) yield;
    }
    return table;
  }

  /** The position of the first key equal to `key`, or undefined. */
  get(key: string): number | undefined {
    if (this.mask === 0) return undefined;
    let slot = hash(key, 0, key.length) & this.mask;
    for (;;) {
      const held = this.slots[slot];
      if (held === 0) return undefined;
      const start = this.start(held - 1);
      if (this.ends[held - 1] - start === key.length && this.text.startsWith(key, start)) return held - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  private start(i: number): number {
    return i === 0 ? 0 : this.ends[i - 1];
  }

  /** Whether key `i` is the text from `start` to `end`. */
  private sameKeys(i: number, start: number, end: number): boolean {
    const from = this.start(i);
    if (this.ends[i] - from !== end - start) return false;
    for (let at = 0; at < end - start; at++) if (this.text.charCodeAt(from + at) !== this.text.charCodeAt(start + at)) return false;
    return true;
  }
}

/** FNV-1a over the UTF-16 code units of `text` from `start` to `end`. */
function hash(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
