import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { complete, commonPrefix, type CompletionSource } from '../../src/repl/completion.ts';
import type { CompletionKind } from '../../src/runtime/completion-kind.ts';

const files: Record<string, { name: string; directory: boolean }[]> = {
  '/lab': [{ name: 'scripts', directory: true }, { name: 'setup.vbrs', directory: false }, { name: '.hidden', directory: false }, { name: 'my file.txt', directory: false }],
  '/lab/scripts/': [{ name: 'nightly.vbrs', directory: false }],
};

const asked: CompletionKind[] = [];
const source: CompletionSource = {
  commands: () => ['Get-VM', 'Get-Job', 'Get-Session', 'Start-Job', 'Set-Job', 'Add-Job', 'ForEach-Object', 'gci', 'Get-Help', 'gcm'],
  parameters: (c) => {
    const common = [{ name: 'Verbose', type: 'switch' }];
    switch (c.toLowerCase()) {
      case 'start-job': return [{ name: 'Name', type: 'string', position: 0, completion: 'job' }, { name: 'RunAsync', type: 'switch' }, ...common];
      case 'add-job': return [{ name: 'Name', type: 'string' }, { name: 'VM', type: 'string[]', completion: 'vm' }, { name: 'Repository', type: 'string', completion: 'repository' },
        { name: 'Compression', type: 'string', validateSet: ['None', 'DedupeFriendly', 'Optimal', 'High', 'Extreme'] }, ...common];
      case 'get-vm': return [{ name: 'Name', type: 'string', completion: 'vm' }, ...common];
      default: return null;
    }
  },
  variables: () => ['session', 'sessions', 'vm', 'HOME'],
  members: async (expression) => (expression === '$vm' ? [{ name: 'Name', method: false }, { name: 'Disks', method: false }, { name: 'GetType', method: true }]
    : expression === '$vm.Disks' ? [{ name: 'Count', method: false }] : []),
  objectNames: async (kind) => {
    asked.push(kind);
    const names: Record<string, string[]> = { job: ['Nightly', 'Weekly'], vm: ['web01', 'db01', 'win app'], repository: ['repo01'] };
    return names[kind] ?? [];
  },
  listDirectory: (dir) => {
    const entries = files[dir];
    if (!entries) throw new Error('ENOENT');
    return entries;
  },
  cwd: () => '/lab',
};

const run = async (text: string, cursor = text.length) => complete(text, cursor, source);

test('command names at the start of a statement and after a pipe', async () => {
  assert.equal((await run('Get-')).candidates, ['Get-Help', 'Get-Job', 'Get-Session', 'Get-VM']);
  assert.equal((await run('Get-VM | for')).candidates, ['ForEach-Object']);
  assert.equal((await run('Get-VM|Sta')).candidates, ['Start-Job']);
  assert.ok((await run('Get-VM|')).candidates.includes('ForEach-Object'), 'right after the pipe');
  const c = await run('1; start');
  assert.equal(c.candidates, ['Start-Job']);
  assert.is(c.start, 3);
});

test('Get-Help and Get-Command take command names', async () => {
  assert.equal((await run('Get-Help Start-')).candidates, ['Start-Job']);
  assert.equal((await run('gcm -Name Set')).candidates, ['Set-Job']);
});

test('parameters of the command under the cursor', async () => {
  assert.equal((await run('Start-Job -')).candidates, ['-Name', '-RunAsync', '-Verbose']);
  assert.equal((await run('Add-Job -Name x -co')).candidates, ['-Compression']);
  // the cursor inside the first command of a pipeline
  const text = 'Start-Job -R | Get-VM';
  assert.equal((await complete(text, 12, source)).candidates, ['-RunAsync']);
});

test('enum values and catalog object names for parameter values', async () => {
  assert.equal((await run('Add-Job -Compression ')).candidates, ['DedupeFriendly', 'Extreme', 'High', 'None', 'Optimal']);
  assert.equal((await run('Add-Job -Compression o')).candidates, ['Optimal']);
  assert.equal((await run('Add-Job -VM ')).candidates, ['db01', 'web01', "'win app'"]);
  assert.equal((await run('Add-Job -Repository r')).candidates, ['repo01']);
  assert.equal((await run('Add-Job -VM web01, d')).candidates, ['db01'], 'after a comma');
  assert.equal((await run('Add-Job -VM web01,db01,')).candidates, ['db01', 'web01', "'win app'"]);
  assert.equal((await run('Start-Job -Name n')).candidates, ['Nightly']);
  assert.equal((await run('Start-Job ')).candidates, ['Nightly', 'Weekly'], 'positional -Name');
  assert.equal((await run('Get-VM -Name w')).candidates, ['web01', "'win app'"]);
});

test('variables, keeping a scope prefix', async () => {
  assert.equal((await run('$se')).candidates, ['$session', '$sessions']);
  assert.equal((await run('Write-Output $global:v')).candidates, ['$global:vm']);
});

test('members of what a variable holds, methods with an open parenthesis', async () => {
  const c = await run('Write-Output $vm.');
  assert.equal(c.candidates, ['Disks', 'GetType(', 'Name']);
  assert.is(c.start, 'Write-Output $vm.'.length);
  assert.equal((await run('$vm.Disks.co')).candidates, ['Count']);
  assert.equal((await run('$vm.n')).candidates, ['Name']);
  assert.equal((await run('$nothing.x')).candidates, []);
});

test('file paths relative to the location, directories with a slash, odd names quoted', async () => {
  assert.equal((await run('./x.vbrs; gci s')).candidates, ['scripts/', 'setup.vbrs']);
  assert.equal((await run('gci scripts/')).candidates, ['scripts/nightly.vbrs']);
  assert.equal((await run('gci my')).candidates, ["'my file.txt'"]);
  assert.equal((await run('gci .h')).candidates, ['.hidden']);
  assert.equal((await run('gci nothing/here')).candidates, []);
});

test('nothing to offer is an empty list, and the common prefix guides partial completion', async () => {
  assert.equal((await run('Get-Nope')).candidates, []);
  assert.is(commonPrefix(['Get-Session', 'get-sessions']), 'Get-Session');
  assert.is(commonPrefix(['$session', '$sessions', '$vm']), '$');
});

test.run();
