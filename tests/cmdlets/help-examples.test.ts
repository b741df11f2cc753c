// The domain cmdlets' help is part of the contract: every cmdlet has a synopsis, examples and help
// on each parameter; every example parses; examples that need no engine run in a fresh shell; and
// the read-only (Get-*) examples that need the engine run without errors against a demo lab
// with a job that has run once. Also pins the DESIGN.md cmdlet surface: none may go missing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from '../../src/lang/index.ts';
import { domainCmdlets } from '../../src/cmdlets/index.ts';
import { VbrsSession, SMALL_LAB } from './vbrs-session.ts';

const SURFACE = [
  'New-Lab', 'Add-ViHost', 'Add-StorageArray', 'Add-Volume', 'Add-Datastore', 'Add-VM', 'Add-Proxy', 'Add-Repository',
  'Add-ThrottlingRule', 'Start-Workload', 'Disconnect-StorageArray', 'Connect-StorageArray', 'Add-Job', 'Set-Job', 'Get-Job',
  'Remove-Job', 'Enable-Job', 'Disable-Job', 'Set-GuestProcessing', 'Set-StorageOption', 'Start-Job', 'Stop-Job', 'Get-Session',
  'Wait-Session', 'Get-TaskSession', 'Get-RestorePoint', 'Start-Restore', 'Start-HealthCheck', 'Add-Credential', 'Get-StorageSnapshot',
  'Get-FileHash', 'Set-JobSchedule', 'Get-JobSchedule', 'Remove-JobSchedule',
];
const NOUNS = ['ViHost', 'StorageArray', 'Datastore', 'VM', 'Proxy', 'Repository', 'ThrottlingRule', 'Credential', 'Job'];

test('the DESIGN.md surface is registered, with Get-/Set-/Remove- for each noun', () => {
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

test('every example parses; examples without needs run cleanly', async () => {
  for (const d of domainCmdlets) {
    for (const ex of d.help.examples ?? []) {
      parse(ex.code, '<example>');
      if (ex.needs) continue;
      const s = new VbrsSession();
      try {
        const r = await s.run(ex.code);
        assert.is(r.stderr, '', `${d.name}: ${ex.code}`);
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
    for (const d of domainCmdlets.filter((x) => x.name.startsWith('Get-'))) {
      for (const ex of (d.help.examples ?? []).filter((e) => e.needs === 'engine' && !/\b(Start|Set|Add|Remove|New)-/.test(e.code))) {
        const r = await s.run(ex.code);
        assert.is(r.stderr, '', `${d.name}: ${ex.code}`);
        ran++;
      }
    }
    assert.ok(ran >= 10, `ran ${ran}`);
  } finally {
    await s.close();
  }
});

test.run();
