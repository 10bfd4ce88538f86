// Which of the extension host's long tasks ran Citemark's code: the loop monitor (src/extension/loopMonitor.ts)
// logs each task's end on the monotonic clock the host's CPU profile uses, so the profile's samples
// inside a task tell whose code held the thread.
import * as fs from 'fs';
import * as path from 'path';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * One sample: the stack from `from` to `to` (µs, monotonic), as the Citemark frames in it from the root
 * (or none), and else whose code it is: the outermost extension's folder on the stack, 'gc', 'idle', the
 * bench's 'monitor', or 'VS Code'.
 */
interface Sample {
  from: number;
  to: number;
  citemark: string[];
  other: string;
}

/**
 * A task as the loop monitor logged it: its length (ms), its end (µs on the monotonic clock), and
 * where Linux tells them, the ms the thread ran and waited for a CPU meanwhile.
 */
export interface HostTask {
  ms: number;
  hr: number;
  cpu?: number;
  wait?: number;
}

export interface Attribution {
  /** Milliseconds of the task in which Citemark's code was on the stack. */
  ours: number;
  /** Whether the profile covered the task. */
  profiled: boolean;
  /** Citemark's time in the task by its two outermost functions ("activate > registerThemes"), longest first. */
  by: [string, number][];
  /** The rest of the task by whose code it was (another extension's folder name, 'gc', 'VS Code'), longest first. */
  others: [string, number][];
}

/** A frame of the installed extension's code (its folder is extensions/<publisher>.<name>-<version>). */
const CITEMARK_URL = /\/extensions\/citemark\.citemark-[^/]+\//;
const EXTENSION_URL = /\/extensions\/([^/]+)\//;
/** Citemark's functions that only the benchmark runs (src/extension/loopMonitor.ts): not counted as Citemark's work. */
const MONITOR = new Set(['loopMonitorTick', 'startCpuProfile', 'stopCpuProfile', 'mark']);

export class HostProfiles {
  private readonly samples: Sample[] = [];
  private readonly spans: [number, number][] = [];

  /** Reads every host-*.cpuprofile in `folder`. */
  constructor(folder: string) {
    const files = fs.existsSync(folder) ? fs.readdirSync(folder).filter((name) => /^host-.*\.cpuprofile$/.test(name)) : [];
    for (const name of files) this.add(JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8')) as CpuProfile);
    this.samples.sort((a, b) => a.from - b.from);
  }

  private add(profile: CpuProfile): void {
    this.spans.push([profile.startTime, profile.endTime]);
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    const stacks = new Map<number, { citemark: string[]; other: string }>();
    const stackOf = (id: number): { citemark: string[]; other: string } => {
      let stack = stacks.get(id);
      if (stack) return stack;
      const up = parent.get(id);
      const { functionName, url } = byId.get(id)!.callFrame;
      stack = up === undefined ? { citemark: [], other: 'VS Code' } : stackOf(up);
      if (stack.other === 'monitor' || (CITEMARK_URL.test(url) && MONITOR.has(functionName))) stack = { citemark: [], other: 'monitor' };
      else if (CITEMARK_URL.test(url)) stack = { ...stack, citemark: [...stack.citemark, functionName || '(anonymous)'] };
      else if (functionName === '(garbage collector)') stack = { ...stack, other: 'gc' };
      else if (functionName === '(idle)') stack = { ...stack, other: 'idle' };
      else if (stack.other === 'VS Code' && EXTENSION_URL.test(url)) stack = { ...stack, other: EXTENSION_URL.exec(url)![1] };
      stacks.set(id, stack);
      return stack;
    };
    let at = profile.startTime;
    const times = profile.timeDeltas.map((delta) => (at += delta));
    profile.samples.forEach((id, i) => {
      const to = times[i + 1] ?? profile.endTime;
      this.samples.push({ from: times[i], to, ...stackOf(id) });
    });
  }

  attribute(task: HostTask): Attribution {
    const from = task.hr - task.ms * 1000;
    const profiled = this.spans.some(([start, end]) => start <= from && task.hr <= end);
    let ours = 0;
    const by = new Map<string, number>();
    const others = new Map<string, number>();
    for (const sample of this.samples) {
      if (sample.to <= from) continue;
      if (sample.from >= task.hr) break;
      const overlap = (Math.min(sample.to, task.hr) - Math.max(sample.from, from)) / 1000;
      if (sample.citemark.length > 0) ours += overlap;
      const [name, tally] = sample.citemark.length > 0 ? [sample.citemark.slice(0, 2).join(' > '), by] : [sample.other, others];
      tally.set(name, (tally.get(name) ?? 0) + overlap);
    }
    const longestFirst = (tally: Map<string, number>) => [...tally].sort((a, b) => b[1] - a[1]);
    return { ours, profiled, by: longestFirst(by), others: longestFirst(others) };
  }
}

/** A long task is ours when Citemark's code held the thread over 50 ms of it, or over half of it. */
export function isOurs(task: HostTask, attribution: Attribution): boolean {
  return attribution.ours > 50 || attribution.ours > task.ms / 2;
}
