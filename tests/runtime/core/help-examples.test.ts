// Every registered cmdlet's help examples run as tests: each example runs in a fresh shell and must
// finish without writing any error. Examples marked `needs` (an engine lab, an interactive host)
// are only parsed; one that states its output must print it. Docs that cannot rot.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createShell } from '../../../src/runtime/shell.ts';
import { parse } from '../../../src/lang/index.ts';
import { domainCmdlets } from '../../../src/cmdlets/index.ts';
import { mask } from '../../spec/mask.ts';

const home = mkdtempSync(join(tmpdir(), 'vbrs-examples-'));
process.env.VBRS_HOME = home;
const defs = [...createShell({ stdout: () => {}, stderr: () => {}, cmdlets: domainCmdlets }).session.cmdlets.values()];

test('every cmdlet has a synopsis and at least one example', () => {
  const missing = defs.filter((d) => !d.help.synopsis || !(d.help.examples ?? []).length).map((d) => d.name);
  assert.equal(missing, []);
});

for (const def of defs) {
  (def.help.examples ?? []).forEach((ex, i) => {
    test(`${def.name} example ${i + 1}: ${ex.code}`, async () => {
      if (ex.needs) {
        parse(ex.code, '<example>');
        return;
      }
      let stdout = '';
      let stderr = '';
      const shell = createShell({ stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: home, cmdlets: domainCmdlets });
      const r = await shell.run(ex.code, '<example>');
      assert.is(stderr.replace(/^(WARNING|VERBOSE|DEBUG): .*\n/gm, ''), '', 'stderr');
      // An example may end on a silenced error (so `$?` is false); it must not be stopped by one.
      assert.ok(r.success, 'ran to the end');
      if (ex.output !== undefined) assert.fixture(mask(stdout, { home }), ex.output, 'stdout');
    });
  });
}

test.after(() => rmSync(home, { recursive: true, force: true }));
test.run();
