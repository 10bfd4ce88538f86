import { appendFileSync, readFileSync, writeFileSync } from 'fs';
import { Session } from 'inspector';
import * as path from 'path';

/** The timer's period: a tick later than this by more than REPORT_MS is a task that held the thread. */
const PERIOD_MS = 10;
const REPORT_MS = 20;
/** A CPU profile ends this long after the last completion list with items once a library is read (none for as long), or after PROFILE_MS. */
const PROFILE_AFTER_LIST_MS = 3000;
const PROFILE_MS = 120_000;

/**
 * For the benchmark: with CITEMARK_LOOP_LOG set, appends to that file one JSON line per task that
 * held the extension host's thread over 20 ms, and the moments `mark` names. A task's line:
 * `{"at": epoch ms at its end, "ms": its length, "hr": its end in µs on the monotonic clock of the CPU
 * profile's timestamps (to find its samples), "cpu": ms the thread ran, "wait": ms it waited for a CPU}`
 * (the last two where Linux tells them: on a loaded machine a task is also long because the thread
 * was not given a CPU). With CITEMARK_CPU_PROFILE (a folder) set, also profiles the extension host's
 * thread from activation to a little after the last completion list of a burst (see stopCpuProfile). Without
 * the variables it does nothing.
 */
export function startLoopMonitor(): { dispose(): void } {
  startCpuProfile();
  const file = process.env.CITEMARK_LOOP_LOG;
  if (!file) return { dispose: () => undefined };
  let last = performance.now();
  let lastTimes = threadTimes();
  // (named: the bench tells the monitor's own samples from Citemark's work, see bench/hostProfile.ts)
  const timer = setInterval(function loopMonitorTick() {
    const now = performance.now();
    const held = now - last - PERIOD_MS;
    const times = threadTimes();
    last = now;
    if (held > REPORT_MS) {
      const hr = Number(process.hrtime.bigint() / 1000n);
      const scheduled = times && lastTimes && { cpu: Math.round(times.cpu - lastTimes.cpu), wait: Math.round(times.wait - lastTimes.wait) };
      appendFileSync(file, `${JSON.stringify({ at: Date.now(), ms: Math.round(held), hr, ...scheduled })}\n`);
    }
    lastTimes = times;
  }, PERIOD_MS);
  return { dispose: () => clearInterval(timer) };
}

/** The milliseconds this thread has run and waited to run so far (Linux's schedstat), if known. */
function threadTimes(): { cpu: number; wait: number } | undefined {
  try {
    const [cpu, wait] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ').map(Number);
    return { cpu: cpu / 1e6, wait: wait / 1e6 };
  } catch {
    return undefined;
  }
}

/** Records a named moment in the CITEMARK_LOOP_LOG file (see startLoopMonitor). */
export function mark(event: string): void {
  const file = process.env.CITEMARK_LOOP_LOG;
  if (file) appendFileSync(file, `${JSON.stringify({ at: Date.now(), event })}\n`);
  // (a first list may come before the library is read, from the entries sent ahead of its parse; the
  // bench types on until the whole library is searched: the profile covers that too)
  if (event.startsWith('library ')) libraryRead = true;
  if (profiler && libraryRead && /^completion gives [1-9]/.test(event)) {
    clearTimeout(profileEnd);
    profileEnd = setTimeout(stopCpuProfile, PROFILE_AFTER_LIST_MS);
  }
}

let profiler: Session | undefined;
let profileEnd: NodeJS.Timeout | undefined;
let libraryRead = false;

function startCpuProfile(): void {
  const folder = process.env.CITEMARK_CPU_PROFILE;
  if (!folder || profiler) return;
  profiler = new Session();
  profiler.connect();
  profiler.post('Profiler.enable', () => profiler?.post('Profiler.start'));
  setTimeout(stopCpuProfile, PROFILE_MS).unref();
}

/** Writes the profile to CITEMARK_CPU_PROFILE/host-<epoch ms>.cpuprofile (readable by Chrome's DevTools). */
function stopCpuProfile(): void {
  const session = profiler;
  if (!session) return;
  profiler = undefined;
  session.post('Profiler.stop', (error, result) => {
    if (!error) writeFileSync(path.join(process.env.CITEMARK_CPU_PROFILE!, `host-${Date.now()}.cpuprofile`), JSON.stringify(result.profile));
    session.disconnect();
  });
}
