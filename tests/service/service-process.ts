// Test harness for the service: a fresh data folder, `bin/vbrs -c` scripts against it, and a real
// `bin/vbrs service --listen 127.0.0.1:0` child process with an explicit environment, reached over
// HTTP with node's fetch and the token the service wrote.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'vbrs');

/** A small lab: one VM with a 16 MiB disk, a proxy, a repository and job J backing the VM up. */
export const LAB = [
  'Add-ViHost h | Out-Null',
  'Add-Datastore -Name d -Host h | Out-Null',
  'Add-VM -Name v1 -Host h -Datastore d -GuestOS Windows -DiskSize 16MB | Out-Null',
  'Start-Workload -VM v1 -ChangePercent 100 -Seed 3 | Out-Null',
  'Add-Repository -Name r -Path ./r | Out-Null',
  'Add-Proxy -Name p | Out-Null',
  'Add-Job -Name J -VM v1 -Repository r -Compression None | Out-Null',
].join('; ');

/** Makes J's runs take many seconds (16 MiB at 1 MiB/s), so a test can act while one works. */
export const SLOW = 'Add-ThrottlingRule -Name slow -Source p -Target r -Limit 1MB | Out-Null';

export interface Run {
  stdout: string;
  stderr: string;
  status: number;
}

export class DataFolder {
  readonly home = mkdtempSync(join(tmpdir(), 'vbrs-service-'));

  /** What every child gets: no inherited colour, locale or time-zone settings. */
  env(): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: this.home, VBRS_HOME: this.home, TZ: 'UTC', LANG: 'C', NO_COLOR: '1' };
  }

  /** `bin/vbrs -c TEXT` in the data folder. */
  vbrs(text: string): Run {
    const r = spawnSync(bin, ['-c', text], { cwd: this.home, env: this.env(), encoding: 'utf8' });
    return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
  }

  /** Starts `bin/vbrs service` and resolves once it printed its ready line. */
  async service(args: string[] = ['--listen', '127.0.0.1:0']): Promise<ServiceProcess> {
    const child = spawn(bin, ['service', ...args], { cwd: this.home, env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    const proc = new ServiceProcess(child, this.home);
    await proc.ready;
    return proc;
  }

  /** Runs `bin/vbrs service ARGS` to its end (for a service that must refuse to start). */
  serviceRun(args: string[]): Run {
    const r = spawnSync(bin, ['service', ...args], { cwd: this.home, env: this.env(), encoding: 'utf8', timeout: 60_000 });
    return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
  }

  remove(): void {
    rmSync(this.home, { recursive: true, force: true });
  }
}

export class ServiceProcess {
  readonly child: ChildProcess;
  readonly ready: Promise<string>;
  readonly exited: Promise<number | null>;
  stdout = '';
  stderr = '';
  url = '';
  readonly #home: string;

  constructor(child: ChildProcess, home: string) {
    this.child = child;
    this.#home = home;
    child.stdout!.on('data', (d) => (this.stdout += d));
    child.stderr!.on('data', (d) => (this.stderr += d));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    this.ready = new Promise((resolve, reject) => {
      const look = () => {
        const m = /^vbrs service listening on (http:\/\/\S+)$/m.exec(this.stdout);
        if (m) {
          this.url = m[1]!;
          resolve(this.url);
        }
      };
      child.stdout!.on('data', look);
      void this.exited.then((code) => reject(new Error(`the service exited (${code}) before it was ready: ${this.stderr}`)));
    });
  }

  get token(): string {
    return readFileSync(join(this.#home, 'service-token'), 'utf8').trim();
  }

  /** A request with the service's bearer token (unless `headers` say otherwise). */
  async api(path: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
    const headers = { authorization: `Bearer ${this.token}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers as Record<string, string> | undefined) };
    const res = await fetch(this.url + path, { ...init, headers });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  /** Polls a session until `done` says so (a generous bound, 10 minutes: on a machine at load 18
   *  a run whose hooks each start a child vbrs took minutes). */
  async waitSession(id: number, done: (s: any) => boolean, what: string): Promise<any> {
    for (const deadline = Date.now() + 600_000; Date.now() < deadline; ) {
      const { body } = await this.api(`/api/v1/sessions/${id}`);
      if (done(body)) return body;
      await sleep(100);
    }
    throw new Error(`session ${id} never got ${what}`);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}
