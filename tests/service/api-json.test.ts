// The API's JSON shaping: camelCase keys as the shell's property names read, TimeSpan text as
// .NET writes it, dates ISO 8601, nested records shaped the same way.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { apiJson, camelCase, timeSpanText } from '../../src/service/api-json.ts';
import { parseListen } from '../../src/service/listen-address.ts';

test('camelCase keys: words and acronyms', () => {
  const cases: [string, string][] = [
    ['Name', 'name'], ['JobName', 'jobName'], ['VMs', 'vms'], ['VM', 'vm'], ['Id', 'id'],
    ['VMSnapshotLifetime', 'vmSnapshotLifetime'], ['TransportMode', 'transportMode'], ['RetryOf', 'retryOf'],
  ];
  for (const [key, want] of cases) assert.is(camelCase(key), want, key);
});

test('TimeSpan text: [d.]hh:mm:ss[.fffffff], as System.Text.Json writes it', () => {
  assert.is(timeSpanText(0), '00:00:00');
  assert.is(timeSpanText(353), '00:00:00.3530000');
  assert.is(timeSpanText(600_000), '00:10:00');
  assert.is(timeSpanText(26 * 3_600_000 + 1), '1.02:00:00.0010000');
  assert.is(timeSpanText(-1500), '-00:00:01.5000000');
});

test('records: dates ISO 8601, duration fields TimeSpan text, nested records and lists shaped', () => {
  const out = apiJson({
    Name: 'J',
    CreationTime: new Date(Date.UTC(2026, 11, 6, 20, 0, 1, 123)),
    Duration: 4251,
    GuestProcessing: { ScriptTimeout: 30_000, PreFreezeScript: null },
    VMs: ['v1'],
    Skipped: undefined,
  });
  assert.equal(out, {
    name: 'J',
    creationTime: '2026-12-06T20:00:01.123Z',
    duration: '00:00:04.2510000',
    guestProcessing: { scriptTimeout: '00:00:30', preFreezeScript: null },
    vms: ['v1'],
  });
});

test('--listen: HOST:PORT, IPv6 in brackets, port 0 to 65535', () => {
  assert.equal(parseListen('127.0.0.1:0'), { host: '127.0.0.1', port: 0, text: '127.0.0.1:0' });
  assert.equal(parseListen('[::1]:9419'), { host: '::1', port: 9419, text: '[::1]:9419' });
  assert.is(parseListen('localhost:80').host, 'localhost');
  for (const bad of ['localhost', ':80', '127.0.0.1:', '127.0.0.1:65536', '::1:80', '127.0.0.1:80x']) {
    assert.throws(() => parseListen(bad), /--listen takes HOST:PORT/, bad);
  }
});

test.run();
