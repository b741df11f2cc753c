// The progress panel drawn on its own from a model: every field of a task row, a bar even on a
// narrow terminal, lines never wider than the terminal.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import React from 'react';
import { render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';
import { Box } from 'ink';
import { ProgressPanel, columnWidths, labLine, taskLine } from '../../src/repl/progress-panel.ts';
import { applyEvent, emptyProgress, type ProgressModel } from '../../src/repl/progress-model.ts';
import { themeNamed } from '../../src/repl/theme.ts';

const MB = 1024 * 1024;
const task = (index: number, vm: string, extra: Record<string, unknown> = {}) => ({
  Index: index, VM: vm, Disk: 'disk1', Status: 'InProgress', Proxy: 'px-hotadd01', TransportMode: 'HotAdd',
  ReadBytes: 0, TransferredBytes: 0, TotalBytes: 100 * MB, Speed: 0, Bottleneck: null, StartTime: new Date(0), EndTime: null, ...extra,
});

function model(): ProgressModel {
  let m = applyEvent(emptyProgress, { sessionId: 2, kind: 'session-started', session: { JobName: 'Nightly', State: 'Working', CreationTime: new Date(0) } }, 0);
  m = applyEvent(m, { sessionId: 2, kind: 'task-progress', task: task(0, 'web01'), readBytes: 40 * MB, transferredBytes: 12 * MB, speed: 20 * MB, progress: 40 }, 0);
  m = applyEvent(m, { sessionId: 2, kind: 'task-finished', task: task(1, 'database-server-01', { Status: 'Warning', Bottleneck: 'Network', EndTime: new Date(65_000), ReadBytes: 100 * MB }) }, 0);
  return m;
}

/** A lab build fed as the engine emits it: started, then a chunk on web01/disk1, then one on db01/disk2. */
function labModel(): ProgressModel {
  const events = [
    { kind: 'lab-started', lab: 'Demo', totalBytes: 576 * MB, startTime: 0, disks: [] },
    { kind: 'lab-progress', lab: 'Demo', vm: 'web01', disk: 'disk1', diskBytes: 64 * MB, diskTotalBytes: 128 * MB, bytes: 64 * MB, totalBytes: 576 * MB, dataBytes: 40 * MB, elapsedMs: 1000 },
    { kind: 'lab-progress', lab: 'Demo', vm: 'db01', disk: 'disk2', diskBytes: 16 * MB, diskTotalBytes: 96 * MB, bytes: 288 * MB, totalBytes: 576 * MB, dataBytes: 150 * MB, elapsedMs: 4000 },
  ];
  return events.reduce<ProgressModel>((m, e) => applyEvent(m, e, e.elapsedMs ?? 0), emptyProgress);
}

/** Drawn in a box as wide as the terminal would be (the test renderer itself is 100 columns). */
function draw(width: number, m: ProgressModel = model()): string[] {
  const panel = React.createElement(ProgressPanel, { model: m, theme: themeNamed('none'), width, now: 30_000 });
  const ui = render(React.createElement(Box, { width }, panel));
  const lines = stripVTControlCharacters(ui.lastFrame() ?? '').split('\n');
  ui.unmount();
  return lines;
}

test('a task line carries every field, in aligned columns', () => {
  const tasks = model().sessions[0]!.tasks;
  const widths = columnWidths(tasks);
  const [web, db] = tasks.map((t) => taskLine(t, 30_000, widths));
  const webText = web!.head + web!.tail;
  for (const part of ['web01/disk1', 'px-hotadd01', 'HotAdd', '40%', '0:30', '20 MB/s', 'read 40 MB', 'sent 12 MB']) assert.ok(webText.includes(part), `${part} in ${webText}`);
  const dbText = db!.head + db!.tail;
  for (const part of ['database-server-01/disk1', '100%', '1:05', 'Warning', 'bottleneck Network']) assert.ok(dbText.includes(part), `${part} in ${dbText}`);
  assert.is(web!.head.length, db!.head.length, 'bars start in the same column');
});

test('the drawn panel: a header per session and one line per task', () => {
  const lines = draw(100);
  assert.ok(lines[0]!.startsWith('Job Nightly (session 2)  Working'), lines[0]);
  assert.is(lines.filter((l) => l.includes('/disk1')).length, 2);
});

test('a narrow terminal keeps the bar and cuts the end instead of wrapping', () => {
  const lines = draw(80).filter((l) => l.includes('/disk1'));
  assert.is(lines.length, 2, 'one line per task, no wrapping');
  for (const l of lines) {
    assert.ok(l.length <= 80, `fits: ${l}`);
    assert.ok(l.includes('█'), `bar shown: ${l}`);
  }
});

test('a lab build is drawn as one row: lab, current disk, bar, percent, elapsed, speed, written of total', () => {
  const [line, ...rest] = draw(100, labModel()).filter((l) => l.trim());
  assert.is(rest.length, 0, 'one row, nothing else');
  for (const part of ['Lab Demo', 'db01/disk2', ' 50%', '0:30', '72 MB/s', 'written 288 MB of 576 MB']) assert.ok(line!.includes(part), `${part} in ${line}`);
  const from = line!.indexOf('db01/disk2 ') + 'db01/disk2 '.length;
  const bar = line!.slice(from, line!.indexOf('  50%'));
  assert.ok(bar.length >= 8 && bar.length <= 30, `bar of ${bar.length} cells`);
  const full = [...bar].filter((c) => c === '█').length;
  assert.ok(Math.abs(full - bar.length / 2) <= 0.5, `half full at 50%: ${full} of ${bar.length}`);
});

test('a lab row beside a job session, on a narrow terminal: cut, not wrapped, bar kept', () => {
  let m = model();
  m = { ...m, labs: labModel().labs };
  const lines = draw(70, m).filter((l) => l.trim());
  assert.is(lines.length, 4, 'lab row, session header, two tasks');
  assert.ok(lines[0]!.startsWith('Lab Demo  db01/disk2 █'), lines[0]);
  for (const l of lines) assert.ok(l.length <= 70, `fits: ${l}`);
  const { head, tail } = labLine(labModel().labs[0]!, 4000);
  assert.is(head, '  db01/disk2 ');
  assert.is(tail, '  50%   0:04     72 MB/s  written 288 MB of 576 MB', 'the columns of a task line');
});

test('when the build ends its row gives way to the outcome line', () => {
  const done = applyEvent(labModel(), { kind: 'lab-completed', lab: 'Demo', bytes: 576 * MB, totalBytes: 576 * MB, dataBytes: 300 * MB, elapsedMs: 8000 }, 8000);
  const lines = draw(100, done).filter((l) => l.trim());
  assert.equal(lines, ['Lab Demo built: 576 MB of disks (300 MB of data) in 0:08']);
});

test.run();
