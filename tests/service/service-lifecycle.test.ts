// The service process's life: SIGTERM in the middle of a run stops the session cleanly (its log
// says the service is stopping) and exits 0; kill -9 in the middle of a run, then a fresh process:
// the orphaned session is Stopped/Failed with a log line, its unfinished point is not visible,
// the earlier point restores byte-identical, and the dead service's lock does not keep a new
// service from starting.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataFolder, LAB, SLOW, type ServiceProcess } from './service-process.ts';

/** Starts J through the API and waits until its data is moving (the throttled run lasts ~16 s). */
async function startSlowRun(svc: ServiceProcess): Promise<number> {
  const started = await svc.api('/api/v1/jobs/J/start', { method: 'POST' });
  assert.is(started.status, 202, JSON.stringify(started.body));
  const id = started.body.id as number;
  await svc.waitSession(id, (s) => s.state === 'Working' && s.readBytes > 0, 'data moving');
  return id;
}

test('SIGTERM during a run: the session stops cleanly with the reason logged, the service exits 0', async () => {
  const folder = new DataFolder();
  try {
    assert.is(folder.vbrs(`${LAB}; ${SLOW}`).stderr, '');
    const svc = await folder.service();
    const id = await startSlowRun(svc);
    const again = await svc.api('/api/v1/jobs/J/start', { method: 'POST' });
    assert.is(again.status, 409, 'never twice at once');
    assert.is(again.body.error.code, 'VBRS_IN_USE');
    assert.is(await svc.stop('SIGTERM'), 0, svc.stderr);
    assert.is(svc.stderr, '');
    assert.match(svc.stdout, /vbrs service: SIGTERM: stopping\n[^]*vbrs service: stopped\n$/);
    assert.not.ok(existsSync(join(folder.home, 'service.lock')), 'the lock is released');
    const after = folder.vbrs(`$s = Get-Session -Id ${id}; $s.State; $s.Result; $s.Log.Text`);
    assert.is(after.stderr, '');
    const [state, result, ...log] = after.stdout.trimEnd().split('\n');
    assert.is(state, 'Stopped');
    assert.is(result, 'Failed');
    assert.ok(log.includes('Stop requested: the vbrs service is stopping'), log.join('\n'));
    assert.is(folder.vbrs('(Get-RestorePoint).Count').stdout, '0\n', 'the stopped run left no point');
  } finally {
    folder.remove();
  }
});

test('kill -9 during a run: a fresh process ends the session Failed with a log line, earlier points restore byte-identical', async () => {
  const folder = new DataFolder();
  try {
    // A first, complete point, and the hash of the disk it holds.
    const first = folder.vbrs(`${LAB}; $s = Start-Job -Name J; $s.Result; (Get-FileHash (Get-VM v1).Disks[0].Path).Hash`);
    assert.is(first.stderr, '');
    const [result, hash] = first.stdout.trimEnd().split('\n');
    assert.is(result, 'Success');
    // The guest changes every block, and the next run is slow enough to be killed mid-way.
    assert.is(folder.vbrs(`Start-Workload -VM v1 -ChangePercent 100 -Seed 9 | Out-Null; ${SLOW}`).stderr, '');

    const svc = await folder.service();
    const id = await startSlowRun(svc);
    await svc.stop('SIGKILL');
    assert.ok(existsSync(join(folder.home, 'service.lock')), 'a killed service leaves its lock behind');

    const after = folder.vbrs([
      `$s = Get-Session -Id ${id}; $s.State; $s.Result; ($s.Log | Where-Object Severity -eq Error | Select-Object -Last 1).Text`,
      '$rp = @(Get-RestorePoint -VM v1); $rp.Count; $rp[0].Type',
      '$r = $rp[0] | Start-Restore -Path ./out; (Get-FileHash $r.Files[0]).Hash',
    ].join('; '));
    assert.is(after.stderr, '');
    const [state, res, last, count, type, restored] = after.stdout.trimEnd().split('\n');
    assert.is(state, 'Stopped');
    assert.is(res, 'Failed');
    assert.match(last!, /^Session was interrupted: .*process.* ended before it finished$/, 'the log says the process running it ended');
    assert.is(count, '1', 'the unfinished point is not visible');
    assert.is(type, 'Full');
    assert.is(restored, hash, 'the earlier point restores byte-identical');

    // The stale lock does not stop the next service, which sees the recovered session.
    const next = await folder.service();
    const s = (await next.api(`/api/v1/sessions/${id}`)).body;
    assert.is(s.state, 'Stopped');
    assert.is(s.result, 'Failed');
    assert.is(await next.stop(), 0, next.stderr);
  } finally {
    folder.remove();
  }
});

test('bad command lines: exit 2 with the usage; a taken port: exit 1 with one line', async () => {
  const folder = new DataFolder();
  try {
    for (const args of [['--listen'], ['--listen', 'localhost'], ['--listen', '127.0.0.1:70000'], ['--port', '1']]) {
      const r = folder.serviceRun(args);
      assert.is(r.status, 2, args.join(' '));
      assert.match(r.stderr, /^vbrs service: .*\nUsage: vbrs service \[--listen HOST:PORT\]/);
    }
    const svc = await folder.service();
    const port = new URL(svc.url).port;
    const other = new DataFolder();
    try {
      const r = other.serviceRun(['--listen', `127.0.0.1:${port}`]);
      assert.is(r.status, 1);
      assert.match(r.stderr, new RegExp(`^vbrs service: cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE.*\\n$`));
      assert.not.ok(existsSync(join(other.home, 'service.lock')), 'the failed service released its lock');
    } finally {
      other.remove();
    }
    assert.is(await svc.stop('SIGINT'), 0);
  } finally {
    folder.remove();
  }
});

test.run();
