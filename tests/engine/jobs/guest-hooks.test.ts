// Guest processing inside a job run: the channel chosen from the VM's properties, pre-freeze and
// post-thaw hooks (files and callbacks) with their error policy and timeout, and the post-thaw hook
// running even when the VM snapshot fails.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { addVms, openLab } from './fixtures/job-lab.ts';
import type { Lab } from './fixtures/job-lab.ts';
import { openTestLab } from '../../fixtures/test-lab.ts';

function script(lab: Lab, name: string, body: string): string {
  const p = join(lab.home, name);
  writeFileSync(p, body);
  return p;
}
const lines = (l: { Text: string }[]) => l.map((x) => x.Text);

const linuxLab = () => openTestLab({ vms: [{ name: 'db01', os: 'Linux' }], jobs: [{ Name: 'J', VMs: ['db01'] }] });

test('hooks run over SSH around the snapshot with VM, job and session; output lands in the task log', async () => {
  const lab = linuxLab();
  const marker = join(lab.home, 'marker');
  const pre = script(lab, 'pre.sh', `echo "pre $VBRS_VM $VBRS_JOB $VBRS_SESSION" >> ${marker}\necho froze\n`);
  const post = script(lab, 'post.sh', `echo "post $VBRS_VM" >> ${marker}\n`);
  lab.jobs.setGuestProcessing('J', { Enabled: true, ApplicationAware: true, Credential: 'root', PreFreezeScript: { kind: 'file', path: pre }, PostThawScript: { kind: 'file', path: post } });
  const s = await lab.jobs.start('J').done;
  assert.is(s.Result, 'Success', lines(s.Log).join('\n'));
  assert.equal(readFileSync(marker, 'utf8').trim().split('\n'), [`pre db01 J ${s.Id}`, 'post db01']);
  const log = lines(lab.sessions.tasks(s.Id)[0]!.Log);
  const order = ['Broker Service', 'over SSH', "Pre-freeze script", 'Pre-freeze stdout: froze', 'freezing file systems', 'Creating VM snapshot', 'VM snapshot created', 'Releasing guest', 'Post-thaw script', 'Using backup proxy', 'Removing VM snapshot'];
  let at = -1;
  for (const n of order) {
    const i = log.findIndex((l, k) => k > at && l.includes(n));
    assert.ok(i > at, `'${n}' in order:\n${log.join('\n')}`);
    at = i;
  }
  await lab.close();
});

test('pre-freeze exit 1 fails the VM by default (post-thaw still runs, no point); with IgnoreScriptErrors it warns', async () => {
  const lab = linuxLab();
  const marker = join(lab.home, 'thawed');
  const pre = script(lab, 'pre.sh', 'echo bad >&2\nexit 1\n');
  const post = script(lab, 'post.sh', `touch ${marker}\n`);
  lab.jobs.setGuestProcessing('J', { Enabled: true, Credential: 'root', PreFreezeScript: { kind: 'file', path: pre }, PostThawScript: { kind: 'file', path: post } });
  const s = await lab.jobs.start('J').done;
  assert.is(s.Result, 'Failed');
  const log = lines(lab.sessions.tasks(s.Id)[0]!.Log);
  assert.ok(log.includes('Pre-freeze stderr: bad'));
  assert.ok(log.some((l) => l === `Pre-freeze script failed: hook '${pre}' exited with code 1; failing the VM`), log.join('\n'));
  assert.ok(existsSync(marker), 'post-thaw ran');
  assert.is(lab.target.chain('J', 'db01').length, 0);
  assert.is(lab.engine.vms.getSnapshot('db01'), null);

  lab.jobs.setGuestProcessing('J', { IgnoreScriptErrors: true });
  const w = await lab.jobs.start('J').done;
  assert.is(w.Result, 'Warning');
  assert.is(lab.sessions.tasks(w.Id)[0]!.Status, 'Warning');
  assert.is(lab.target.chain('J', 'db01').length, 1);
  await lab.close();
});

test('a hanging hook is killed at the timeout and fails the VM with a clear line', async () => {
  const lab = linuxLab();
  const pre = script(lab, 'hang.sh', 'sleep 30\n');
  lab.jobs.setGuestProcessing('J', { Enabled: true, Credential: 'root', PreFreezeScript: { kind: 'file', path: pre }, ScriptTimeout: 300 });
  const t = Date.now();
  const s = await lab.jobs.start('J').done;
  assert.ok(Date.now() - t < 10_000);
  assert.is(s.Result, 'Failed');
  assert.match(lines(lab.sessions.tasks(s.Id)[0]!.Log).join('\n'), /timed out after 300 ms and was killed/);
  await lab.close();
});

test('the post-thaw hook runs when the VM snapshot fails', async () => {
  const lab = linuxLab();
  const calls: string[] = [];
  const cb = (name: string) => ({ kind: 'callback' as const, name, run: async (v: { VM: string }) => (calls.push(`${name} ${v.VM}`), { exitCode: 0, stdout: '', stderr: '' }) });
  lab.jobs.setGuestProcessing('J', { Enabled: true, Credential: 'root', PreFreezeScript: cb('pre'), PostThawScript: cb('post') });
  lab.engine.vms.createSnapshot('db01', 'left-over');
  const s = await lab.jobs.start('J').done;
  assert.is(s.Result, 'Failed');
  assert.equal(calls, ['pre db01', 'post db01']);
  assert.match(lines(s.Log).join('\n'), /VM snapshot failed: VM 'db01' already has snapshot 'left-over'/);
  await lab.close();
});

test('a failing post-thaw hook fails the VM after its VM snapshot; its tasks read from no snapshot', async () => {
  const lab = linuxLab();
  const post = { kind: 'callback' as const, name: 'post', run: async () => ({ exitCode: 3, stdout: '', stderr: 'thaw broke' }) };
  lab.jobs.setGuestProcessing('J', { Enabled: true, Credential: 'root', PostThawScript: post });
  const s = await lab.jobs.start('J').done;
  assert.is(s.Result, 'Failed');
  const [t] = lab.sessions.tasks(s.Id);
  assert.match(lines(t!.Log).join('\n'), /VM snapshot created[\s\S]*post-thaw processing failed/);
  assert.equal([t!.Status, t!.SnapshotSource], ['Failed', null]);
  assert.is(lab.engine.vms.getSnapshot('db01'), null);
  await lab.close();
});

test('guest channel: Windows falls back to VIX without network; Linux without network fails with no fallback', async () => {
  const lab = openLab();
  addVms(lab, [{ name: 'win01', noNetwork: true }, { name: 'lin01', os: 'Linux', noNetwork: true }]);
  lab.jobs.add({ Name: 'W', VMs: ['win01'], Repository: 'repo01' });
  lab.jobs.add({ Name: 'L', VMs: ['lin01'], Repository: 'repo01' });
  const hook = { kind: 'callback' as const, name: 'noop', run: async () => ({ exitCode: 0, stdout: '', stderr: '' }) };
  lab.jobs.setGuestProcessing('W', { Enabled: true, ApplicationAware: true, PreFreezeScript: hook });
  lab.jobs.setGuestProcessing('L', { Enabled: true, Credential: 'root', PreFreezeScript: hook });
  const w = await lab.jobs.start('W').done;
  assert.is(w.Result, 'Warning');
  assert.match(lines(w.Log).join('\n'), /failing over to VIX[\s\S]*over VIX/);
  const l = await lab.jobs.start('L').done;
  assert.is(l.Result, 'Failed');
  assert.match(lines(l.Log).join('\n'), /cannot connect to Linux guest 'lin01' over SSH: the guest is not reachable over the network \(Linux guests have no VIX fallback\)/);
  await lab.close();
});

test('an unknown guest credential is refused when guest processing is set', async () => {
  const lab = linuxLab();
  assert.throws(() => lab.jobs.setGuestProcessing('J', { Enabled: true, Credential: 'nobody' }), /Credential 'nobody' was not found\./);
  assert.is(lab.jobs.get('J').GuestProcessing.Credential, null);
  await lab.close();
});

test('a .sh hook on a Windows guest is an error naming the file and the OS', async () => {
  const lab = openLab();
  addVms(lab, [{ name: 'web01' }]);
  lab.jobs.add({ Name: 'J', VMs: ['web01'], Repository: 'repo01' });
  const sh = script(lab, 'freeze.sh', 'exit 0\n');
  lab.jobs.setGuestProcessing('J', { Enabled: true, PreFreezeScript: { kind: 'file', path: sh } });
  const s = await lab.jobs.start('J').done;
  assert.is(s.Result, 'Failed');
  assert.match(lines(s.Log).join('\n'), /freeze\.sh' cannot run on a Windows guest/);
  await lab.close();
});

test.run();
