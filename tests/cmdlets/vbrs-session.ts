// Test harness for the domain cmdlets: a fresh data dir per test, scripts run either through an
// in-process Shell with the domain cmdlets registered (fast; `run` returns stdout, stderr and the
// exit code) or through the real `bin/vbrs` in a child process (for "a later process sees it").
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createShell, type Shell } from '../../src/runtime/shell.ts';
import { domainCmdlets } from '../../src/cmdlets/index.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { childEnv } from '../child-env.ts';
import type { ProgressRecord } from '../../src/runtime/progress-record.ts';
import type { CmdletHost } from '../../src/runtime/cmdlet.ts';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'vbrs');

export interface RunOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export class VbrsSession {
  readonly home: string;
  readonly cwd: string;
  readonly shell: Shell;
  /** Every progress record the shell handed to its host (the bar a terminal would draw). */
  readonly records: ProgressRecord[] = [];
  #out = '';
  #err = '';

  constructor(options: { interactive?: boolean; host?: CmdletHost } = {}) {
    this.home = mkdtempSync(join(tmpdir(), 'vbrs-cmdlets-'));
    this.cwd = this.home;
    process.env.VBRS_HOME = this.home;
    this.shell = createShell({
      cmdlets: domainCmdlets,
      cwd: this.cwd,
      width: 200,
      ...(options.interactive ? { host: { interactive: true, readLine: async () => null } } : {}),
      ...(options.host ? { host: options.host } : {}),
      progress: (r) => void this.records.push(r),
      stdout: (t) => void (this.#out += t),
      stderr: (t) => void (this.#err += t),
    });
  }

  /** Runs script text in this session's shell (state carries over between calls, like a REPL). */
  async run(text: string): Promise<RunOutput> {
    this.#out = '';
    this.#err = '';
    process.env.VBRS_HOME = this.home;
    const r = await this.shell.run(text);
    return { stdout: this.#out, stderr: this.#err, exitCode: r.exitCode };
  }

  /** Runs text and returns its output objects. */
  async objects(text: string): Promise<unknown[]> {
    process.env.VBRS_HOME = this.home;
    return this.shell.invoke(text);
  }

  /** Runs `bin/vbrs ARGS` as a separate process on the same data dir. */
  spawn(args: string[]): RunOutput {
    const r = spawnSync(bin, args, { encoding: 'utf8', cwd: this.cwd, env: childEnv({ VBRS_HOME: this.home }) });
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.status ?? -1 };
  }

  /** Stops the workloads, then closes the engine (which stops -RunAsync jobs and waits for them). */
  async close(): Promise<void> {
    const engine = this.shell.session.services.engine as Engine | undefined;
    if (engine) {
      for (const run of engine.workload.list()) run.stop();
      await Promise.allSettled(engine.workload.list().map((r) => r.done));
      await engine.close();
    }
    rmSync(this.home, { recursive: true, force: true });
  }
}

/** The script that builds the demo lab, its disks scaled down so tests stay fast. */
export const demoLabScript = (diskScale: number) => `New-Lab -Preset Demo -DiskScale ${diskScale} | Out-Null`;

/** Job J backing up one VM v1 whose 16 MB disk is all changed data, uncompressed, through proxy p
 *  and a throttling rule of `limit` per second to repository r: a run that takes seconds. */
export const slowJobLab = (limit: string) => [
  'Add-ViHost h | Out-Null',
  'Add-Datastore -Name d -Host h | Out-Null',
  'Add-VM -Name v1 -Host h -Datastore d -GuestOS Windows -DiskSize 16MB | Out-Null',
  'Start-Workload -VM v1 -ChangePercent 100 | Out-Null',
  'Add-Repository -Name r -Path ./r | Out-Null',
  'Add-Proxy -Name p | Out-Null',
  `Add-ThrottlingRule -Source p -Target r -Limit ${limit} | Out-Null`,
  'Add-Job -Name J -VM v1 -Repository r -Compression None | Out-Null',
].join('; ');

/** The demo lab with small disks (4–16 MiB). */
export const SMALL_LAB = demoLabScript(0.125);

/** A fresh session with the demo lab built (the shell-level lab every cmdlet test starts from). */
export async function demoLabSession(diskScale = 0.125): Promise<VbrsSession> {
  const s = new VbrsSession();
  const r = await s.run(demoLabScript(diskScale));
  if (r.stderr) throw new Error(`New-Lab failed: ${r.stderr}`);
  return s;
}
