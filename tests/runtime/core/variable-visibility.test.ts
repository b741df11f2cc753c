// -Visibility Private (SessionState.IsVisible): hidden from, and refused to, code the host submits
// (CommandOrigin Runspace: shell.run/invoke text and the commands it calls directly), visible to
// functions, script blocks and script files (Internal). The golden psvariable-visibility.vbrs pins
// the script-file side; a golden runs as a script file, so the host side is tested here.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createShell } from '../../../src/runtime/shell.ts';

const PRIVATE = "Cannot access the variable '$token' because it is a private variable.";

function shellWithToken() {
  let out = '';
  let err = '';
  const shell = createShell({ stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  const take = () => {
    const r = { out, err };
    out = '';
    err = '';
    return r;
  };
  return { shell, take };
}

const SETUP = "function Set-Token { New-Variable -Name token -Value 's3cret' -Scope Global -Visibility Private }; function Get-Token { $token }; Set-Token";

test('host-submitted text cannot read, assign or list a Private variable; its functions can', async () => {
  const { shell, take } = shellWithToken();
  await shell.run(SETUP);
  assert.equal(take(), { out: '', err: '' });
  await shell.run('Get-Token');
  assert.is(take().out, 's3cret\n');
  await shell.run('$token');
  assert.match(take().err, PRIVATE);
  await shell.run("$token = 'x'; Get-Token");
  const assigned = take();
  assert.match(assigned.err, PRIVATE);
  assert.is(assigned.out, 's3cret\n');
  await shell.run("@(Get-Variable -Name tok*).Count; & { (Get-Variable -Name tok*).Name }");
  assert.equal(take(), { out: '0\ntoken\n', err: '' });
  await shell.run('Get-Variable token');
  assert.match(take().err, 'Get-Variable: ' + PRIVATE);
  await shell.run("Set-Variable token 'y'; Get-Token");
  const set = take();
  assert.match(set.err, 'Set-Variable: ' + PRIVATE);
  assert.is(set.out, 's3cret\n');
});

test('a public variable and a Private one made public again are readable from the host', async () => {
  const { shell, take } = shellWithToken();
  await shell.run(SETUP + "; function Publish { (Get-Variable token).Visibility = 'Public' }; $other = 1; $other");
  assert.equal(take(), { out: '1\n', err: '' });
  await shell.run('Publish; $token');
  assert.equal(take(), { out: 's3cret\n', err: '' });
});

test('shell.invoke is host-submitted too; a script file is not', async () => {
  const { shell, take } = shellWithToken();
  await shell.run(SETUP);
  assert.equal(await shell.invoke("$token; 'next'"), ['next']);
  assert.match(take().err, PRIVATE);
  const dir = mkdtempSync(join(tmpdir(), 'vbrs-visibility-'));
  try {
    const file = join(dir, 'read.vbrs');
    writeFileSync(file, '"from a script: $token"\n');
    await shell.runFile(file);
    assert.equal(take(), { out: 'from a script: s3cret\n', err: '' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
