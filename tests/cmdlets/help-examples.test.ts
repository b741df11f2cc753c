// The domain cmdlets' help is part of the contract: every cmdlet has a synopsis, examples and help
// on each parameter; every example parses; examples that need no engine run in a fresh shell; and
// the read-only (Get-*) examples that need the engine run without errors against a demo lab
// with a job that has run once; an example that states its output must print it (masked as the
// spec goldens mask). Also pins the docs/cmdlets.md cmdlet surface: none may go missing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from '../../src/lang/index.ts';
import { domainCmdlets } from '../../src/cmdlets/index.ts';
import { VbrsSession, SMALL_LAB } from './vbrs-session.ts';
import { mask } from '../spec/mask.ts';
import type { HelpExample } from '../../src/runtime/cmdlet.ts';

/** The engine examples the demo-lab test runs: read-only ones of Get- cmdlets. */
const readOnly = (cmdlet: string, ex: HelpExample) => cmdlet.startsWith('Get-') && ex.needs === 'engine' && !/\b(Start|Set|Add|Remove|New)-/.test(ex.code);

/** An example's stated output against what it printed in session `s`. */
function assertOutput(s: VbrsSession, ex: HelpExample, stdout: string, what: string): void {
  if (ex.output !== undefined) assert.fixture(mask(stdout, { home: s.home }), ex.output, what);
}

const SURFACE = [
  'New-Lab', 'Add-ViHost', 'Add-StorageArray', 'Add-Volume', 'Add-Datastore', 'Add-VM', 'Add-Proxy', 'Add-Repository',
  'Add-ThrottlingRule', 'Start-Workload', 'Disconnect-StorageArray', 'Connect-StorageArray', 'Add-Job', 'Set-Job', 'Get-Job',
  'Remove-Job', 'Enable-Job', 'Disable-Job', 'Set-GuestProcessing', 'Set-StorageOption', 'Start-Job', 'Stop-Job', 'Get-Session',
  'Wait-Session', 'Get-TaskSession', 'Get-RestorePoint', 'Start-Restore', 'Start-HealthCheck', 'Add-Credential', 'Get-StorageSnapshot',
  'Get-FileHash', 'Set-JobSchedule', 'Get-JobSchedule', 'Remove-JobSchedule',
];
const NOUNS = ['ViHost', 'StorageArray', 'Datastore', 'VM', 'Proxy', 'Repository', 'ThrottlingRule', 'Credential', 'Job'];

test('the docs/cmdlets.md surface is registered, with Get-/Set-/Remove- for each noun', () => {
  const names = new Set(domainCmdlets.map((d) => d.name.toLowerCase()));
  const want = [...SURFACE, ...NOUNS.flatMap((n) => [`Get-${n}`, `Remove-${n}`]), ...NOUNS.filter((n) => n !== 'ViHost').map((n) => `Set-${n}`)];
  assert.equal(want.filter((n) => !names.has(n.toLowerCase())), []);
  assert.is(names.size, domainCmdlets.length, 'no duplicate names');
});

test('every domain cmdlet has a synopsis, an example and help on each parameter; changers support -WhatIf', () => {
  const missing: string[] = [];
  for (const d of domainCmdlets) {
    if (!d.help.synopsis) missing.push(`${d.name} synopsis`);
    if (!(d.help.examples ?? []).length) missing.push(`${d.name} examples`);
    for (const p of d.parameters) if (!p.help) missing.push(`${d.name} -${p.name} help`);
    if (/^(Add|Set|Remove|New|Start|Stop|Enable|Disable|Connect|Disconnect)-/.test(d.name) && d.name !== 'Start-HealthCheck' && !d.supportsShouldProcess) {
      missing.push(`${d.name} -WhatIf`);
    }
  }
  assert.equal(missing, []);
});

test('an example states an output only where a test runs it', () => {
  const unchecked = domainCmdlets.flatMap((d) => (d.help.examples ?? [])
    .filter((ex) => ex.output !== undefined && ex.needs !== undefined && !readOnly(d.name, ex))
    .map((ex) => `${d.name}: ${ex.code}`));
  assert.equal(unchecked, []);
});

test('every example parses; examples without needs run cleanly', async () => {
  for (const d of domainCmdlets) {
    for (const ex of d.help.examples ?? []) {
      parse(ex.code, '<example>');
      if (ex.needs) continue;
      const s = new VbrsSession();
      try {
        const r = await s.run(ex.code);
        assert.is(r.stderr, '', `${d.name}: ${ex.code}`);
        assertOutput(s, ex, r.stdout, `${d.name}: ${ex.code}`);
      } finally {
        await s.close();
      }
    }
  }
});

test('read-only engine examples run without errors against a demo lab', async () => {
  const s = new VbrsSession();
  try {
    const setup = await s.run(`${SMALL_LAB}; Add-Job -Name Nightly -VM web01,db01 -Repository repo01 | Out-Null; $null = Start-Job -Name Nightly`);
    assert.is(setup.stderr, '');
    let ran = 0;
    let compared = 0;
    for (const d of domainCmdlets.filter((x) => x.name.startsWith('Get-'))) {
      for (const ex of (d.help.examples ?? []).filter((e) => readOnly(d.name, e))) {
        const r = await s.run(ex.code);
        assert.is(r.stderr, '', `${d.name}: ${ex.code}`);
        assertOutput(s, ex, r.stdout, `${d.name}: ${ex.code}`);
        if (ex.output !== undefined) compared++;
        ran++;
      }
    }
    assert.ok(ran >= 10, `ran ${ran}`);
    assert.ok(compared >= 3, `compared the output of ${compared}`);
  } finally {
    await s.close();
  }
});

test.run();
