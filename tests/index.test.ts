// The embedding API: createShell() from src/index.ts knows the backup cmdlets as well as the generic
// ones, and runs text to objects without a terminal.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createShell, createBareShell } from '../src/index.ts';

test('createShell() has the domain cmdlets; createBareShell() only the language and generic ones', async () => {
  const shell = createShell({ stdout: () => {}, stderr: () => {} });
  assert.equal(await shell.invoke("(Get-Command Start-Job, Where-Object).Name -join ','"), ['Start-Job,Where-Object']);
  const bare = createBareShell({ stdout: () => {}, stderr: () => {} });
  assert.equal(await bare.invoke("@(Get-Command Start-Job -ErrorAction SilentlyContinue).Count"), [0]);
  assert.equal(await bare.invoke('1 + 2 * 3'), [7]);
});

test.run();
