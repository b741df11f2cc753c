import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { selectGuestChannel, type GuestTarget } from '../../../src/engine/guest/index.ts';

const win: GuestTarget = { name: 'web01', guestOS: 'Windows', toolsInstalled: true, networkReachable: true, credential: null };
const lin: GuestTarget = { name: 'db01', guestOS: 'Linux', toolsInstalled: true, networkReachable: true, credential: 'root' };

test('Windows guests use the network when reachable', () => {
  const c = selectGuestChannel(win);
  assert.is(c.channel, 'Network');
  assert.is(c.error, null);
});

test('Windows guests fall back to VIX without network, and say so', () => {
  const c = selectGuestChannel({ ...win, networkReachable: false });
  assert.is(c.channel, 'VIX');
  assert.match(c.notes[0]!, /failing over to VIX/);
});

test('Windows guests without VMware Tools have no channel at all', () => {
  const c = selectGuestChannel({ ...win, toolsInstalled: false });
  assert.is(c.channel, null);
  assert.match(c.error ?? '', /web01.*VMware Tools are not installed/);
});

test('Linux guests use SSH with a credential', () => {
  assert.is(selectGuestChannel(lin).channel, 'SSH');
});

test('Linux guests never fall back to VIX', () => {
  const off = selectGuestChannel({ ...lin, networkReachable: false });
  assert.is(off.channel, null);
  assert.match(off.error ?? '', /db01.*not reachable.*no VIX fallback/);
  const nocred = selectGuestChannel({ ...lin, credential: null });
  assert.is(nocred.channel, null);
  assert.match(nocred.error ?? '', /no guest credential/);
});

test.run();
