import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ResourceScheduler } from '../../../src/engine/jobs/resource-scheduler.ts';
import { isEngineError } from '../../../src/engine/engine-error.ts';

const px = (name: string, maxTasks: number, rank = 2) => ({ proxy: { name, maxTasks }, rank });
const repo = { name: 'repo01', maxTasks: 8 };

test('tasks wait when the proxy slots are busy and go on in order as slots free up', async () => {
  const s = new ResourceScheduler();
  const a = await s.acquire({ task: 'a', proxies: [px('px01', 2)], repository: repo });
  const b = await s.acquire({ task: 'b', proxies: [px('px01', 2)], repository: repo });
  const order: string[] = [];
  const waits: string[] = [];
  const c = s.acquire({ task: 'c', proxies: [px('px01', 2)], repository: repo, onWait: (r) => waits.push(r) }).then((l) => (order.push('c'), l));
  const d = s.acquire({ task: 'd', proxies: [px('px01', 2)], repository: repo }).then((l) => (order.push('d'), l));
  await Promise.resolve();
  assert.is(s.waiting, 2);
  assert.match(waits[0]!, /proxy 'px01' are busy/);
  assert.equal(s.usage().proxies, { px01: 2 });
  a.release();
  const lc = await c;
  assert.is(lc.waited, true);
  assert.equal(order, ['c']);
  b.release();
  await d;
  assert.equal(order, ['c', 'd']);
  assert.equal(s.usage().proxies, { px01: 2 });
});

test('repository slots limit tasks too', async () => {
  const s = new ResourceScheduler();
  const small = { name: 'small', maxTasks: 1 };
  const a = await s.acquire({ task: 'a', proxies: [px('px01', 4)], repository: small });
  let reason = '';
  const b = s.acquire({ task: 'b', proxies: [px('px01', 4)], repository: small, onWait: (r) => (reason = r) });
  assert.match(reason, /repository 'small' are busy/);
  a.release();
  assert.is((await b).repository, 'small');
});

test('the best transport rank wins, then the least loaded proxy', async () => {
  const s = new ResourceScheduler();
  const cands = [px('nbd', 4, 2), px('san', 1, 0), px('hot', 4, 1)];
  const first = await s.acquire({ task: 'a', proxies: cands, repository: repo });
  assert.is(first.proxy, 'san');
  const second = await s.acquire({ task: 'b', proxies: cands, repository: repo });
  assert.is(second.proxy, 'hot');
  const even = [px('p1', 4), px('p2', 4)];
  const l1 = await s.acquire({ task: 'c', proxies: even, repository: repo });
  const l2 = await s.acquire({ task: 'd', proxies: even, repository: repo });
  assert.not.equal(l1.proxy, l2.proxy);
});

test('a proxy with no slots fails the task at once with a clear error', async () => {
  const s = new ResourceScheduler();
  try {
    await s.acquire({ task: 'web01/disk0', proxies: [px('px00', 0)], repository: repo });
    assert.unreachable();
  } catch (e) {
    assert.ok(isEngineError(e, 'VBRS_PROXY_UNAVAILABLE'));
    assert.is((e as Error).message, "Task 'web01/disk0': proxy 'px00' has no task slots.");
  }
});

test('a waiting task can be cancelled and then holds nothing', async () => {
  const s = new ResourceScheduler();
  const a = await s.acquire({ task: 'a', proxies: [px('px01', 1)], repository: repo });
  const ac = new AbortController();
  const b = s.acquire({ task: 'b', proxies: [px('px01', 1)], repository: repo, signal: ac.signal });
  ac.abort();
  try {
    await b;
    assert.unreachable();
  } catch (e) {
    assert.ok(isEngineError(e, 'VBRS_CANCELLED'));
  }
  a.release();
  assert.equal(s.usage().proxies, { px01: 0 });
  assert.is(s.waiting, 0);
});

test('a request whose signal is already aborted is refused at once, not left waiting', async () => {
  const s = new ResourceScheduler();
  const held = await s.acquire({ task: 'a', proxies: [px('px01', 1)], repository: repo });
  const stopped = new AbortController();
  stopped.abort();
  for (const task of ['busy', 'free']) {
    if (task === 'free') held.release();
    const answer = s.acquire({ task, proxies: [px('px01', 1)], repository: repo, signal: stopped.signal }).then(
      () => null,
      (e: unknown) => e,
    );
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise((resolve) => (timer = setTimeout(() => resolve('still waiting after 2 s'), 2000)));
    const err = await Promise.race([answer, hung]);
    clearTimeout(timer);
    assert.ok(isEngineError(err) && err.code === 'VBRS_CANCELLED', `${task}: ${String(err)}`);
  }
});

test('releasing twice frees one slot only', async () => {
  const s = new ResourceScheduler();
  const a = await s.acquire({ task: 'a', proxies: [px('px01', 2)], repository: repo });
  await s.acquire({ task: 'b', proxies: [px('px01', 2)], repository: repo });
  a.release();
  a.release();
  assert.equal(s.usage().proxies, { px01: 1 });
});

test.run();
