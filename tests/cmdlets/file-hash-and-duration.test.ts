// Get-FileHash against node:crypto, Compare-DiskImage with excluded ranges, and the duration words
// (-ScriptTimeout 10m) the cmdlets accept.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VbrsSession } from './vbrs-session.ts';
import { durationMs } from '../../src/cmdlets/duration.ts';
import { TimeSpan } from '../../src/runtime/values/time-span.ts';

test('Get-FileHash: SHA256 by default, other algorithms, relative paths, pipeline, missing file', async () => {
  const s = new VbrsSession();
  try {
    const data = Buffer.from('vbrs restore check\n'.repeat(1000));
    writeFileSync(join(s.cwd, 'a.bin'), data);
    const hex = (alg: string) => createHash(alg).update(data).digest('hex').toUpperCase();
    assert.equal(await s.objects('(Get-FileHash ./a.bin).Hash'), [hex('sha256')]);
    assert.equal(await s.objects('(Get-FileHash a.bin -Algorithm MD5).Hash'), [hex('md5')]);
    assert.equal(await s.objects("('a.bin' | Get-FileHash).Path"), [join(s.cwd, 'a.bin')]);
    assert.equal(await s.objects('(Get-FileHash a.bin).Algorithm'), ['SHA256']);
    const r = await s.run('Get-FileHash ./nope.bin');
    assert.match(r.stderr, /Cannot find path '.*nope\.bin'/);
    // No engine is needed: the catalog was never opened.
    assert.is(s.shell.session.services.engine, undefined);
  } finally {
    await s.close();
  }
});

test('Compare-DiskImage: equal, a difference found at its offset, excluded ranges, size mismatch', async () => {
  const s = new VbrsSession();
  try {
    const a = Buffer.alloc(3 * 1024 * 1024, 1);
    const b = Buffer.from(a);
    b.fill(9, 2 * 1024 * 1024 + 10, 2 * 1024 * 1024 + 20);
    writeFileSync(join(s.cwd, 'a.img'), a);
    writeFileSync(join(s.cwd, 'same.img'), a);
    writeFileSync(join(s.cwd, 'b.img'), b);
    writeFileSync(join(s.cwd, 'short.img'), a.subarray(0, 1000));
    assert.equal(await s.objects('(Compare-DiskImage a.img same.img).Equal'), [true]);
    const [eq, diff, first] = await s.objects('$c = Compare-DiskImage a.img b.img; $c.Equal; $c.DifferentBytes; $c.FirstDifference');
    assert.equal([eq, diff, first], [false, 10, 2 * 1024 * 1024 + 10]);
    assert.equal(await s.objects('(Compare-DiskImage a.img b.img -ExcludeExtent @{ Offset = 2MB; Length = 1MB }).Equal'), [true]);
    assert.equal(await s.objects('(Compare-DiskImage a.img b.img -ExcludeExtent @{ Offset = 0; Length = 2MB }).Equal'), [false]);
    assert.equal(await s.objects('(Compare-DiskImage a.img short.img).Equal'), [false]);
    const r = await s.run('Compare-DiskImage a.img missing.img');
    assert.match(r.stderr, /missing\.img does not exist/);
    // The first image is closed, not left for the garbage collector to close (node's warning).
    if (existsSync('/proc/self/fd')) {
      const open = readdirSync('/proc/self/fd').map((fd) => { try { return readlinkSync(`/proc/self/fd/${fd}`); } catch { return ''; } });
      assert.not.ok(open.includes(join(s.cwd, 'a.img')), 'a.img is still open');
    }
  } finally {
    await s.close();
  }
});

test('vbrs -c without a domain cmdlet never opens the catalog', async () => {
  const s = new VbrsSession();
  try {
    const r = s.spawn(['-c', '1 + 1; Get-Help Start-Job | Out-Null']);
    assert.is(r.stdout, '2\n');
    assert.equal(readdirSync(s.home), []);
  } finally {
    await s.close();
  }
});

test('durations: unit words, TimeSpan, seconds; bad ones name the parameter', () => {
  assert.is(durationMs('10m', 'ScriptTimeout'), 600_000);
  assert.is(durationMs('30s', 'Duration'), 30_000);
  assert.is(durationMs('250ms', 'Timeout'), 250);
  assert.is(durationMs('2h', 'Timeout'), 7_200_000);
  assert.is(durationMs(TimeSpan.fromMilliseconds(1500), 'Timeout'), 1500);
  assert.is(durationMs('00:01:30', 'Timeout'), 90_000);
  assert.is(durationMs(5, 'Timeout'), 5000);
  assert.throws(() => durationMs('soon', 'Timeout'), /Cannot bind parameter 'Timeout': 'soon' is not a duration/);
  assert.throws(() => durationMs('0s', 'Timeout'), /greater than zero/);
});

test('-ScriptTimeout 30s is stored and shown as a TimeSpan', async () => {
  const s = new VbrsSession();
  try {
    await s.run("Add-ViHost h | Out-Null; Add-Datastore -Name d -Host h | Out-Null; Add-VM -Name v -Host h -Datastore d -GuestOS Linux -DiskSize 4MB | Out-Null; Add-Repository -Name r -Path ./r | Out-Null; Add-Job -Name J -VM v -Repository r | Out-Null");
    await s.run('Set-GuestProcessing -Job J -Enable -ScriptTimeout 30s');
    const [t] = await s.objects('(Get-Job J).GuestProcessing.ScriptTimeout');
    assert.ok(t instanceof TimeSpan);
    assert.is((t as TimeSpan).TotalSeconds, 30);
  } finally {
    await s.close();
  }
});

test.run();
