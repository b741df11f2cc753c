// The seam between the API's `POST /jobs/{name}/start` and whatever starts runs: the Scheduler
// (src/service/scheduler.ts: it applies the job's retry policy and records the trigger) satisfies
// it, and `engineJobStarter` starts the run directly through the engine where no scheduler runs.

import type { Engine } from '../engine/index.ts';
import type { SessionInfo } from '../engine/jobs/index.ts';

export interface JobStartOptions {
  trigger: 'Api';
  fullBackup?: boolean;
}

export interface JobStarter {
  /** Resolves with the new session as soon as it exists (State Starting or later). */
  startJob(name: string, opts: JobStartOptions): Promise<SessionInfo>;
}

/** Starts the run with the engine's own job start (no retries). */
export function engineJobStarter(engine: Engine): JobStarter {
  return {
    async startJob(name, opts) {
      return engine.jobs.start(name, { full: opts.fullBackup === true, trigger: opts.trigger }).session;
    },
  };
}
