// Generic cmdlets driven through a real Shell: behaviours the goldens do not pin (files in a temp
// folder, CSV edge cases, JSON types, Compare-Object options, recursion).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createShell } from '../../../src/runtime/shell.ts';
import { numberValue, numberType } from '../../../src/runtime/values/ps-number.ts';
import type { PSNumber } from '../../../src/runtime/values/ps-number.ts';
import { PSObject } from '../../../src/runtime/values/ps-object.ts';
import { PSDateTime } from '../../../src/runtime/values/date-time.ts';
import { toStringValue } from '../../../src/runtime/values/convert.ts';

let dir = '';
let errors = '';
const shell = () => createShell({ cwd: dir, stdout: () => {}, stderr: (t) => void (errors += t) });

test.before.each(() => {
  dir = mkdtempSync(join(tmpdir(), 'vbrs-values-'));
  process.env.VBRS_HOME = dir;
  errors = '';
});

test.after.each(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('CSV keeps quoted delimiters, quotes and newlines', async () => {
  const out = await shell().invoke(`'"a","b"', '"1,5","say ""hi"""', '"multi', 'line","x"' | ConvertFrom-Csv`);
  assert.is(out.length, 2);
  assert.is((out[0] as PSObject).getProperty('a')?.value, '1,5');
  assert.is((out[0] as PSObject).getProperty('b')?.value, 'say "hi"');
  assert.is((out[1] as PSObject).getProperty('a')?.value, 'multi\nline');
});

test('Export-Csv -Append keeps the existing columns', async () => {
  await shell().invoke(`[pscustomobject]@{ A = 1; B = 2 } | Export-Csv t.csv; [pscustomobject]@{ B = 4; A = 3 } | Export-Csv t.csv -Append`);
  assert.is(readFileSync(join(dir, 't.csv'), 'utf8'), '"A","B"\n"1","2"\n"3","4"\n');
});

test('ConvertFrom-Json: objects, arrays, dates, hashtables', async () => {
  const [o] = await shell().invoke(`'{"when":"2024-01-15T10:00:00","n":[1,2]}' | ConvertFrom-Json`);
  assert.instance(o, PSObject);
  assert.instance((o as PSObject).getProperty('when')?.value, PSDateTime);
  // Integers come back as Int64, as Newtonsoft reads them in PowerShell 7.
  const n = (o as PSObject).getProperty('n')?.value as unknown[];
  assert.equal(n.map((x) => numberValue(x)), [1, 2]);
  assert.equal(n.map((x) => numberType(x as number | PSNumber)), ['System.Int64', 'System.Int64']);
  const [h] = await shell().invoke(`('{"a":1}' | ConvertFrom-Json -AsHashtable).GetType().Name`);
  assert.is(h, 'OrderedDictionary');
  await shell().invoke(`'{bad' | ConvertFrom-Json`);
  assert.match(errors, /Conversion from JSON failed/);
});

test('Compare-Object -IncludeEqual, -ExcludeDifferent and -Property', async () => {
  const sides = await shell().invoke(`Compare-Object a, b b, c -IncludeEqual | ForEach-Object { $_.InputObject + $_.SideIndicator }`);
  assert.equal(sides, ['b==', 'c=>', 'a<=']);
  const same = await shell().invoke(`Compare-Object a, b b, c -ExcludeDifferent | ForEach-Object InputObject`);
  assert.equal(same, ['b']);
  const byProp = await shell().invoke(`Compare-Object ([pscustomobject]@{ N = 1 }) ([pscustomobject]@{ N = 2 }) -Property N | ForEach-Object { "$($_.N)$($_.SideIndicator)" }`);
  assert.equal(byProp, ['2=>', '1<=']);
});

test('Get-ChildItem recursion, filters and names', async () => {
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'a.txt'), 'x');
  writeFileSync(join(dir, 'b.log'), 'y');
  writeFileSync(join(dir, 'sub', 'c.txt'), 'zz');
  const names = await shell().invoke(`Get-ChildItem -Recurse -Filter *.txt -Name`);
  assert.equal(names, ['a.txt', join('sub', 'c.txt')]);
  const dirs = await shell().invoke(`Get-ChildItem -Directory | ForEach-Object Name`);
  assert.equal(dirs, ['sub']);
  const sizes = await shell().invoke(`(Get-ChildItem -File -Recurse | Measure-Object Length -Sum).Sum`);
  assert.equal(sizes, [4]);
});

test('Set-Location changes where relative paths resolve', async () => {
  mkdirSync(join(dir, 'inner'));
  const sh = shell();
  await sh.invoke(`Set-Location inner; Set-Content here.txt 'hi'`);
  assert.is(readFileSync(join(dir, 'inner', 'here.txt'), 'utf8'), 'hi\n');
  const [loc] = await sh.invoke(`(Get-Location).Path`);
  assert.is(loc, join(dir, 'inner'));
});

test('missing files are non-terminating errors with the PowerShell message', async () => {
  const out = await shell().invoke(`Get-Content nope.txt; 'after'`);
  assert.equal(out, ['after']);
  assert.match(errors, /Cannot find path '.*nope\.txt' because it does not exist\./);
});

test('Select-Object -First stops the upstream pipeline', async () => {
  const [n] = await shell().invoke(`$script:count = 0; 1..1000 | ForEach-Object { $script:count++; $_ } | Select-Object -First 3 | Out-Null; $script:count`);
  assert.ok((n as number) < 10, `upstream ran ${n} times`);
});

test('Sort-Object is stable and sorts $null first', async () => {
  const out = await shell().invoke(`$r = @([pscustomobject]@{ K = 2; T = 'a' }, [pscustomobject]@{ K = $null; T = 'b' }, [pscustomobject]@{ K = 2; T = 'c' }, [pscustomobject]@{ K = 1; T = 'd' }); ($r | Sort-Object K).T -join ''`);
  assert.equal(out, ['bdac']);
});

test('Get-Random -SetSeed repeats its sequence', async () => {
  const a = await shell().invoke(`Get-Random -SetSeed 7 -Maximum 1000; Get-Random -Maximum 1000`);
  const b = await shell().invoke(`Get-Random -SetSeed 7 -Maximum 1000; Get-Random -Maximum 1000`);
  assert.equal(a, b);
  assert.ok(a.every((x) => typeof x === 'number' && x >= 0 && x < 1000));
});

test('Out-String matches what the host would print', async () => {
  const [s] = await shell().invoke(`[pscustomobject]@{ Name = 'a'; N = 1 } | Out-String`);
  assert.is(toStringValue(s), '\nName N\n---- -\na    1\n\n');
});

test.run();
