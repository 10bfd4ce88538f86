import * as assert from 'assert';
import { allEntries, firstEntries, LazyEntries } from '../../src/core/library/entryList';
import { KeyTable } from '../../src/core/library/keyTable';
import { runToEnd } from '../../src/core/steps';
import type { LibraryEntry } from '../../src/core/types';

const entry = (i: number): LibraryEntry => ({ key: `k${i}`, type: 'book', source: '/l.bib', startLine: i, endLine: i, keyOffset: -1, authors: [], editors: [], keywords: [] });

describe('LazyEntries', () => {
  it('makes an entry only when asked for, once, and all of them only for all()', () => {
    const made: number[] = [];
    const list = new LazyEntries(100_000, (i) => (made.push(i), entry(i)));
    assert.deepStrictEqual(firstEntries(list, 3).map((e) => e.key), ['k0', 'k1', 'k2']);
    assert.strictEqual(list.at(99_999)!.key, 'k99999');
    assert.strictEqual(list.at(1), list.at(1), 'the same object each time');
    assert.deepStrictEqual(made, [0, 1, 2, 99_999], 'the first list made four entries, not 100,000');
    assert.strictEqual(list.at(100_000), undefined);
    assert.strictEqual(list.at(-1), undefined);
    const first = list.at(0);
    const all = allEntries(list);
    assert.strictEqual(all.length, 100_000);
    assert.strictEqual(all[0], first, 'all() keeps the entries already made');
    assert.strictEqual(made.length, 100_000, 'and makes each of the others once');
    assert.strictEqual(allEntries(list), all, 'the same array each time');
  });

  it('makes them all in steps, for the extension host to run in slices', () => {
    const list = new LazyEntries(10, entry);
    const first = list.at(3);
    const steps = list.allSteps(4);
    let yielded = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yielded++;
    assert.strictEqual(yielded, 2, 'a step every 4 entries');
    assert.strictEqual(step.value, list.all(), 'the same array as all()');
    assert.strictEqual(step.value[3], first);
    assert.deepStrictEqual(step.value.map((e) => e.key), Array.from({ length: 10 }, (_, i) => `k${i}`));
  });

  it('reads an array as it is', () => {
    const array = [entry(0), entry(1)];
    assert.strictEqual(allEntries(array), array);
    assert.deepStrictEqual(firstEntries(array, 1), [array[0]]);
    assert.deepStrictEqual(firstEntries(new LazyEntries(2, entry), 5).length, 2);
  });
});

describe('KeyTable', () => {
  it('finds each key\'s first position, in keys of any length and characters, and no other', () => {
    const keys = ['a', 'ab', 'b', 'a', 'Müller2020', '', 'ab', 'x'.repeat(300), 'ß'];
    const ends = new Int32Array(keys.length);
    keys.reduce((end, key, i) => (ends[i] = end + key.length), 0);
    const table = runToEnd(KeyTable.build(keys.join(''), ends, 2));
    assert.deepStrictEqual(table.firsts, [0, 1, 2, 4, 5, 7, 8]);
    keys.forEach((key) => assert.strictEqual(table.get(key), keys.indexOf(key), key));
    for (const absent of ['abb', 'A', 'Müller', 'x'.repeat(299), 'ba', 'bab']) assert.strictEqual(table.get(absent), undefined, absent);
  });

  it('holds 100,000 keys that share a long prefix, each found at once', () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `anthology-2023-long-shared-prefix-${i}`);
    const ends = new Int32Array(keys.length);
    keys.reduce((end, key, i) => (ends[i] = end + key.length), 0);
    const start = performance.now();
    const table = runToEnd(KeyTable.build(keys.join(''), ends));
    for (let i = 0; i < keys.length; i += 7) assert.strictEqual(table.get(keys[i]), i);
    assert.strictEqual(table.firsts.length, keys.length);
    assert.ok(performance.now() - start < 5000, 'far below a generous ceiling');
  });
});
