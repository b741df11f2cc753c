// The service under load, measured on this machine with a real `bin/vbrs service` child:
//   - API: requests per second of `GET /api/v1/sessions` with 1,000 sessions in the catalog, with
//     `hey` (Debian's package) on loopback, bounded in count (and time: hey's own timeout);
//   - concurrency: N jobs of small VMs started through the API at once — how many run at the same
//     time, how long from the request to the session working, and whether every one succeeds;
//   - scheduling: the same N jobs on 1 s periodic schedules for a minute (VBRS_BENCH_SERVICE_SECONDS)
//     — runs started, runs skipped because the job was still running, how many ran at once, and
//     the delay from each due time to its session's creation (median and worst).
// The 1,000 sessions are one real job session (a backup of a 4 MiB VM) and 999 copies of its
// records written through the engine's session store: the API reads and shapes the same rows
// whichever process wrote them. Runnable alone (`node scripts/bench/service.ts`; with `--list-only`
// just the two GET figures, in a minute); exports `serviceBench` for the bench runner.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Engine } from '../../src/engine/index.ts';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const bin = path.join(root, 'bin', 'vbrs');

export interface ServiceBenchResult {
  sessions: number;
  /** Bytes of one `GET /api/v1/sessions` answer. */
  listBytes: number;
  list: HeyResult;
  one: HeyResult;
  jobs: number;
  /** Most sessions seen Working at once. */
  peakWorking: number;
  /** Request sent → session seen Working, per job, ms. */
  startToWorkingMs: { median: number; worst: number };
  allSucceeded: boolean;
  concurrentWallMs: number;
  scheduled: ScheduledBenchResult;
  load: string;
}

export interface HeyResult {
  requests: number;
  concurrency: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  non200: number;
}

function env(home: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, VBRS_HOME: home, TZ: 'UTC', LANG: 'C', NO_COLOR: '1' };
}

function vbrs(home: string, text: string): string {
  const r = spawnSync(bin, ['-c', text], { cwd: home, env: env(home), encoding: 'utf8' });
  if (r.status !== 0 || r.stderr) throw new Error(`vbrs -c failed: ${r.stderr}`);
  return r.stdout;
}

/** A lab of `vms` small VMs, one job per VM (J1…Jn), and one real session of J1. */
function makeLab(home: string, vms: number): void {
  const lines = ['Add-ViHost h | Out-Null', 'Add-Datastore -Name d -Host h | Out-Null', 'Add-Repository -Name r -Path ./r -MaxTasks 64 | Out-Null', 'Add-Proxy -Name p -MaxTasks 64 | Out-Null'];
  for (let i = 1; i <= vms; i++) {
    lines.push(`Add-VM -Name v${i} -Host h -Datastore d -GuestOS Linux -DiskSize 4MB | Out-Null`);
    lines.push(`Start-Workload -VM v${i} -ChangePercent 100 -Seed ${i} | Out-Null`);
    lines.push(`Add-Job -Name J${i} -VM v${i} -Repository r | Out-Null`);
  }
  lines.push('$s = Start-Job -Name J1; if ($s.Result -ne "Success") { throw "the first session failed" }');
  vbrs(home, lines.join('\n'));
}

/** Copies the real session's rows until the catalog holds `total` sessions. */
function fillSessions(home: string, total: number): void {
  const engine = Engine.open({ home });
  try {
    const store = engine.jobs.sessions;
    const [model] = store.list();
    if (!model) throw new Error('no session to copy');
    const tasks = store.tasks(model.Id);
    engine.catalog.tx(() => {
      for (let n = store.list({ last: true })[0]!.Id; n < total; n++) {
        const { Id: _id, ...rest } = model;
        const id = store.create(rest);
        store.save({ ...model, Id: id });
        model.Log.forEach((line, i) => store.appendLog(id, -1, i, line));
        for (const t of tasks) {
          store.saveTask({ ...t, SessionId: id });
          t.Log.forEach((line, i) => store.appendLog(id, t.Index, i, line));
        }
      }
    });
  } finally {
    void engine.close();
  }
}

interface Service {
  url: string;
  token: string;
  /** What the service printed so far (its ready line, the scheduler's log). */
  output: () => string;
  stop: () => Promise<number | null>;
}

async function startService(home: string): Promise<Service> {
  const child = spawn(bin, ['service', '--listen', '127.0.0.1:0'], { cwd: home, env: env(home), stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^vbrs service listening on (\S+)$/m.exec(out);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`the service exited (${code}) before it was ready`)));
  });
  const token = readFileSync(path.join(home, 'service-token'), 'utf8').trim();
  return {
    url,
    token,
    output: () => out,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** `hey -n N -c C` against one URL; its summary parsed. */
function hey(url: string, token: string, requests: number, concurrency: number): HeyResult {
  const r = spawnSync('hey', ['-n', String(requests), '-c', String(concurrency), '-t', '60', '-H', `Authorization: Bearer ${token}`, url], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`hey failed: ${r.stderr || r.error?.message}`);
  const num = (re: RegExp) => Number(re.exec(r.stdout)?.[1] ?? NaN);
  const ok = num(/\[200\]\s+(\d+) responses/);
  return {
    requests,
    concurrency,
    rps: num(/Requests\/sec:\s+([\d.]+)/),
    p50Ms: Math.round(num(/50%+ in ([\d.]+) secs/) * 1000 * 10) / 10,
    p99Ms: Math.round(num(/99%+ in ([\d.]+) secs/) * 1000 * 10) / 10,
    non200: requests - (Number.isNaN(ok) ? 0 : ok),
  };
}

async function api(svc: { url: string; token: string }, p: string, init: RequestInit = {}): Promise<any> {
  const res = await fetch(svc.url + p, { ...init, headers: { authorization: `Bearer ${svc.token}` } });
  return res.json();
}

/** Starts every job at once through the API and follows them until all have ended. */
async function concurrentRuns(svc: { url: string; token: string }, jobs: number) {
  const t0 = performance.now();
  const sent = new Map<number, number>();
  const started = await Promise.all(
    Array.from({ length: jobs }, async (_, i) => {
      const at = performance.now();
      const s = await api(svc, `/api/v1/jobs/J${i + 1}/start`, { method: 'POST' });
      if (typeof s.id !== 'number') throw new Error(`J${i + 1} did not start: ${JSON.stringify(s)}`);
      sent.set(s.id, at);
      return s.id as number;
    }),
  );
  const working = new Map<number, number>();
  let peak = 0;
  const ended = new Map<number, string>();
  while (ended.size < started.length && performance.now() - t0 < 600_000) {
    const now = performance.now();
    const all = (await api(svc, '/api/v1/sessions')).data as { id: number; state: string; result: string }[];
    const mine = all.filter((s) => sent.has(s.id));
    peak = Math.max(peak, mine.filter((s) => s.state === 'Working').length);
    for (const s of mine) {
      if (s.state !== 'Starting' && !working.has(s.id)) working.set(s.id, now - sent.get(s.id)!);
      if (s.state === 'Stopped') ended.set(s.id, s.result);
    }
    await sleep(20);
  }
  const delays = [...working.values()].sort((a, b) => a - b);
  return {
    peakWorking: peak,
    startToWorkingMs: { median: Math.round(delays[Math.floor(delays.length / 2)] ?? NaN), worst: Math.round(delays.at(-1) ?? NaN) },
    allSucceeded: ended.size === jobs && [...ended.values()].every((r) => r === 'Success'),
    concurrentWallMs: Math.round(performance.now() - t0),
  };
}

/** Follows the event stream: how many sessions are between session-started and session-finished. */
function followRunning(svc: Service) {
  const controller = new AbortController();
  const running = new Set<number>();
  let peak = 0;
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(running.size), 100);
  const reading = (async () => {
    const res = await fetch(`${svc.url}/api/v1/events`, { headers: { authorization: `Bearer ${svc.token}` }, signal: controller.signal });
    let buffer = '';
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let nl;
        while ((nl = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 2);
          if (!block.startsWith('data: ')) continue;
          const e = JSON.parse(block.slice(6)) as { kind: string; sessionId: number };
          if (e.kind === 'session-started') running.add(e.sessionId);
          if (e.kind === 'session-finished') running.delete(e.sessionId);
          peak = Math.max(peak, running.size);
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    stop: async () => {
      clearInterval(sampler);
      controller.abort();
      await reading;
      const mean = samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : 0;
      return { peak, mean };
    },
  };
}

export interface ScheduledBenchResult {
  jobs: number;
  seconds: number;
  periodMs: number;
  /** Sessions the scheduler started (Trigger Schedule). */
  runs: number;
  succeeded: number;
  /** Runs due while the job was still running, skipped (the scheduler's log lines). */
  skipped: number;
  peakRunning: number;
  meanRunning: number;
  /** Due time → session created, ms (the due time is the schedule's last one at or before it). */
  delayMs: { median: number; worst: number };
}

/** Every job on a periodic schedule for `seconds`; then the schedules are removed. */
async function scheduledRuns(home: string, svc: Service, jobs: number, seconds: number, periodMs: number): Promise<ScheduledBenchResult> {
  const follow = followRunning(svc);
  await sleep(300);
  const before = new Set(((await api(svc, '/api/v1/sessions')).data as { id: number }[]).map((s) => s.id));
  const skippedBefore = (svc.output().match(/ skipped/g) ?? []).length;
  vbrs(home, `1..${jobs} | ForEach-Object { Set-JobSchedule -Job "J$_" -Periodically ${periodMs / 1000}s | Out-Null }`);
  // Periodic runs fall on anchor + k·period (the engine's nextRun): one due time per job fixes them all.
  const due = new Map(((await api(svc, '/api/v1/jobs')).data as { name: string; nextRun: string | null }[]).map((j) => [j.name, j.nextRun ? Date.parse(j.nextRun) : NaN]));
  await sleep(seconds * 1000);
  vbrs(home, `1..${jobs} | ForEach-Object { Remove-JobSchedule -Job "J$_" }`);
  // Let the last runs end before counting them.
  for (let i = 0; i < 600; i++) {
    const all = (await api(svc, '/api/v1/sessions')).data as { id: number; state: string }[];
    if (all.every((s) => s.state === 'Stopped')) break;
    await sleep(100);
  }
  const running = await follow.stop();
  const sessions = ((await api(svc, '/api/v1/sessions')).data as { id: number; jobName: string; trigger: string; result: string; creationTime: string }[]).filter(
    (s) => !before.has(s.id) && s.trigger === 'Schedule',
  );
  // The due time a run started for: the schedule's last due time at or before its session.
  const delays = sessions
    .map((s) => {
      const anchor = due.get(s.jobName)!;
      const created = Date.parse(s.creationTime);
      return created - (anchor + Math.floor((created - anchor) / periodMs) * periodMs);
    })
    .sort((a, b) => a - b);
  return {
    jobs,
    seconds,
    periodMs,
    runs: sessions.length,
    succeeded: sessions.filter((s) => s.result === 'Success').length,
    skipped: (svc.output().match(/ skipped/g) ?? []).length - skippedBefore,
    peakRunning: running.peak,
    meanRunning: Math.round(running.mean * 10) / 10,
    delayMs: { median: delays[Math.floor(delays.length / 2)] ?? NaN, worst: delays.at(-1) ?? NaN },
  };
}

/** Only the two GET figures (`--list-only`): the lab, the 1,000 sessions, the service, hey. */
export async function sessionListBench(sessions = 1000): Promise<Pick<ServiceBenchResult, 'sessions' | 'listBytes' | 'list' | 'one' | 'load'>> {
  const home = mkdtempSync(path.join(tmpdir(), 'vbrs-bench-service-'));
  try {
    makeLab(home, 1);
    fillSessions(home, sessions);
    const svc = await startService(home);
    try {
      return measureLists(svc, sessions, await listBody(svc, sessions));
    } finally {
      await svc.stop();
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** The list's JSON, checked to hold `sessions` sessions. */
async function listBody(svc: Service, sessions: number): Promise<string> {
  const body = await fetch(`${svc.url}/api/v1/sessions`, { headers: { authorization: `Bearer ${svc.token}` } }).then((r) => r.text());
  const count = (JSON.parse(body) as { data: unknown[] }).data.length;
  if (count !== sessions) throw new Error(`the catalog holds ${count} sessions, not ${sessions}`);
  return body;
}

function measureLists(svc: Service, sessions: number, body: string) {
  const listUrl = `${svc.url}/api/v1/sessions`;
  hey(listUrl, svc.token, 20, 2); // warm-up: JIT, caches
  const list = hey(listUrl, svc.token, 300, 4);
  const one = hey(`${svc.url}/api/v1/sessions/1`, svc.token, 3000, 8);
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return { listBytes: Buffer.byteLength(body), list, one, load, sessions };
}

export async function serviceBench(options: { sessions?: number; jobs?: number; seconds?: number } = {}): Promise<ServiceBenchResult> {
  const sessions = options.sessions ?? 1000;
  const jobs = options.jobs ?? 20;
  const home = mkdtempSync(path.join(tmpdir(), 'vbrs-bench-service-'));
  try {
    makeLab(home, jobs);
    fillSessions(home, sessions);
    const svc = await startService(home);
    try {
      const lists = measureLists(svc, sessions, await listBody(svc, sessions));
      const runs = await concurrentRuns(svc, jobs);
      const scheduled = await scheduledRuns(home, svc, jobs, options.seconds ?? 60, 1000);
      const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
      return { ...lists, jobs, ...runs, scheduled, load };
    } finally {
      const code = await svc.stop();
      if (code !== 0) throw new Error(`the service exited ${code} on SIGTERM`);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

function formatLists(r: Pick<ServiceBenchResult, 'sessions' | 'listBytes' | 'list' | 'one' | 'load'>): string[] {
  return [
    `Service (bin/vbrs service on loopback, hey; load average ${r.load}):`,
    `  GET /api/v1/sessions, ${r.sessions} sessions (${(r.listBytes / 1024).toFixed(0)} KiB of JSON): ${r.list.rps.toFixed(1)} requests/s (${r.list.requests} requests, ${r.list.concurrency} at a time; p50 ${r.list.p50Ms} ms, p99 ${r.list.p99Ms} ms; ${r.list.non200} not 200)`,
    `  GET /api/v1/sessions/1: ${r.one.rps.toFixed(0)} requests/s (${r.one.requests} requests, ${r.one.concurrency} at a time; p50 ${r.one.p50Ms} ms, p99 ${r.one.p99Ms} ms; ${r.one.non200} not 200)`,
  ];
}

export function formatServiceBench(r: ServiceBenchResult): string {
  return [
    ...formatLists(r),
    `  ${r.scheduled.jobs} jobs (4 MiB VMs) on ${r.scheduled.periodMs / 1000} s schedules for ${r.scheduled.seconds} s: ${r.scheduled.runs} scheduled runs (${r.scheduled.succeeded} Success), ${r.scheduled.skipped} due runs skipped while the job still ran; running at once: peak ${r.scheduled.peakRunning}, mean ${r.scheduled.meanRunning}; due → session start median ${r.scheduled.delayMs.median} ms, worst ${r.scheduled.delayMs.worst} ms`,
    `  ${r.jobs} jobs (4 MiB VMs) started through the API at once: ${r.peakWorking} working at the same time at most, request → Working median ${r.startToWorkingMs.median} ms, worst ${r.startToWorkingMs.worst} ms; all succeeded: ${r.allSucceeded ? 'yes' : 'NO'}; ${r.concurrentWallMs} ms in all`,
  ].join('\n');
}

if (import.meta.main) {
  if (spawnSync('hey', ['-h']).error) {
    console.error('bench: hey is not installed (apt-get install hey)');
    process.exit(2);
  }
  if (process.argv.includes('--list-only')) {
    console.log(formatLists(await sessionListBench()).join('\n'));
  } else {
    const r = await serviceBench({ seconds: Number(process.env.VBRS_BENCH_SERVICE_SECONDS ?? 60) });
    console.log(formatServiceBench(r));
    if (!r.allSucceeded) process.exitCode = 1;
  }
}
