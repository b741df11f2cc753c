// Wait-Session in the REPL on a session another process runs: this process's engine emits no event
// for it, so the wait feeds the followed session's events (read from the catalog, session-watch.ts)
// to the live panel for as long as it waits. A child `bin/vbrs` runs a throttled job (16 MB at
// 4 MB/s: seconds of work); the panel must show the session moving before the wait returns, then
// its outcome; a wait that times out leaves no row behind that nothing would move.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ReplSession } from '../../src/repl/repl-session.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { withEngineSession } from './fixtures/engine-session.ts';
import { slowJobLab } from '../cmdlets/vbrs-session.ts';
import { spawnVbrs } from '../engine/recovery/fixtures/vbrs-child.ts';

const MiB = 1024 * 1024;

/** Builds the throttled lab, starts job J in a child process and returns it with its session's Id once Working. */
async function remoteJob(s: ReplSession) {
  await s.submit(slowJobLab('4MB'));
  assert.not.ok(s.items.some((i) => i.kind === 'err'), s.items.map((i) => i.text).join('\n'));
  const engine = s.services.engine as Engine;
  const child = spawnVbrs(process.env.VBRS_HOME!, 'Start-Job -Name J | Out-Null');
  let ended = false;
  void child.then(() => (ended = true));
  for (;;) {
    const last = engine.sessions.list({ job: 'J' }).at(-1);
    if (last?.State === 'Working') {
      assert.is(engine.jobs.live(last.Id), null, 'not a session of this process');
      return { engine, child, id: last.Id };
    }
    assert.not.ok(ended, 'the child ended before its session was Working');
    await sleep(50);
  }
}

test('Wait-Session on a session another process runs: the panel shows it moving before the wait returns, then its outcome', async () => {
  await withEngineSession('vbrs-wait-panel-', async (s) => {
    const { child, id } = await remoteJob(s);
    assert.is(s.progress.sessions.find((r) => r.id === id), undefined, "this process's engine events do not carry it");
    const seen: { state: string; progress: number; read: number }[] = [];
    s.on('change', () => {
      const row = s.progress.sessions.find((r) => r.id === id);
      if (s.running && row && row.endTime === null) seen.push({ state: row.state, progress: row.progress, read: row.tasks.reduce((n, t) => n + t.readBytes, 0) });
    });
    await s.submit(`$w = Wait-Session -Session ${id}; "$($w.State) $($w.Result)"`);
    assert.not.ok(s.items.some((i) => i.kind === 'err'), s.items.map((i) => i.text).join('\n'));
    assert.ok(s.items.some((i) => i.kind === 'out' && i.text.includes('Stopped Success')), 'the wait returned the ended session');
    assert.ok(seen.length >= 1, 'drawn while the wait ran');
    assert.ok(seen.every((x) => x.state === 'Working'), JSON.stringify(seen));
    assert.ok(seen.some((x) => x.read > 0 && x.read < 16 * MiB), `its bytes moved before it ended: ${JSON.stringify(seen)}`);
    assert.ok(seen.some((x) => x.progress > 0 && x.progress < 100), `its progress moved: ${JSON.stringify(seen)}`);
    assert.ok(seen.every((x, i) => i === 0 || (x.read >= seen[i - 1]!.read && x.progress >= seen[i - 1]!.progress)), `never goes back: ${JSON.stringify(seen)}`);

    const row = s.progress.sessions.find((r) => r.id === id);
    assert.ok(row, 'the finished session lingers in the panel');
    assert.equal([row!.jobName, row!.state, row!.result, row!.progress], ['J', 'Stopped', 'Success', 100]);
    assert.equal(row!.tasks.map((t) => [t.vm, t.disk, t.status, t.progress]), [['v1', 'disk1', 'Success', 100]]);
    assert.not.ok(s.items.some((i) => i.text.includes('finished:')), 'the command shows its own result: no end notice');
    const ran = await child;
    assert.is(ran.exitCode, 0, ran.stderr);
  });
});

test('a Wait-Session that times out leaves no row behind: nothing would move or end it', async () => {
  await withEngineSession('vbrs-wait-panel-', async (s) => {
    const { child, id } = await remoteJob(s);
    let shown = false;
    s.on('change', () => void (shown ||= s.running && s.progress.sessions.some((r) => r.id === id)));
    await s.submit(`(Wait-Session -Session ${id} -Timeout 1s).State`);
    assert.ok(s.items.some((i) => i.kind === 'out' && i.text.trim() === 'Working'), s.items.map((i) => i.text).join('\n'));
    assert.ok(shown, 'shown while it waited');
    assert.is(s.progress.sessions.find((r) => r.id === id), undefined);
    const ran = await child;
    assert.is(ran.exitCode, 0, ran.stderr);
  });
});

test.run();
