// GET /sessions' body keeps the JSON of ended sessions and rebuilds only what changed: it must
// always equal the list shaped afresh — after a log line is added to an ended session (crash
// recovery does that), a result changes, a session is added — and read no session it kept.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../src/engine/index.ts';
import type { SessionInfo, SessionQuery } from '../../src/engine/jobs/index.ts';
import { sessionJson } from '../../src/service/api-json.ts';
import { SessionListJson } from '../../src/service/session-list-json.ts';

const t0 = Date.UTC(2026, 11, 6, 20, 0, 0);

function session(job: string, n: number, state: SessionInfo['State']): Omit<SessionInfo, 'Id'> {
  const CreationTime = new Date(t0 + n * 60_000);
  return {
    JobName: job, Kind: 'Backup', CreationTime, EndTime: state === 'Stopped' ? new Date(CreationTime.getTime() + 4000) : null, Duration: 4000,
    State: state, Result: state === 'Stopped' ? 'Success' : 'None', Progress: state === 'Stopped' ? 100 : 40, ReadBytes: n * 10, TransferredBytes: n * 5,
    RetryOf: null, Trigger: 'Manual', Log: [],
  };
}

/** The list as the route shaped it before: every session read and shaped on each request. Running
 *  sessions' Duration is "now", so it is left out of the comparison. */
function comparable(text: string): unknown {
  const data = (JSON.parse(text) as { data: Record<string, unknown>[] }).data;
  return data.map((s) => (s.state === 'Stopped' ? s : { ...s, duration: 'running' }));
}

test('the kept list equals the list shaped afresh after every kind of change, and reads only what changed', async () => {
  const home = mkdtempSync(join(tmpdir(), 'vbrs-session-list-'));
  const engine = Engine.open({ home });
  try {
    const store = engine.jobs.sessions;
    const line = (text: string) => ({ Time: new Date(t0), Severity: 'Info' as const, Text: text });
    const ids: number[] = [];
    for (let n = 0; n < 40; n++) {
      const id = store.create(session(n % 4 === 0 ? 'B' : 'A', n, n === 39 ? 'Working' : 'Stopped'));
      for (let i = 0; i < 3; i++) store.appendLog(id, -1, i, line(`session ${id} line ${i}`));
      ids.push(id);
    }
    const reads: SessionQuery[] = [];
    const list = engine.sessions.list.bind(engine.sessions);
    engine.sessions.list = (q = {}) => (reads.push(q), list(q));
    const kept = new SessionListJson(engine);
    const afresh = (q: SessionQuery) => JSON.stringify({ data: list(q).map(sessionJson) });
    const check = (q: SessionQuery, what: string) => assert.equal(comparable(kept.render(q)), comparable(afresh(q)), what);

    check({}, 'first list');
    assert.equal(reads, [{}], 'the first list reads them all in one query');
    reads.length = 0;
    check({}, 'unchanged');
    assert.equal(reads, [{ id: ids[39] }], 'unchanged: only the running session is read again');

    // An ended session gets a log line (recovery), another a new result; a session is added.
    const stopped = store.list({ id: ids[5] })[0]!;
    store.addLog(stopped, line('Recovery: VM snapshot committed'));
    const failed = store.list({ id: ids[7] })[0]!;
    store.save({ ...failed, Result: 'Failed' });
    const added = store.create(session('A', 50, 'Stopped'));
    reads.length = 0;
    const text = kept.render({});
    assert.equal(comparable(text), comparable(afresh({})), 'after the changes');
    assert.equal(reads.map((q) => q.id).sort(), [ids[5], ids[7], ids[39], added].sort(), 'only the changed, new and running ones are read');
    assert.match(text, /Recovery: VM snapshot committed/);

    check({ job: 'B' }, 'one job');
    check({ job: 'nope' }, 'no sessions');
    assert.is(kept.render({ job: 'nope' }), '{"data":[]}');
  } finally {
    await engine.close();
    rmSync(home, { recursive: true, force: true });
  }
});

test.run();
