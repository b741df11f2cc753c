// Write-Progress in the REPL's live panel (src/repl/progress-records.ts): records fold into one row
// per activity, a child drawn under its parent, Completed removes an activity with those under it,
// the panel draws them, and a command's rows go when it ends; engine work gets no records in the
// REPL (its panel draws the engine's events itself).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import React from 'react';
import { render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Box } from 'ink';
import { applyProgressRecord, recordTree, type RecordRow } from '../../src/repl/progress-records.ts';
import { ProgressPanel } from '../../src/repl/progress-panel.ts';
import { emptyProgress } from '../../src/repl/progress-model.ts';
import { themeNamed } from '../../src/repl/theme.ts';
import { ReplSession } from '../../src/repl/repl-session.ts';
import { readSettings } from '../../src/repl/settings.ts';
import { progressRecord, type ProgressRecord } from '../../src/runtime/progress-record.ts';

const rec = (f: Partial<ProgressRecord> & { Activity: string }) => progressRecord(f);
const fold = (records: ProgressRecord[]) => records.reduce<RecordRow[]>((rows, r) => applyProgressRecord(rows, r), []);

test('one row per activity id, updated in place; Completed takes the activity and its children', () => {
  let rows = fold([
    rec({ ActivityId: 1, Activity: 'Outer', StatusDescription: 'a', PercentComplete: 10 }),
    rec({ ActivityId: 3, ParentActivityId: 2, Activity: 'Grandchild' }),
    rec({ ActivityId: 2, ParentActivityId: 1, Activity: 'Inner', StatusDescription: 'b' }),
    rec({ ActivityId: 9, Activity: 'Other' }),
    rec({ ActivityId: 1, Activity: 'Outer', StatusDescription: 'a2', PercentComplete: 20 }),
  ]);
  assert.equal(recordTree(rows).map(({ row, depth }) => `${depth}:${row.activity}:${row.status}`), ['0:Outer:a2', '1:Inner:b', '2:Grandchild:Processing', '0:Other:Processing']);
  rows = applyProgressRecord(rows, rec({ ActivityId: 1, Activity: '', RecordType: 'Completed' }));
  assert.equal(rows.map((r) => r.activity), ['Other']);
});

test('the panel draws an activity with its bar, percent, status, operation and time left', () => {
  const records = fold([
    rec({ ActivityId: 1, Activity: 'Copying', StatusDescription: 'file 2 of 4', PercentComplete: 50, CurrentOperation: 'b.txt', SecondsRemaining: 7 }),
    rec({ ActivityId: 2, ParentActivityId: 1, Activity: 'Hashing', StatusDescription: 'Processing' }),
  ]);
  const ui = render(React.createElement(Box, { width: 100 }, React.createElement(ProgressPanel, { model: { ...emptyProgress, records }, theme: themeNamed('none'), width: 100, now: 0 })));
  const lines = stripVTControlCharacters(ui.lastFrame() ?? '').split('\n');
  ui.unmount();
  assert.match(lines[0]!, /^Copying █+ +50%  file 2 of 4  b\.txt  7s left$/);
  assert.is(lines[1], '  Hashing  Processing');
});

test('the REPL shows a command\'s records while it runs and drops them when it ends', async () => {
  const home = mkdtempSync(join(tmpdir(), 'vbrs-replrecords-'));
  const s = new ReplSession({ shell: { cwd: home, width: 80 }, settings: readSettings(home), home, historyFile: null });
  try {
    const seen: string[][] = [];
    s.on('change', () => seen.push(s.progress.records.map((r) => `${r.activity} ${r.percent}`)));
    await s.submit("Write-Progress -Activity Copying -PercentComplete 40; Write-Progress -Id 5 -Activity Other; Write-Progress -Id 5 -Completed; Start-Sleep -Milliseconds 300; 'done'");
    assert.ok(seen.some((r) => r.join() === 'Copying 40'), `drawn while running: ${JSON.stringify(seen)}`);
    assert.equal(s.progress.records, [], 'gone with the command');
    assert.ok(s.items.some((i) => i.kind === 'out' && i.text === 'done'), 'progress is not output');
    assert.ok(!s.items.some((i) => i.kind === 'err'), 'nor stderr');
    await s.submit("$ProgressPreference = 'SilentlyContinue'; Write-Progress -Activity Hidden; Start-Sleep -Milliseconds 200");
    assert.ok(!seen.flat().some((r) => r.startsWith('Hidden')));
  } finally {
    s.exit(0);
    rmSync(home, { recursive: true, force: true });
  }
});

test.run();
