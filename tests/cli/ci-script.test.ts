// The CI script (.ci/run) under the environments users really have: NO_COLOR exported (alone and
// beside FORCE_COLOR, which uvu itself sets), FORCE_COLOR=0, a far-off time zone and a German
// locale. A slice of the suite — the CLI tests, which start real child processes, and the golden
// scripts, which print dates and numbers — must pass under each, and the script's last line must
// count it truly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from '../cmdlets/vbrs-session.ts';

const settings: Record<string, string>[] = [
  { NO_COLOR: '1' },
  { NO_COLOR: '1', FORCE_COLOR: '1' },
  { FORCE_COLOR: '0', TZ: 'Pacific/Kiritimati', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' },
];

for (const setting of settings) {
  const label = Object.entries(setting).map(([k, v]) => `${k}=${v}`).join(' ');
  test(`.ci/run passes a slice of the suite with ${label}`, () => {
    // Only what a shell needs, plus the setting: none of this test process's own environment.
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...setting };
    const r = spawnSync(join(root, '.ci', 'run'), ['tests', '(cli/cli|golden)\\.test\\.ts$'], { cwd: root, env, encoding: 'utf8' });
    const last = r.stdout.trim().split('\n').at(-1) ?? '';
    assert.match(last, /^\d+ passed, 0 failed$/, `${label}:\n${r.stdout.slice(-3000)}\n${r.stderr}`);
    assert.ok(Number(last.split(' ')[0]) > 150, `${label}: the slice ran (${last})`);
    assert.is(r.status, 0);
  });
}

test.run();
