import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyEvent, emptyProgress, formatBytes, formatElapsed, progressBar, prune, runningSessions, type ProgressModel } from '../../src/repl/progress-model.ts';

const task = (index: number, extra: Record<string, unknown> = {}) => ({
  Index: index, VM: 'web01', Disk: `disk${index + 1}`, Status: 'Pending', Proxy: null, TransportMode: null,
  ReadBytes: 0, TransferredBytes: 0, TotalBytes: 1000, Speed: 0, Bottleneck: null, StartTime: null, EndTime: null, ...extra,
});

function feed(events: Record<string, unknown>[]): ProgressModel {
  return events.reduce<ProgressModel>((m, e) => applyEvent(m, e as never, 10_000), emptyProgress);
}

test('a session with two tasks: scheduling, progress and finish', () => {
  const m = feed([
    { sessionId: 7, kind: 'session-started', session: { JobName: 'Nightly', State: 'Starting', CreationTime: new Date(1000) } },
    { sessionId: 7, kind: 'task-waiting', task: task(0), reason: 'no free proxy slot' },
    { sessionId: 7, kind: 'task-scheduled', task: task(0), proxy: 'px01', repository: 'repo01' },
    { sessionId: 7, kind: 'task-started', task: task(0, { Status: 'InProgress', Proxy: 'px01', TransportMode: 'HotAdd', StartTime: new Date(2000) }) },
    { sessionId: 7, kind: 'task-progress', task: task(0, { Status: 'InProgress' }), readBytes: 500, transferredBytes: 200, speed: 250, progress: 50 },
    { sessionId: 7, kind: 'task-started', task: task(1, { Status: 'InProgress', Proxy: 'px02', TransportMode: 'NBD' }) },
  ]);
  const s = m.sessions[0]!;
  assert.is(s.jobName, 'Nightly');
  assert.is(s.tasks.length, 2);
  const [a, b] = s.tasks;
  assert.is(a!.proxy, 'px01');
  assert.is(a!.transportMode, 'HotAdd');
  assert.is(a!.progress, 50);
  assert.is(a!.readBytes, 500);
  assert.is(a!.transferredBytes, 200);
  assert.is(a!.speed, 250);
  assert.is(a!.waiting, null);
  assert.is(a!.startTime, 2000);
  assert.is(b!.transportMode, 'NBD');
  assert.is(s.progress, 25);
  assert.is(runningSessions(m).length, 1);

  const done = feed([
    { sessionId: 7, kind: 'session-started', session: { JobName: 'Nightly' } },
    { sessionId: 7, kind: 'task-finished', task: task(0, { Status: 'Success', Bottleneck: 'Source', ReadBytes: 1000 }) },
    { sessionId: 7, kind: 'session-finished', session: { State: 'Stopped', Result: 'Success', Progress: 100, EndTime: new Date(9000) } },
  ]);
  const f = done.sessions[0]!;
  assert.is(f.tasks[0]!.progress, 100);
  assert.is(f.tasks[0]!.bottleneck, 'Source');
  assert.is(f.result, 'Success');
  assert.is(runningSessions(done).length, 0);
  assert.is(prune(done, 9000 + 1000).sessions.length, 1, 'lingers');
  assert.is(prune(done, 9000 + 5000).sessions.length, 0, 'then goes');
});

test('a waiting task shows why; events of other kinds change nothing', () => {
  const m = feed([{ sessionId: 1, kind: 'task-waiting', task: task(0), reason: 'repository busy' }]);
  assert.is(m.sessions[0]!.tasks[0]!.waiting, 'repository busy');
  assert.is(applyEvent(m, { kind: 'vm-added', vm: 'x' }), m);
  assert.is(applyEvent(m, { kind: 'lab-progress', sessionId: 1 }), m);
});

const MB = 1024 * 1024;
const labEvents = (lab = 'Demo') => [
  { kind: 'lab-started', lab, totalBytes: 100 * MB, startTime: 1000, disks: [{ vm: 'web01', disk: 'disk1', size: 60 * MB }, { vm: 'db01', disk: 'disk1', size: 40 * MB }] },
  { kind: 'lab-progress', lab, vm: 'web01', disk: 'disk1', diskBytes: 20 * MB, diskTotalBytes: 60 * MB, bytes: 20 * MB, totalBytes: 100 * MB, dataBytes: 12 * MB, elapsedMs: 1000 },
  { kind: 'lab-progress', lab, vm: 'db01', disk: 'disk1', diskBytes: 4 * MB, diskTotalBytes: 40 * MB, bytes: 64 * MB, totalBytes: 100 * MB, dataBytes: 30 * MB, elapsedMs: 2000 },
];

test('a lab build is a row: current disk, bytes of the total, percent, speed, start time', () => {
  const m = labEvents().reduce<ProgressModel>((acc, e) => applyEvent(acc, e, 3000), emptyProgress);
  assert.is(m.labs.length, 1);
  assert.equal(m.labs[0], {
    lab: 'Demo', vm: 'db01', disk: 'disk1', bytes: 64 * MB, totalBytes: 100 * MB, dataBytes: 30 * MB,
    progress: 64, speed: 32 * MB, startTime: 1000, at: 3000,
  });
  assert.is(m.activity, null, 'the row says it all');
  assert.is(runningSessions(m).length, 0, 'a lab build is not a job Ctrl+C asks about');
  const started = applyEvent(emptyProgress, labEvents()[0]!, 1500).labs[0]!;
  assert.equal([started.vm, started.progress, started.bytes, started.totalBytes], [null, 0, 0, 100 * MB]);
  const other = applyEvent(m, labEvents('Other')[1]!, 3000);
  assert.equal(other.labs.map((l) => l.lab), ['Demo', 'Other'], 'two builds, two rows');
  assert.is(applyEvent(m, { kind: 'lab-progress', lab: 'Demo', bytes: 70 * MB, elapsedMs: 0 }, 3000).labs[0]!.speed, 32 * MB, 'no speed from zero time');
});

test('progress seen without its start still makes a row, started elapsedMs ago', () => {
  const m = applyEvent(emptyProgress, labEvents()[2]!, 10_000);
  assert.is(m.labs[0]!.startTime, 8000);
  assert.is(m.labs[0]!.progress, 64);
});

test('a finished build leaves a line that fades; a stopped or failed one says nothing was kept', () => {
  let m = labEvents().reduce<ProgressModel>((acc, e) => applyEvent(acc, e, 3000), emptyProgress);
  const done = applyEvent(m, { kind: 'lab-completed', lab: 'Demo', bytes: 100 * MB, totalBytes: 100 * MB, dataBytes: 55 * MB, elapsedMs: 65_000 }, 4000);
  assert.equal(done.labs, []);
  assert.is(done.activity?.text, 'Lab Demo built: 100 MB of disks (55 MB of data) in 1:05');
  assert.is(prune(done, 5000).activity, done.activity, 'lingers');
  assert.is(prune(done, 4000 + 5000).activity, null, 'then goes');
  const stopped = applyEvent(m, { kind: 'lab-failed', lab: 'Demo', bytes: 64 * MB, totalBytes: 100 * MB, elapsedMs: 2500, stopped: true, error: 'x' }, 4000);
  assert.equal(stopped.labs, []);
  assert.is(stopped.activity?.text, 'Lab Demo stopped at 64% after 0:02; nothing was kept');
  m = applyEvent(m, { kind: 'lab-failed', lab: 'Demo', elapsedMs: 2500, stopped: false, error: 'disk full' }, 4000);
  assert.is(m.activity?.text, 'Lab Demo failed: disk full at 64% after 0:02; nothing was kept');
});

test('workload progress shows as one activity line until done', () => {
  let m = applyEvent(emptyProgress, { kind: 'workload-progress', vm: 'web01', disk: 'disk1', bytes: 3 * MB }, 100);
  assert.is(m.activity?.text, 'Workload on web01/disk1: 3.0 MB written');
  assert.is(prune(m, 1000).activity?.text, m.activity?.text);
  assert.is(prune(m, 100 + 5000).activity, null, 'a quiet activity goes');
  m = applyEvent(m, { kind: 'workload-completed', vm: 'web01', bytes: 1 }, 200);
  assert.is(m.activity, null);
  assert.is(applyEvent(m, { kind: 'array-connected', array: 'fas01' }), m);
});

test('formatting helpers', () => {
  assert.is(formatBytes(512), '512 B');
  assert.is(formatBytes(1536), '1.5 KB');
  assert.is(formatBytes(300 * 1024 * 1024), '300 MB');
  assert.is(formatElapsed(65_000), '1:05');
  assert.is(formatElapsed(3_726_000), '1:02:06');
  assert.is(progressBar(50, 10), '█████     ');
  assert.is(progressBar(100, 4), '████');
  assert.is(progressBar(0, 3), '   ');
  assert.is(progressBar(55, 10).length, 10);
});

test.run();
