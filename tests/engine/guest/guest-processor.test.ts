import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  GuestProcessor,
  defaultGuestProcessing,
  type GuestHook,
  type GuestProcessingSettings,
  type GuestTarget,
} from '../../../src/engine/guest/index.ts';

const vars = { VM: 'db01', Job: 'Nightly', Session: '7' };
const lin: GuestTarget = { name: 'db01', guestOS: 'Linux', toolsInstalled: true, networkReachable: true, credential: 'root' };

function cb(name: string, exitCode: number, calls: string[]): GuestHook {
  return { kind: 'callback', name, run: async () => (calls.push(name), { exitCode, stdout: `${name} out`, stderr: '' }) };
}
function setup(over: Partial<GuestProcessingSettings>, vm = lin) {
  const log: string[] = [];
  const settings = { ...defaultGuestProcessing, enabled: true, applicationAware: true, scriptTimeoutMs: 1000, ...over };
  const gp = new GuestProcessor(settings, vm, vars, (sev, text) => log.push(`${sev}: ${text}`));
  return { gp, log };
}

test('freeze runs pre-freeze then quiesces; thaw resumes then runs post-thaw, all logged in order', async () => {
  const calls: string[] = [];
  const { gp, log } = setup({ preFreeze: cb('pre', 0, calls), postThaw: cb('post', 0, calls) });
  const f = await gp.freeze();
  assert.is(f.ok, true);
  assert.is(f.channel, 'SSH');
  const t = await gp.thaw();
  assert.is(t.ok, true);
  assert.equal(calls, ['pre', 'post']);
  const order = ['over SSH', "Pre-freeze script 'pre' starting", 'Pre-freeze stdout: pre out', 'freezing file systems', 'I/O resumed', "Post-thaw script 'post' starting"];
  let at = -1;
  for (const needle of order) {
    const i = log.findIndex((l, k) => k > at && l.includes(needle));
    assert.ok(i > at, `log has '${needle}' after the previous step:\n${log.join('\n')}`);
    at = i;
  }
});

test('pre-freeze exit 1 fails the VM by default, and thaw still runs post-thaw', async () => {
  const calls: string[] = [];
  const { gp, log } = setup({ preFreeze: cb('pre', 1, calls), postThaw: cb('post', 0, calls) });
  const f = await gp.freeze();
  assert.is(f.ok, false);
  assert.is(f.error, "hook 'pre' exited with code 1");
  assert.ok(log.some((l) => l.startsWith('Error: Pre-freeze script failed') && l.includes('failing the VM')));
  await gp.thaw();
  assert.equal(calls, ['pre', 'post']);
});

test('pre-freeze exit 1 with IgnoreScriptErrors warns and goes on', async () => {
  const calls: string[] = [];
  const { gp, log } = setup({ preFreeze: cb('pre', 1, calls), ignoreScriptErrors: true });
  const f = await gp.freeze();
  assert.is(f.ok, true);
  assert.is(f.warned, true);
  assert.ok(log.some((l) => l.startsWith('Warning: Pre-freeze script failed')));
});

test('post-thaw failure follows the same policy', async () => {
  const strict = setup({ postThaw: cb('post', 2, []) });
  await strict.gp.freeze();
  assert.is((await strict.gp.thaw()).ok, false);
  const lax = setup({ postThaw: cb('post', 2, []), ignoreScriptErrors: true });
  await lax.gp.freeze();
  const t = await lax.gp.thaw();
  assert.is(t.ok, true);
  assert.is(t.warned, true);
});

test('an unreachable Linux guest with hooks fails the VM; without hooks it only warns', async () => {
  const off = { ...lin, networkReachable: false };
  const withHook = setup({ preFreeze: cb('pre', 0, []) }, off);
  const f = await withHook.gp.freeze();
  assert.is(f.ok, false);
  assert.match(f.error ?? '', /no VIX fallback/);
  const plain = setup({}, off);
  const g = await plain.gp.freeze();
  assert.is(g.ok, true);
  assert.is(g.warned, true);
  assert.ok(plain.log.some((l) => l.includes('crash-consistent')));
});

test('disabled guest processing does nothing', async () => {
  const calls: string[] = [];
  const { gp, log } = setup({ enabled: false, preFreeze: cb('pre', 0, calls) });
  assert.is((await gp.freeze()).ok, true);
  await gp.thaw();
  assert.equal(calls, []);
  assert.equal(log, []);
});

test.run();
