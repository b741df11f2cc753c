// Following a session another process runs (session-watch.ts) polls the catalog: a poll that fails
// because the catalog is busy must not end the watch (a Wait-Session would return a running
// session as if it had ended), a closed catalog ends it, and a catalog that keeps failing ends it
// too, so nothing waits for ever.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { watchSession } from '../../../src/engine/jobs/session-watch.ts';
import { EngineError } from '../../../src/engine/engine-error.ts';
import type { SessionStore } from '../../../src/engine/jobs/session-store.ts';
import type { SessionInfo } from '../../../src/engine/jobs/session-info.ts';

/** A store whose reads fail while `fail()` says so, with one session that ends when `end()` is called. */
function fakeStore(fail: () => Error | null) {
  const info = { Id: 1, State: 'Working', Result: 'None', Log: [], Progress: 0 } as unknown as SessionInfo;
  const store = {
    closeAbandoned() {
      const e = fail();
      if (e) throw e;
    },
    list: () => [{ ...info, Log: [...info.Log] }],
    tasks: () => [],
  } as unknown as SessionStore;
  return { store, end: () => Object.assign(info, { State: 'Stopped', Result: 'Success', Progress: 100 }) };
}

const busy = () => new EngineError('VBRS_CATALOG_BUSY', 'The catalog is busy.');
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('busy polls are skipped: the watch ends when the session does, not at the first failure', async () => {
  let failing = false;
  const { store, end } = fakeStore(() => (failing ? busy() : null));
  const w = watchSession(store, 1, 5)!;
  failing = true; // every poll fails for a while
  let ended = false;
  void w.done.then(() => (ended = true));
  await tick(60);
  assert.not.ok(ended, 'a busy catalog does not end the watch');
  failing = false;
  end();
  const s = await w.done;
  assert.is(s.State, 'Stopped');
  assert.is(s.Result, 'Success');
});

test('a closed catalog ends the watch at once; one that keeps failing ends it after its limit', async () => {
  let error: Error | null = null;
  const { store } = fakeStore(() => error);
  const closed = watchSession(store, 1, 5)!;
  error = new EngineError('VBRS_CLOSED', 'Catalog is closed.');
  assert.is((await closed.done).State, 'Working', 'the watch ends with the session as last read');
  error = null;
  const broken = watchSession(store, 1, 2)!;
  error = busy();
  const t = performance.now();
  await broken.done;
  assert.ok(performance.now() - t >= 40 * 2 * 0.5, 'not at the first failed poll');
});

test.run();
