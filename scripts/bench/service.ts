// The service under load, measured on this machine with a real `bin/vbrs service` child:
//   - API: requests per second of `GET /api/v1/sessions` with 1,000 sessions in the catalog, with
//     `hey` (Debian's package) on loopback, bounded in count (and time: hey's own timeout);
//   - concurrency: N jobs of small VMs started through the API at once — how many run at the same
//     time, how long from the request to the session working, and whether every one succeeds.
// The 1,000 sessions are one real job session (a backup of a 4 MiB VM) and 999 copies of its
// records written through the engine's session store: the API reads and shapes the same rows
// whichever process wrote them. Runnable alone (`node scripts/bench/service.ts`); exports
// `serviceBench` for the bench runner.

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

async function startService(home: string): Promise<{ url: string; token: string; stop: () => Promise<number | null> }> {
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

export async function serviceBench(options: { sessions?: number; jobs?: number } = {}): Promise<ServiceBenchResult> {
  const sessions = options.sessions ?? 1000;
  const jobs = options.jobs ?? 20;
  const home = mkdtempSync(path.join(tmpdir(), 'vbrs-bench-service-'));
  try {
    makeLab(home, jobs);
    fillSessions(home, sessions);
    const svc = await startService(home);
    try {
      const listUrl = `${svc.url}/api/v1/sessions`;
      const body = await fetch(listUrl, { headers: { authorization: `Bearer ${svc.token}` } }).then((r) => r.text());
      const count = (JSON.parse(body) as { data: unknown[] }).data.length;
      if (count !== sessions) throw new Error(`the catalog holds ${count} sessions, not ${sessions}`);
      hey(listUrl, svc.token, 20, 2); // warm-up: JIT, caches
      const list = hey(listUrl, svc.token, 300, 4);
      const one = hey(`${svc.url}/api/v1/sessions/1`, svc.token, 3000, 8);
      const runs = await concurrentRuns(svc, jobs);
      const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
      return { sessions, listBytes: Buffer.byteLength(body), list, one, jobs, ...runs, load };
    } finally {
      const code = await svc.stop();
      if (code !== 0) throw new Error(`the service exited ${code} on SIGTERM`);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

export function formatServiceBench(r: ServiceBenchResult): string {
  return [
    `Service (bin/vbrs service on loopback, hey; load average ${r.load}):`,
    `  GET /api/v1/sessions, ${r.sessions} sessions (${(r.listBytes / 1024).toFixed(0)} KiB of JSON): ${r.list.rps.toFixed(1)} requests/s (${r.list.requests} requests, ${r.list.concurrency} at a time; p50 ${r.list.p50Ms} ms, p99 ${r.list.p99Ms} ms; ${r.list.non200} not 200)`,
    `  GET /api/v1/sessions/1: ${r.one.rps.toFixed(0)} requests/s (${r.one.requests} requests, ${r.one.concurrency} at a time; p50 ${r.one.p50Ms} ms, p99 ${r.one.p99Ms} ms; ${r.one.non200} not 200)`,
    `  ${r.jobs} jobs (4 MiB VMs) started through the API at once: ${r.peakWorking} working at the same time at most, request → Working median ${r.startToWorkingMs.median} ms, worst ${r.startToWorkingMs.worst} ms; all succeeded: ${r.allSucceeded ? 'yes' : 'NO'}; ${r.concurrentWallMs} ms in all`,
  ].join('\n');
}

if (import.meta.main) {
  if (spawnSync('hey', ['-h']).error) {
    console.error('bench: hey is not installed (apt-get install hey)');
    process.exit(2);
  }
  const r = await serviceBench();
  console.log(formatServiceBench(r));
  if (!r.allSucceeded) process.exitCode = 1;
}
