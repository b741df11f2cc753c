// A real health check in the REPL session: the progress panel gets a row for its session, with one
// task per VM disk whose progress and read bytes move while it runs, the finished outcome, and with
// -RunAsync the row moves while the prompt is free; Ctrl+C (stop()) during Start-HealthCheck ends
// the check Failed, and the panel shows it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ReplSession } from '../../src/repl/repl-session.ts';
import { withEngineSession } from './fixtures/engine-session.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { backedUpJobScript } from '../cmdlets/fixtures/backed-up-job.ts';

const MiB = 1024 * 1024;

const SETUP = backedUpJobScript('32MB,16MB', 'Start-Job -Name Nightly | Out-Null');

/** A session whose job Nightly has a backup to check. */
async function withSession(body: (s: ReplSession, engine: Engine) => Promise<void>): Promise<void> {
  await withEngineSession('vbrs-hc-repl-', async (s) => {
    await s.submit(SETUP);
    assert.not.ok(s.items.some((i) => i.kind === 'err'), s.items.map((i) => i.text).join('\n'));
    await body(s, s.services.engine as Engine);
  });
}

/** The health check's row as the panel has it (the backup's row may still linger). */
function checkRow(s: ReplSession, id: number) {
  return s.progress.sessions.find((r) => r.id === id);
}

function checkId(engine: Engine): number {
  return engine.sessions.list({ job: 'Nightly' }).filter((x) => x.Kind === 'HealthCheck').at(-1)!.Id;
}

test('the panel draws a running health check: a task per disk, progress and bytes moving, then its outcome', async () => {
  await withSession(async (s, engine) => {
    const seen: { state: string; progress: number; read: number }[] = [];
    s.on('change', () => {
      const row = s.progress.sessions.find((r) => r.jobName === 'Nightly' && r.endTime === null && r.tasks.some((t) => t.readBytes > 0));
      if (s.running && row) seen.push({ state: row.state, progress: row.progress, read: row.tasks.reduce((n, t) => n + t.readBytes, 0) });
    });
    await s.submit('Start-HealthCheck -Job Nightly | Out-Null');
    assert.not.ok(s.items.some((i) => i.kind === 'err'), s.items.map((i) => i.text).join('\n'));
    assert.ok(seen.length >= 1, 'redrawn while the check ran');
    assert.ok(seen.every((x) => x.state === 'Working'));
    assert.ok(seen.every((x, i) => i === 0 || (x.read >= seen[i - 1]!.read && x.progress >= seen[i - 1]!.progress)), `never goes back: ${JSON.stringify(seen)}`);
    assert.ok(seen[0]!.read < 48 * MiB, 'drawn before it had read everything');

    const row = checkRow(s, checkId(engine));
    assert.ok(row, 'the finished check lingers in the panel');
    assert.equal([row!.jobName, row!.state, row!.result, row!.progress], ['Nightly', 'Stopped', 'Success', 100]);
    assert.equal(row!.tasks.map((t) => [t.vm, t.disk, t.status, t.progress, t.readBytes, t.totalBytes]), [
      ['files01', 'disk1', 'Success', 100, 32 * MiB, 32 * MiB],
      ['files01', 'disk2', 'Success', 100, 16 * MiB, 16 * MiB],
    ]);
  });
});

test('with -RunAsync the prompt is free while the panel follows the check to its end', async () => {
  await withSession(async (s, engine) => {
    await s.submit('$h = Start-HealthCheck -Job Nightly -RunAsync');
    assert.not.ok(s.running, 'the prompt is back at once');
    const id = checkId(engine);
    assert.is(checkRow(s, id)?.state, 'Working');
    assert.ok(s.runningJobs().includes('Nightly'), 'counted as running (Ctrl+C at the prompt asks about it)');
    await engine.sessions.wait(id);
    const row = checkRow(s, id)!;
    assert.equal([row.state, row.result, row.progress], ['Stopped', 'Success', 100]);
  });
});

test('Ctrl+C during Start-HealthCheck stops the check; the panel shows it Failed', async () => {
  await withSession(async (s, engine) => {
    let stopped = false;
    s.on('change', () => {
      const row = s.progress.sessions.find((r) => r.jobName === 'Nightly' && r.endTime === null && r.tasks.some((t) => t.readBytes > 0));
      if (!stopped && s.running && row) {
        stopped = true;
        s.stop();
      }
    });
    await s.submit('Start-HealthCheck -Job Nightly | Out-Null');
    assert.ok(stopped, 'stopped while it ran');
    const id = checkId(engine);
    const stored = engine.sessions.get(id);
    assert.equal([stored.State, stored.Result], ['Stopped', 'Failed']);
    assert.ok(stored.Log.some((l) => l.Text === 'Health check stopped by the user'), stored.Log.map((l) => l.Text).join('\n'));
    const row = checkRow(s, id)!;
    assert.equal([row.state, row.result], ['Stopped', 'Failed']);
    assert.ok(row.tasks.some((t) => t.status === 'Failed'), 'the task cut short is Failed');
  });
});

test.run();
