// Names with shell syntax — `$(…)`, backticks, `;`, quotes, a newline — reach a job's hook scripts
// as data: the .sh hook reads them from its environment byte for byte and none of them runs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addVms, openLab } from '../jobs/fixtures/job-lab.ts';

test('VM and job names full of shell syntax reach a .sh hook as environment data, never as code', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vbrs-inject-'));
  // Names cannot hold '/', so an injection would create the file in the hook's working folder.
  const mark = `pwned${process.pid}`;
  const pwned = join(process.cwd(), mark);
  const vm = `web$(touch ${mark})\`touch ${mark}\`;touch ${mark}'x`;
  const job = `J;touch ${mark}\n$(touch ${mark}) 'q' && touch ${mark}`;
  const seen = join(dir, 'seen');
  const hook = join(dir, 'pre.sh');
  writeFileSync(hook, `#!/bin/sh\nprintf '%s\\n---\\n%s' "$VBRS_VM" "$VBRS_JOB" > '${seen}'\n`);
  chmodSync(hook, 0o755);
  const lab = openLab();
  try {
    addVms(lab, [{ name: vm, os: 'Linux' }]);
    lab.jobs.add({ Name: job, VMs: [vm], Repository: 'repo01' });
    lab.jobs.setGuestProcessing(job, { Enabled: true, Credential: 'root', PreFreezeScript: { kind: 'file', path: hook } });
    const s = await lab.jobs.start(job).done;
    assert.is(s.Result, 'Success', s.Log.map((l) => l.Text).join('\n'));
    assert.is(readFileSync(seen, 'utf8'), `${vm}\n---\n${job}`, 'the hook saw the names exactly');
    assert.not.ok(existsSync(pwned), 'no part of a name ran as a command');
  } finally {
    await lab.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
