// The Veeam module as the shell offers it: Tab completes its commands before the module is loaded
// (they come from the module path, not from a loaded module), once each after it is loaded, and the
// module loads once however many of its commands a session uses. Their parameters complete too,
// read from the module's source before it is loaded.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { complete } from '../../src/repl/completion.ts';
import { shellCompletionSource } from '../../src/repl/shell-completion-source.ts';
import { VbrsSession } from '../cmdlets/vbrs-session.ts';

test('Tab offers the Veeam commands before and after the module is loaded', async () => {
  const s = new VbrsSession();
  try {
    const source = shellCompletionSource(s.shell, s.shell.session.services);
    const candidates = async (text: string) => (await complete(text, text.length, source)).candidates;
    assert.equal(await candidates('Get-VBRJ'), ['Get-VBRJob', 'Get-VBRJobObject']);
    assert.equal(await candidates('Start-VBRR'), ['Start-VBRRestoreVM']);
    assert.equal(await candidates('Get-VeeamNa'), [], 'private helpers are not exported, so not offered');
    assert.equal(await candidates('Start-VBRJob -Fu'), ['-FullBackup'], 'parameters, read from the module source');
    assert.is(s.shell.session.modules.size, 0, 'completing loads nothing');
    const r = await s.run('$null = Get-VBRJob; $null = Get-VBRServer; (Get-Module).Count');
    assert.is(r.stderr, '');
    assert.is(r.stdout.trim(), '1');
    assert.equal(await candidates('Get-VBRJ'), ['Get-VBRJob', 'Get-VBRJobObject'], 'no duplicates once loaded');
    assert.equal(await candidates('Start-VBRJob -Fu'), ['-FullBackup'], 'the same once loaded');
  } finally {
    await s.close();
  }
});

test.run();
