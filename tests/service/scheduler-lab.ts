// A real engine in a fresh VBRS_HOME for scheduler tests: two hosts, a datastore, a proxy and a
// repository (tests/engine/jobs/fixtures/job-lab.ts), small Linux VMs (a run takes milliseconds),
// jobs over them, a pre-freeze hook a test can hold (a job that "hangs"), and a scheduler whose
// log lines are collected. `until` polls with a generous bound, never a tight one.
import * as fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { addVms, openLab, type Lab } from '../engine/jobs/fixtures/job-lab.ts';
import { Scheduler, type SchedulerOptions } from '../../src/service/scheduler.ts';
import type { SessionInfo } from '../../src/engine/index.ts';

export interface SchedulerLab {
  lab: Lab;
  scheduler: Scheduler;
  log: string[];
  sessions(job: string): SessionInfo[];
  close(): Promise<void>;
}

export function schedulerLab(jobs: Record<string, string[]>, options: SchedulerOptions = {}): SchedulerLab {
  const lab = openLab();
  const vms = [...new Set(Object.values(jobs).flat())];
  addVms(lab, vms.map((name) => ({ name, os: 'Linux' as const, disks: [256 * 1024] })));
  for (const [name, list] of Object.entries(jobs)) lab.engine.jobs.add({ Name: name, VMs: list, Repository: 'repo01' });
  const scheduler = new Scheduler(lab.engine, { tickMs: 50, ...options });
  const log: string[] = [];
  scheduler.on('log', (line) => log.push(line));
  return {
    lab,
    scheduler,
    log,
    sessions: (job) => lab.engine.sessions.list({ job }),
    async close() {
      await scheduler.stop();
      await lab.close();
      fs.rmSync(lab.home, { recursive: true, force: true });
    },
  };
}

/** A pre-freeze hook that waits until released: a job whose run does not end by itself. */
export function heldHook(name: string): { hook: { kind: 'callback'; name: string; run: () => Promise<{ exitCode: number; stdout: string; stderr: string }> }; release(): void; calls: number } {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const held = {
    calls: 0,
    hook: {
      kind: 'callback' as const,
      name,
      run: async () => {
        held.calls++;
        await gate;
        return { exitCode: 0, stdout: '', stderr: '' };
      },
    },
    release: () => release(),
  };
  return held;
}

/** Polls `cond` every 50 ms; throws with `what` after `ms` (generous: the machine may be busy). */
export async function until(what: string, cond: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
