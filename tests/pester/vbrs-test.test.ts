// `vbrs test`: the example runbooks' *.Tests.vbrs pass through the real bin/vbrs (explicit env,
// fresh VBRS_HOME that the tests must leave untouched); the exit status is the failure count; a
// test file run as a script runs through the runner; bad paths and options are one-line errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'vbrs');
const fixtures = join(root, 'tests', 'golden', 'pester', 'fixtures');

function vbrs(args: string[], cwd = root): { stdout: string; stderr: string; status: number; home: string[] } {
  const home = mkdtempSync(join(tmpdir(), 'vbrs-pester-'));
  try {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, VBRS_HOME: home, TZ: 'UTC', LANG: 'C', NO_COLOR: '1' };
    const r = spawnSync(bin, args, { cwd, env, encoding: 'utf8', timeout: 300_000 });
    return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1, home: readdirSync(home) };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

test('vbrs test scripts/examples: every runbook test passes, in labs of their own', () => {
  const r = vbrs(['test', 'scripts/examples']);
  assert.is(r.stderr, '');
  assert.match(r.stdout, /Starting discovery in 3 files\./);
  assert.match(r.stdout, /Discovery found 27 tests in [\d.]+m?s\./);
  for (const f of ['nightly-report', 'quickstart', 'storage-failover-drill']) assert.match(r.stdout, new RegExp(`\\[\\+\\] .*scripts/examples/${f}\\.Tests\\.vbrs `));
  assert.match(r.stdout, /Tests Passed: 27, Failed: 0, Skipped: 0, Inconclusive: 0, NotRun: 0/);
  assert.is(r.status, 0);
  // New-TestLab kept the tests out of the real data folder (the compile cache aside, nothing is there).
  assert.equal(r.home.filter((n) => !n.startsWith('.')), []);
});

test('vbrs test exits with the number of failures; -TagFilter and -Output pass through', () => {
  const r = vbrs(['test', join(fixtures, 'results.Tests.vbrs')]);
  assert.match(r.stdout, /Tests Passed: 6, Failed: 8, Skipped: 3, Inconclusive: 0, NotRun: 0/);
  assert.is(r.status, 9, '8 tests and 1 block failed');
  const tagged = vbrs(['test', '-TagFilter', 'Fast', '-Output', 'Detailed', join(fixtures, 'tags.Tests.vbrs')]);
  assert.match(tagged.stdout, /Filter 'Tag' set to \('Fast'\)\./);
  assert.match(tagged.stdout, /Tests Passed: 2, Failed: 0, Skipped: 0, Inconclusive: 0, NotRun: 2/);
  assert.is(tagged.status, 0);
});

test('a test file run as a script runs through the runner and exits with its failures', () => {
  const r = vbrs([join(fixtures, 'results.Tests.vbrs')]);
  assert.match(r.stdout, /Starting discovery in 1 files\./);
  assert.match(r.stdout, /Tests Passed: 6, Failed: 8/);
  assert.is(r.status, 9);
  const c = vbrs(['-c', "Describe 'x' { It 'y' { } }"]);
  assert.match(c.stderr, /Pester can run only saved files interactively/);
  assert.is(c.status, 1);
});

test('vbrs test: a missing path or an unknown option is one line and exit status 2', () => {
  const missing = vbrs(['test', 'no/such/folder']);
  assert.match(missing.stderr, /^vbrs test: Cannot find path '.*no\/such\/folder' because it does not exist\.\n$/);
  assert.is(missing.status, 2);
  const bad = vbrs(['test', '-Bogus', 'x']);
  assert.match(bad.stderr, /^vbrs test: unknown option '-Bogus'\n/);
  assert.is(bad.status, 2);
  const noValue = vbrs(['test', '-TagFilter']);
  assert.match(noValue.stderr, /^vbrs test: -TagFilter needs a value\n/);
  assert.is(noValue.status, 2);
});

test('Ctrl-C stops the whole run: no more tests, no summary, exit status 130, TestDrive removed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vbrs-pester-stop-'));
  try {
    writeFileSync(join(dir, 'slow.Tests.vbrs'), "Describe 'slow' {\n  It 'one' { Set-Content -Path (Join-Path $TestDrive 'x') -Value 1; Start-Sleep -Seconds 30 }\n  It 'two' { Start-Sleep -Seconds 30 }\n}\n");
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, VBRS_HOME: join(dir, 'home'), TMPDIR: dir, TZ: 'UTC', LANG: 'C', NO_COLOR: '1' };
    const child = spawn(bin, ['test', '.'], { cwd: dir, env });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const status = await new Promise<number | null>((done) => {
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('Running tests.')) setTimeout(() => child.kill('SIGINT'), 300);
      });
      child.on('close', (code) => done(code));
    });
    assert.is(status, 130);
    assert.is(err, '');
    assert.not.match(out, /Tests completed/);
    assert.equal(readdirSync(dir).filter((n) => n.startsWith('vbrs-testdrive-')), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
