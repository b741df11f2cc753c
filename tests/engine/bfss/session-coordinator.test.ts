// The per-session gathering of VMs into one storage snapshot per volume, on a hand-built session
// view: a group closes when every VM expected on its volume has arrived, failed, or is waiting for a
// task slot; a late VM gets a group of its own; regular VMs go on once no storage snapshot is pending.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EventEmitter } from 'node:events';
import { SessionCoordinator } from '../../../src/engine/bfss/index.ts';
import type { SessionEvent } from '../../../src/engine/jobs/live-session.ts';
import type { TaskSessionInfo } from '../../../src/engine/jobs/session-info.ts';

function task(vm: string, index: number): TaskSessionInfo {
  return {
    SessionId: 1, Index: index, VM: vm, Disk: 'disk1', Status: 'Pending', Proxy: null, TransportMode: null, SnapshotSource: null,
    VMSnapshotLifetime: null, ReadBytes: 0, TransferredBytes: 0, Speed: 0, Bottleneck: null, TotalBytes: 1, StartTime: null, EndTime: null, Log: [],
  };
}

function view(vms: string[]) {
  const tasks = vms.map(task);
  const events = new EventEmitter<{ event: [SessionEvent] }>();
  const log = (t: TaskSessionInfo, text: string) => {
    t.Log.push({ Time: new Date(), Severity: 'Info', Text: text });
    events.emit('event', { sessionId: 1, kind: 'log', task: t.Index, severity: 'Info', text, time: new Date() });
  };
  // As LiveSession.taskWaiting / taskScheduled do: a log line and a structured event.
  const wait = (t: TaskSessionInfo) => {
    log(t, 'Waiting for infrastructure resources: proxy px has no free task slot');
    events.emit('event', { sessionId: 1, kind: 'task-waiting', task: t, reason: 'proxy px has no free task slot' });
  };
  const schedule = (t: TaskSessionInfo) => {
    log(t, "Resource scheduler assigned backup proxy 'px' and repository 'r'");
    events.emit('event', { sessionId: 1, kind: 'task-scheduled', task: t, proxy: 'px', repository: 'r' });
  };
  const fail = (t: TaskSessionInfo) => {
    t.Status = 'Failed';
    t.EndTime = new Date();
    events.emit('event', { sessionId: 1, kind: 'task-finished', task: t });
  };
  return { tasks, events, wait, schedule, fail };
}

const onVol = (vm: string) => (vm.startsWith('san') ? 'fas01/vol1' : null);
const state = (p: Promise<unknown>) => Promise.race([p.then(() => 'done'), new Promise((r) => setImmediate(() => r('waiting')))]);

test('a group closes only when every VM of its volume has arrived', async () => {
  const v = view(['san1', 'san2', 'local1']);
  const c = new SessionCoordinator(v, new AbortController().signal, onVol);
  const g = c.joinVolume('san1', 'fas01/vol1');
  assert.is(await state(g.closed), 'waiting');
  const regular = c.afterStorageSnapshots('local1');
  assert.is(c.joinVolume('san2', 'fas01/vol1'), g, 'same volume, same group');
  assert.is(await state(g.closed), 'done');
  assert.equal(g.members, ['san1', 'san2']);
  assert.is(await state(regular), 'waiting', 'regular VMs wait for the snapshot itself');
  c.settled('san1');
  c.settled('san2');
  assert.is(await state(regular), 'done');
  c.dispose();
});

test('a VM whose tasks failed, or that waits for a slot, does not hold the group; a late VM gets a new group', async () => {
  const v = view(['san1', 'san2', 'san3', 'san4']);
  v.wait(v.tasks[2]!); // before the coordinator exists: read from the task's log
  const c = new SessionCoordinator(v, new AbortController().signal, onVol);
  const g = c.joinVolume('san1', 'fas01/vol1');
  assert.is(await state(g.closed), 'waiting', 'san2 and san4 are still on their way');
  v.wait(v.tasks[3]!);
  assert.is(await state(g.closed), 'waiting', 'san2 is still on its way');
  v.fail(v.tasks[1]!);
  assert.is(await state(g.closed), 'done');
  assert.equal(g.members, ['san1']);
  v.schedule(v.tasks[2]!);
  const late = c.joinVolume('san3', 'fas01/vol1');
  assert.is.not(late, g);
  assert.is(await state(late.closed), 'done', 'san4 still waits for a slot');
  c.dispose();
});

test('stopping the job releases every waiter', async () => {
  const v = view(['san1', 'san2', 'local1']);
  const stop = new AbortController();
  const c = new SessionCoordinator(v, stop.signal, onVol);
  const g = c.joinVolume('san1', 'fas01/vol1');
  const regular = c.afterStorageSnapshots('local1');
  stop.abort();
  assert.is(await state(g.closed), 'done');
  assert.is(await state(regular), 'done');
  c.dispose();
});

test.run();
