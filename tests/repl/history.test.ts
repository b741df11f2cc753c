import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { History } from '../../src/repl/history.ts';
import { tempDir } from '../temp-dir.ts';

const tempFile = (): string => join(tempDir('vbrs-history-'), 'history');

test('entries persist across instances, multi-line ones included', () => {
  const file = tempFile();
  const a = new History(file);
  a.add('Get-VM');
  a.add('if ($x) {\n  1\n}');
  const b = new History(file);
  assert.equal([...b.entries], ['Get-VM', 'if ($x) {\n  1\n}']);
});

test('a repeated entry moves to the end instead of duplicating, on disk too', () => {
  const file = tempFile();
  const h = new History(file);
  h.add('a');
  h.add('b');
  h.add('a');
  h.add('   ');
  assert.equal([...h.entries], ['b', 'a']);
  assert.equal([...new History(file).entries], ['b', 'a']);
});

test('the size cap keeps the newest entries', () => {
  const file = tempFile();
  const h = new History(file, 2);
  for (const e of ['1', '2', '3']) h.add(e);
  assert.equal([...h.entries], ['2', '3']);
  assert.equal([...new History(file, 5).entries], ['2', '3']);
});

test('reverse search finds newest match first, then older ones', () => {
  const h = new History(null);
  for (const e of ['Get-VM', 'Start-Job Nightly', 'get-job', 'Get-Session']) h.add(e);
  const first = h.search('job');
  assert.is(h.at(first), 'get-job');
  assert.is(h.at(h.search('job', first)), 'Start-Job Nightly');
  assert.is(h.search('job', h.search('job', first)), -1);
});

test('a corrupt or hand-written file still loads', () => {
  const file = tempFile();
  writeFileSync(file, '"ok"\nplain line\n\n42\n');
  assert.equal([...new History(file).entries], ['ok', 'plain line']);
  assert.ok(readFileSync(file, 'utf8').includes('plain line'));
});

test.run();
