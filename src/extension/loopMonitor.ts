import { appendFileSync } from 'fs';

/** The timer's period: a tick later than this by more than REPORT_MS is a task that held the thread. */
const PERIOD_MS = 10;
const REPORT_MS = 20;

/**
 * For the benchmark: with CITEMARK_LOOP_LOG set, appends to that file one JSON line per task that
 * held the extension host's thread over 20 ms (`{"at": epoch ms at its end, "ms": its length}`), and
 * the moments `mark` names. Without the variable it does nothing.
 */
export function startLoopMonitor(): { dispose(): void } {
  const file = process.env.CITEMARK_LOOP_LOG;
  if (!file) return { dispose: () => undefined };
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const held = now - last - PERIOD_MS;
    last = now;
    if (held > REPORT_MS) appendFileSync(file, `${JSON.stringify({ at: Date.now(), ms: Math.round(held) })}\n`);
  }, PERIOD_MS);
  return { dispose: () => clearInterval(timer) };
}

/** Records a named moment in the CITEMARK_LOOP_LOG file (see startLoopMonitor). */
export function mark(event: string): void {
  const file = process.env.CITEMARK_LOOP_LOG;
  if (file) appendFileSync(file, `${JSON.stringify({ at: Date.now(), event })}\n`);
}
