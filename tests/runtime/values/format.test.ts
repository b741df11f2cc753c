// Output formatting matches what PowerShell 7 prints for the same values.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatOutput } from '../../../src/runtime/format/index.ts';
import { PSObject } from '../../../src/runtime/values/ps-object.ts';
import { PSHashtable } from '../../../src/runtime/values/hashtable.ts';
import { PSDateTime } from '../../../src/runtime/values/date-time.ts';

const obj = (e: Record<string, unknown>) => PSObject.from(Object.entries(e));

test('scalars one per line, null prints nothing', async () => {
  assert.is(await formatOutput([1, 'a', null, true, 0.1 + 0.2, 1 / 3]), '1\na\nTrue\n0.3\n0.333333333333333\n');
});

test('objects with up to four properties form a table', async () => {
  const out = await formatOutput([obj({ Name: 'abc', Count: 12345 }), obj({ Name: 'longer name', Count: 1 })]);
  assert.is(out, '\nName        Count\n----        -----\nabc         12345\nlonger name     1\n\n');
});

test('five or more properties form a list', async () => {
  const out = await formatOutput([obj({ a: 1, bb: 2, c: 3, d: 4, e: [1, 2, 3, 4, 5] })]);
  assert.is(out, '\na  : 1\nbb : 2\nc  : 3\nd  : 4\ne  : {1, 2, 3, 4…}\n\n');
});

test('hashtables show as Name/Value tables', async () => {
  const out = await formatOutput([PSHashtable.from([['a', 1], ['bb', 'x']])]);
  assert.is(out, '\nName                           Value\n----                           -----\na                              1\nbb                             x\n\n');
});

test('dates use the long form', async () => {
  const out = await formatOutput([PSDateTime.fromParts(2026, 11, 23, 11, 31, 0)]);
  assert.is(out, '\nMonday, November 23, 2026 11:31:00 AM\n\n');
});

test('a scalar after a table closes it', async () => {
  const out = await formatOutput([obj({ a: 1 }), 'done']);
  assert.is(out, '\na\n-\n1\n\ndone\n');
});

test('wide tables are cut to the width with an ellipsis', async () => {
  const out = await formatOutput([obj({ Name: 'x', Text: 'y'.repeat(50) })], 30);
  const lines = out.split('\n');
  assert.ok(lines.every((l) => l.length <= 30));
  assert.ok(lines[3].endsWith('…'));
});

test.run();
