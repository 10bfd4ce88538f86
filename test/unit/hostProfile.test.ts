import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HostProfiles, isOurs } from '../../bench/hostProfile';

// A CPU profile as V8 writes it (nodes, samples, time deltas in µs), of an extension host where
// Citemark, VS Code, another extension, the garbage collector and the bench's monitor each ran.
const CITEMARK = 'file:///tmp/wb/extensions/citemark.citemark-0.1.0/dist/extension.js';
const GIT = 'file:///opt/code-server/lib/vscode/extensions/git/dist/main.js';
const HOST = 'file:///opt/code-server/lib/vscode/out/vs/workbench/api/node/extensionHostProcess.js';
const frame = (functionName: string, url = '') => ({ functionName, url, scriptId: '0', lineNumber: 0, columnNumber: 0 });
const profile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 3, 6, 7, 9] },
    { id: 2, callFrame: frame('(idle)') },
    { id: 3, callFrame: frame('z', HOST), children: [4] },
    { id: 4, callFrame: frame('activate', CITEMARK), children: [5] },
    { id: 5, callFrame: frame('registerThemes', CITEMARK) },
    { id: 6, callFrame: frame('(garbage collector)') },
    { id: 7, callFrame: frame('openRepository', GIT), children: [8] },
    { id: 8, callFrame: frame('exec', HOST) },
    { id: 9, callFrame: frame('loopMonitorTick', CITEMARK) },
  ],
  startTime: 1_000_000,
  endTime: 1_100_000,
  // every 10 ms: idle, Citemark ×3 (registerThemes), VS Code ×1, gc ×1, git ×2, monitor ×1, idle
  samples: [2, 5, 5, 4, 3, 6, 8, 7, 9, 2],
  timeDeltas: [0, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000],
};

describe('bench: whose code ran in the extension host\'s long tasks', () => {
  let folder: string;
  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'citemark-host-profile-'));
    fs.writeFileSync(path.join(folder, 'host-1.cpuprofile'), JSON.stringify(profile));
  });
  after(() => fs.rmSync(folder, { recursive: true }));

  it('splits a task between Citemark (by its outermost functions), other extensions, VS Code, gc and the monitor', () => {
    // the task from 1.010 s to 1.090 s on the monotonic clock (the loop monitor logs its end)
    const task = { ms: 80, hr: 1_090_000 };
    const attribution = new HostProfiles(folder).attribute(task);
    assert.strictEqual(attribution.profiled, true);
    assert.strictEqual(attribution.ours, 30);
    assert.deepStrictEqual(attribution.by, [['activate > registerThemes', 20], ['activate', 10]]);
    assert.deepStrictEqual(attribution.others, [['git', 20], ['VS Code', 10], ['gc', 10], ['monitor', 10]]);
    assert.strictEqual(isOurs(task, attribution), false, '30 of 80 ms');
    assert.strictEqual(isOurs({ ms: 50, hr: 1_050_000 }, new HostProfiles(folder).attribute({ ms: 50, hr: 1_050_000 })), true, '30 of 50 ms');
  });

  it('counts only the part of a sample inside the task, and says when the profile does not cover it', () => {
    const profiles = new HostProfiles(folder);
    assert.strictEqual(profiles.attribute({ ms: 15, hr: 1_025_000 }).ours, 15);
    assert.deepStrictEqual(profiles.attribute({ ms: 20, hr: 1_020_000 }).others, [['idle', 10]]);
    assert.strictEqual(profiles.attribute({ ms: 50, hr: 1_200_000 }).profiled, false);
  });
});
