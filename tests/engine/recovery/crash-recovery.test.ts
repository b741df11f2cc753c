// Crash recovery at open (src/engine/recovery): sessions of dead processes are closed and their
// open VM snapshots committed with the delta's bytes kept in the disk; a live process's session and
// snapshot, and a snapshot the user made, are left alone; recovering twice cleans once.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/engine/engine.ts';
import { SessionStore } from '../../../src/engine/jobs/session-store.ts';
import { backupSnapshotName } from '../../../src/engine/jobs/vm-snapshot-source.ts';
import { recoverDataFolder } from '../../../src/engine/recovery/index.ts';

const MiB = 1024 * 1024;

/** A process id that has certainly ended (a child that exited and was reaped). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

/** A Working session row recorded as run by process `pid`. */
function session(e: Engine, store: SessionStore, job: string, pid: number): number {
  const id = store.create({ JobName: job, Kind: 'Backup', CreationTime: new Date(), EndTime: null, Duration: 0, State: 'Working', Result: 'None', Progress: 10, ReadBytes: 0, TransferredBytes: 0, RetryOf: null, Trigger: 'Manual', Log: [] });
  e.catalog.run('UPDATE job_sessions SET pid = ? WHERE id = ?', pid, id);
  return id;
}

function lab(): { home: string; e: Engine; store: SessionStore } {
  const home = mkdtempSync(join(tmpdir(), 'vbrs-recovery-'));
  const e = Engine.open({ home });
  e.hosts.add({ Name: 'esx01' });
  e.datastores.add({ Name: 'ds01', Host: 'esx01' });
  for (const vm of ['dead01', 'live01', 'user01']) e.vms.add({ Name: vm, Host: 'esx01', Datastore: 'ds01', GuestOS: 'Linux', DiskSize: [2 * MiB] });
  return { home, e, store: new SessionStore(e.catalog) };
}

test('open: a dead process session is closed and its snapshot committed; live and user snapshots stay', async () => {
  const { home, e, store } = lab();
  const dead = session(e, store, 'J1', deadPid());
  const live = session(e, store, 'J2', process.pid);
  e.vms.createSnapshot('dead01', backupSnapshotName('J1', dead));
  e.vms.createSnapshot('live01', backupSnapshotName('J2', live));
  e.vms.createSnapshot('user01', 'before-upgrade');
  // The guest keeps writing after the crash: those bytes are in the delta until the commit.
  const data = Buffer.alloc(MiB, 0x5a);
  e.vms.disk('dead01', 'disk1').write(MiB, data);
  await e.close();

  const again = Engine.open({ home });
  const r = again.recovery;
  assert.equal(r.sessions.map((s) => s.Id), [dead]);
  assert.equal(r.snapshots.map((s) => [s.VM, s.Snapshot, s.SessionId, s.DeltaBytes]), [['dead01', `VBRS-J1-${dead}`, dead, MiB]]);
  assert.equal(r.problems, []);
  assert.is(again.vms.getSnapshot('dead01'), null);
  assert.ok(again.vms.getSnapshot('live01'), "a live session's snapshot is not touched");
  assert.ok(again.vms.getSnapshot('user01'), "the user's own snapshot is not touched");
  // The delta's bytes are in the base file now: the disk at Path is current.
  const d = again.vms.disk('dead01', 'disk1');
  assert.ok(d.read(MiB, MiB).equals(data));
  const s = again.sessions.get(dead);
  assert.is(s.State, 'Stopped');
  assert.is(s.Result, 'Failed');
  assert.equal(s.Log.map((l) => l.Severity), ['Error', 'Info']);
  assert.match(s.Log[1]!.Text, `Recovery: VM snapshot 'VBRS-J1-${dead}' of VM 'dead01' left open by this session was committed (${MiB} bytes of delta merged in`);
  assert.is(again.sessions.get(live).State, 'Working');

  // Recovering again finds nothing left: one commit, one log line.
  const twice = recoverDataFolder({ catalog: again.catalog, sessions: new SessionStore(again.catalog), vms: again.vms });
  assert.equal([twice.sessions.length, twice.snapshots.length], [0, 0]);
  assert.is(again.sessions.get(dead).Log.length, 2);
  await again.close();
  rmSync(home, { recursive: true, force: true });
});

test('a session whose process still runs elsewhere is not closed; its snapshot stays', async () => {
  const { home, e, store } = lab();
  const id = session(e, store, 'J', process.pid);
  e.vms.createSnapshot('dead01', backupSnapshotName('J', id));
  const r = recoverDataFolder({ catalog: e.catalog, sessions: store, vms: e.vms });
  assert.equal([r.sessions.length, r.snapshots.length], [0, 0]);
  assert.ok(e.vms.getSnapshot('dead01'));
  await e.close();
  rmSync(home, { recursive: true, force: true });
});

test.run();
