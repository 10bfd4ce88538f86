// Long computations as generators that yield between steps, so that the extension host's thread can
// run them in slices (runInSlices) while the CLI and the worker run them at once (runToEnd).

export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Runs the steps about `sliceMs` at a time, giving the event loop back in between. `beforeSlice`, if
 * given, is awaited before each slice (to wait for other work to be done, or to stop by throwing).
 */
export async function runInSlices<T>(steps: Generator<void, T>, sliceMs = 10, beforeSlice?: () => Promise<void>): Promise<T> {
  await beforeSlice?.();
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart < sliceMs) continue;
    await new Promise((resolve) => setImmediate(resolve));
    await beforeSlice?.();
    sliceStart = performance.now();
  }
}

/** runInSlices until `unwanted()` says, between slices, that the result is no longer wanted: undefined then. */
export async function runInSlicesWhileWanted<T>(steps: Generator<void, T>, unwanted: () => boolean, sliceMs = 10): Promise<T | undefined> {
  const stop = new Error('no longer wanted');
  return runInSlices(steps, sliceMs, async () => {
    if (unwanted()) throw stop;
  }).catch((error: unknown) => {
    if (error === stop) return undefined;
    throw error;
  });
}
