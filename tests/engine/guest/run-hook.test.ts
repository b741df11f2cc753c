import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runHook } from '../../../src/engine/guest/index.ts';
import { tempDir } from '../../temp-dir.ts';

const dir = tempDir('vbrs-hook-');
const vars = { VM: 'web01', Job: 'Nightly', Session: '42' };
function script(name: string, body: string): string {
  const p = join(dir, name);
  writeFileSync(p, body);
  return p;
}

test('a .sh hook sees VM, job and session and its output is captured', async () => {
  const p = script('ok.sh', 'echo "vm=$VBRS_VM job=$VBRS_JOB session=$VBRS_SESSION"\necho oops >&2\n');
  const r = await runHook({ kind: 'file', path: p }, { guestOS: 'Linux', vars, timeoutMs: 5000 });
  assert.is(r.error, null);
  assert.is(r.exitCode, 0);
  assert.is(r.stdout.trim(), 'vm=web01 job=Nightly session=42');
  assert.is(r.stderr.trim(), 'oops');
});

test('a non-zero exit code is reported with the code', async () => {
  const p = script('fail.sh', 'echo before\nexit 3\n');
  const r = await runHook({ kind: 'file', path: p }, { guestOS: 'Linux', vars, timeoutMs: 5000 });
  assert.is(r.exitCode, 3);
  assert.is(r.error, `hook '${p}' exited with code 3`);
  assert.is(r.stdout.trim(), 'before');
});

test('a hanging hook is killed at the timeout, grandchildren included', async () => {
  const p = script('hang.sh', 'echo started\nsleep 30\necho never\n');
  const t = Date.now();
  const r = await runHook({ kind: 'file', path: p }, { guestOS: 'Linux', vars, timeoutMs: 200 });
  assert.ok(Date.now() - t < 10_000, 'returned long before the sleep would end');
  assert.is(r.timedOut, true);
  assert.is(r.stdout.trim(), 'started');
  assert.match(r.error ?? '', /timed out after 200 ms/);
});

test('a .sh script on a Windows guest is refused naming the file and the OS', async () => {
  const p = script('win.sh', 'exit 0\n');
  const r = await runHook({ kind: 'file', path: p }, { guestOS: 'Windows', vars, timeoutMs: 1000 });
  assert.is(r.exitCode, null);
  assert.match(r.error ?? '', /win\.sh' cannot run on a Windows guest/);
});

test('a .ps1 script on a Linux guest is refused', async () => {
  const p = script('x.ps1', 'exit 0\n');
  const r = await runHook({ kind: 'file', path: p }, { guestOS: 'Linux', vars, timeoutMs: 1000 });
  assert.match(r.error ?? '', /cannot run on a Linux guest/);
});

test('a missing script file is a one-line error', async () => {
  const r = await runHook({ kind: 'file', path: join(dir, 'nope.sh') }, { guestOS: 'Linux', vars, timeoutMs: 1000 });
  assert.match(r.error ?? '', /nope\.sh' does not exist/);
  assert.not.match(r.error ?? '', /\n/);
});

test('a callback hook gets the variables; failures and throws are reported', async () => {
  let seen: unknown;
  const ok = await runHook(
    { kind: 'callback', name: '{ block }', run: async (v) => ((seen = v), { exitCode: 0, stdout: 'hi', stderr: '' }) },
    { guestOS: 'Windows', vars, timeoutMs: 1000 },
  );
  assert.equal(seen, vars);
  assert.is(ok.error, null);
  assert.is(ok.stdout, 'hi');
  const bad = await runHook(
    { kind: 'callback', name: 'b', run: async () => ({ exitCode: 1, stdout: '', stderr: 'no' }) },
    { guestOS: 'Windows', vars, timeoutMs: 1000 },
  );
  assert.is(bad.error, "hook 'b' exited with code 1");
  const thrown = await runHook(
    { kind: 'callback', name: 't', run: async () => { throw new Error('boom\nstack'); } },
    { guestOS: 'Windows', vars, timeoutMs: 1000 },
  );
  assert.is(thrown.error, "hook 't' failed: boom");
});

test('a callback that never settles times out, and is reported as not stopping', async () => {
  const r = await runHook(
    { kind: 'callback', name: 'forever', run: () => new Promise(() => {}) },
    { guestOS: 'Linux', vars, timeoutMs: 50, stopGraceMs: 50 },
  );
  assert.is(r.timedOut, true);
  assert.is(r.error, "hook 'forever' timed out after 50 ms and did not stop within 50 ms");
});

/** A callback that runs until its signal stops it, then records that it ended. */
function stoppable(events: string[]) {
  return {
    kind: 'callback' as const,
    name: 'stoppable',
    run: (_v: unknown, signal: AbortSignal) =>
      new Promise<never>((_resolve, reject) => {
        const t = setTimeout(() => events.push('ran to its end'), 30_000);
        signal.addEventListener('abort', () => {
          clearTimeout(t);
          events.push('stopped');
          reject(new Error('stopped'));
        });
      }),
  };
}

test('a callback past its timeout is told to stop, and runHook returns once it has', async () => {
  const events: string[] = [];
  const t = Date.now();
  const r = await runHook(stoppable(events), { guestOS: 'Linux', vars, timeoutMs: 100 });
  assert.ok(Date.now() - t < 10_000, 'returned long before the callback would have ended');
  assert.equal(events, ['stopped']);
  assert.is(r.timedOut, true);
  assert.is(r.error, "hook 'stoppable' timed out after 100 ms and was stopped");
});

test('stopping the session stops a running callback (Stop-Job); one started after the stop (post-thaw) still runs', async () => {
  const events: string[] = [];
  const session = new AbortController();
  setTimeout(() => session.abort(), 50);
  const r = await runHook(stoppable(events), { guestOS: 'Linux', vars, timeoutMs: 60_000, signal: session.signal });
  assert.equal(events, ['stopped']);
  assert.is(r.timedOut, false);
  assert.is(r.error, "hook 'stoppable' was cancelled and was stopped");
  const thaw = await runHook(
    { kind: 'callback', name: 'thaw', run: async (_v, signal) => ({ exitCode: 0, stdout: `aborted=${signal.aborted}`, stderr: '' }) },
    { guestOS: 'Linux', vars, timeoutMs: 60_000, signal: session.signal },
  );
  assert.is(thaw.error, null);
  assert.is(thaw.stdout, 'aborted=false');
});

test('a callback that ends in time gets a signal that is never aborted', async () => {
  let seen: AbortSignal | undefined;
  const r = await runHook(
    { kind: 'callback', name: 'quick', run: async (_v, signal) => ((seen = signal), { exitCode: 0, stdout: 'ok', stderr: '' }) },
    { guestOS: 'Linux', vars, timeoutMs: 100 },
  );
  assert.is(r.error, null);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.is(seen?.aborted, false, 'the timeout timer was cleared');
});

test.run();
