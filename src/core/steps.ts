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
