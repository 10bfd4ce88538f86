import * as assert from 'assert';
import { runInSlices, runInSlicesWhileWanted, runToEnd } from '../../src/core/steps';

/** Counts to `n`, a step each, about 1 ms a step. */
function* counting(n: number, counted: { value: number }): Generator<void, number> {
  for (; counted.value < n; counted.value++) {
    const until = performance.now() + 1;
    while (performance.now() < until);
    yield;
  }
  return counted.value;
}

describe('steps', () => {
  it('runs to the end at once, or in slices that give the event loop back', async () => {
    assert.strictEqual(runToEnd(counting(5, { value: 0 })), 5);
    let turns = 0;
    const turn = setInterval(() => turns++, 0);
    try {
      assert.strictEqual(await runInSlices(counting(60, { value: 0 }), 5), 60);
    } finally {
      clearInterval(turn);
    }
    assert.ok(turns >= 3, `the event loop ran ${turns} times`);
  });

  it('stops between slices once the result is no longer wanted', async () => {
    const counted = { value: 0 };
    let wanted = true;
    setTimeout(() => (wanted = false), 10);
    assert.strictEqual(await runInSlicesWhileWanted(counting(10_000, counted), () => !wanted, 2), undefined);
    assert.ok(counted.value < 10_000, `ran all ${counted.value} steps`);
    assert.strictEqual(await runInSlicesWhileWanted(counting(20, { value: 0 }), () => false, 2), 20);
  });
});
