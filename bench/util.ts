import { spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import { gunzipSync } from 'zlib';

/** Milliseconds of each of `runs` calls of `fn`, sorted. */
export function timeRuns(runs: number, fn: () => unknown): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;

export async function gunzipFile(file: string): Promise<Buffer> {
  return gunzipSync(await fs.readFile(file));
}

export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

/**
 * Runs this bench (the bundle: every section's child entry point is in it) in a fresh process with
 * `args`, and gives the JSON of the last line it prints.
 */
export function childFigures<T>(args: string[]): T {
  const child = spawnSync(process.execPath, ['--expose-gc', __filename, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`${args.join(' ')} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as T;
}
