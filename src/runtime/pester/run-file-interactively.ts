// A test file run as a plain script (`vbrs a.Tests.vbrs`), as `./a.Tests.ps1` is in PowerShell: the
// first Pester command outside a run (Pester's Invoke-Interactively) runs Invoke-Pester on the whole
// file, then ends the script with the failure count as its exit status, so the rest of the file
// does not run a second time.
import { resolve } from 'node:path';
import type { Interpreter } from '../interpreter/interpreter.ts';
import type { ExecContext } from '../interpreter/exec-context.ts';
import { ExitSignal } from '../interpreter/control-flow.ts';
import { PSException } from '../error-record.ts';
import { ScreenReport } from './screen-report.ts';
import { TestRunner } from './test-runner.ts';
import { failureCount } from './run-totals.ts';

export async function runFileInteractively(interp: Interpreter, exec: ExecContext, write: (line: string) => void | Promise<void>): Promise<never> {
  const name = exec.source.name;
  if (name.startsWith('<')) throw new PSException('Pester can run only saved files interactively. Please save your file to a disk.', 'System.InvalidOperationException');
  const runner = new TestRunner(interp, { ...exec, scope: interp.session.global }, new ScreenReport('Normal', write));
  const outcome = await runner.run([resolve(interp.session.cwd, name)], { include: [], exclude: [] });
  const failed = failureCount(outcome.totals);
  interp.session.global.setLocal('LASTEXITCODE', failed);
  throw new ExitSignal(failed);
}
