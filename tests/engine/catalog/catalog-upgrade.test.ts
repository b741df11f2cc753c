// Catalogs written by earlier releases must open with today's code and keep their data. The
// fixtures are real catalog files, each made by running a full backup of one VM with the code of
// its time: `catalog-v3-jobs.db` by the release whose job stores created their own tables on every
// open (schema version 3), `catalog-v3-before-stop-flag.db` by the one before Stop-Job worked across
// processes (schema version 1, job_sessions without `stop_requested`), `catalog-v5-schedules.db` by
// the release with job schedules and session triggers (schema version 5, before job notifications;
// its Nightly also has a daily schedule).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../../../src/engine/index.ts';
import { MIGRATIONS } from '../../../src/engine/catalog/index.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const homes: string[] = [];
function homeWith(file: string): string {
  const h = fs.mkdtempSync(path.join(os.tmpdir(), 'vbrs-upgrade-'));
  homes.push(h);
  fs.copyFileSync(fixture(file), path.join(h, 'catalog.db'));
  return h;
}
const latest = Math.max(...MIGRATIONS.map((m) => m.version));

// What each release's run recorded (the older one read whole disks: it had no allocation map).
const fixtures = [
  { file: 'catalog-v3-jobs.db', fromVersion: 3, readBytes: 7340032, logLines: 54 },
  { file: 'catalog-v3-before-stop-flag.db', fromVersion: 1, readBytes: 8388608, logLines: 51 },
  { file: 'catalog-v5-schedules.db', fromVersion: 5, readBytes: 4194304, logLines: 54 },
];

for (const { file, fromVersion, readBytes, logLines } of fixtures) {
  test(`${file} (schema ${fromVersion}) opens, upgrades to ${latest} and keeps its jobs, sessions, tasks, logs and change ids`, async () => {
    const engine = Engine.open({ home: homeWith(file) });
    try {
      assert.is(engine.catalog.schemaVersion, latest);
      const job = engine.jobs.get('Nightly');
      assert.equal(job.VMs, ['web01']);
      assert.is(job.Repository, 'repo01');
      assert.is(job.RetainPoints, 3);
      const [s, ...more] = engine.sessions.list();
      assert.is(more.length, 0);
      assert.is(s!.Id, 1);
      assert.is(s!.JobName, 'Nightly');
      assert.is(s!.State, 'Stopped');
      assert.is(s!.Result, 'Success');
      assert.is(s!.ReadBytes, readBytes);
      // Every session before triggers were recorded was started from a shell.
      assert.is(s!.Trigger, 'Manual');
      const tasks = engine.sessions.tasks(1);
      assert.equal(tasks.map((t) => `${t.VM}/${t.Disk} ${t.Status}`), ['web01/disk1 Success', 'web01/disk2 Success']);
      const logRows = Number(engine.catalog.get('SELECT count(*) AS n FROM job_session_log')!.n);
      assert.is(logRows, logLines);
      assert.is(Number(engine.catalog.get('SELECT count(*) AS n FROM job_point_change_ids')!.n), 2);
      // The column the oldest release lacked is there, cleared for old rows.
      assert.is(Number(engine.catalog.get('SELECT stop_requested FROM job_sessions WHERE id = 1')!.stop_requested), 0);
      // m007: an old session is not one recovery closed, so it is never posted to a webhook.
      assert.is(engine.catalog.get('SELECT recovery_notification FROM job_sessions WHERE id = 1')!.recovery_notification, null);
      // The next session number continues after the old ones.
      const next = engine.catalog.run(
        `INSERT INTO job_sessions (job_name, kind, creation_time, duration, state, result, progress, read_bytes, transferred_bytes)
         VALUES ('Nightly', 'Backup', 0, 0, 'Stopped', 'Failed', 0, 0, 0)`,
      );
      assert.is(next, 2);
    } finally {
      await engine.close();
    }
  });
}

test('catalog-v5-schedules.db: m006 adds job notifications; the schedule is kept, the job has no notification until one is set', async () => {
  const engine = Engine.open({ home: homeWith('catalog-v5-schedules.db') });
  try {
    const job = engine.jobs.get('Nightly');
    assert.is(job.Schedule, 'Daily at 22:00');
    assert.is(job.Notification, null);
    engine.jobs.notifications.set('nightly', { Webhook: 'http://127.0.0.1:9/hook', OnFailureOnly: true });
    assert.equal(engine.jobs.notifications.get('Nightly'), { JobName: 'Nightly', Webhook: 'http://127.0.0.1:9/hook', OnFailureOnly: true });
    assert.is(engine.jobs.get('Nightly').Notification, 'http://127.0.0.1:9/hook (Failed sessions)');
    // it goes with the job (ON DELETE CASCADE)
    engine.schedules.remove('Nightly');
    engine.jobs.remove('Nightly');
    assert.is(Number(engine.catalog.get('SELECT count(*) AS n FROM job_notifications')!.n), 0);
  } finally {
    await engine.close();
  }
});

test('an upgraded fixture reopens without applying anything twice', async () => {
  const h = homeWith('catalog-v3-before-stop-flag.db');
  await Engine.open({ home: h }).close();
  const again = Engine.open({ home: h });
  assert.is(again.catalog.schemaVersion, latest);
  assert.is(again.sessions.list().length, 1);
  await again.close();
});

test.after(() => {
  for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
});

test.run();
