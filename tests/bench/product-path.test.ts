// The bench's product path (scripts/bench/product-path.vbrs, run by bin/vbrs) on a small image:
// the script a user would write must keep working as the cmdlets evolve, report the sessions and
// the restore it timed, and restore exactly the disk the incremental saw; and the bench's median
// and spread are what they say.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { root } from '../cmdlets/vbrs-session.ts';
import { childEnv } from '../child-env.ts';
import { spread } from '../../scripts/bench/product-path.ts';

const MiB = 1 << 20;
const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');

/** 16 MiB like the standard image in miniature: holes, text, random data, a repeated block. */
function smallImage(file: string): void {
  const fd = fs.openSync(file, 'w');
  fs.ftruncateSync(fd, 16 * MiB);
  const repeated = randomBytes(MiB);
  const text = Buffer.from('backup job session proxy repository snapshot 0123456789\n'.repeat(20000)).subarray(0, MiB);
  const kinds = ['hole', 'text', 'random', 'repeated', 'hole', 'text', 'repeated', 'random'];
  for (let i = 0; i < 16; i++) {
    const k = kinds[i % kinds.length];
    const data = k === 'text' ? text : k === 'random' ? randomBytes(MiB) : k === 'repeated' ? repeated : null;
    if (data) fs.writeSync(fd, data, 0, MiB, i * MiB);
  }
  fs.closeSync(fd);
}

test('product-path.vbrs: full, 1% change, CBT incremental and a byte-identical restore, as one JSON line', () => {
  const dir = fs.mkdtempSync(join(os.tmpdir(), 'vbrs-product-path-'));
  try {
    const disk = join(dir, 'disk.img');
    smallImage(disk);
    const before = sha(disk);
    const r = spawnSync(join(root, 'bin', 'vbrs'), [join(root, 'scripts/bench/product-path.vbrs'), '-Image', disk, '-Out', dir, '-Incremental'], {
      env: childEnv({ VBRS_HOME: join(dir, 'home'), NO_COLOR: '1' }),
      encoding: 'utf8',
    });
    assert.is(r.stderr, '');
    assert.is(r.status, 0);
    const out = JSON.parse(r.stdout.trim()) as Record<string, unknown>;
    assert.is(out.fullResult, 'Success');
    assert.is(out.incrementalResult, 'Success');
    assert.ok(typeof out.full === 'number' && out.full > 0);
    assert.ok(typeof out.restore === 'number' && out.restore > 0);
    // The workload changed the disk, the incremental read only the change, the restore is the new disk.
    assert.is.not(sha(disk), before);
    assert.ok((out.incrementalReadBytes as number) < (out.readBytes as number) / 4, JSON.stringify(out));
    const files = out.files as string[];
    assert.is(files.length, 1);
    assert.is(sha(files[0]!), sha(disk));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('product-path.vbrs: a missing image is a one-line error, not a stack trace', () => {
  const dir = fs.mkdtempSync(join(os.tmpdir(), 'vbrs-product-path-'));
  try {
    const r = spawnSync(join(root, 'bin', 'vbrs'), [join(root, 'scripts/bench/product-path.vbrs'), '-Image', join(dir, 'nope.img'), '-Out', dir], {
      env: childEnv({ VBRS_HOME: join(dir, 'home'), NO_COLOR: '1' }),
      encoding: 'utf8',
    });
    assert.is.not(r.status, 0);
    assert.match(r.stderr, /product-path\.vbrs:\d+:\d+: .*nope\.img/);
    assert.not.match(r.stderr, /\n\s+at /);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('spread: median of odd and even counts, min and max', () => {
  assert.equal(spread([3, 1, 2]), { median: 2, min: 1, max: 3 });
  assert.equal(spread([4, 1, 3, 2]), { median: 2.5, min: 1, max: 4 });
  assert.equal(spread([5]), { median: 5, min: 5, max: 5 });
});

test.run();
