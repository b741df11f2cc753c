// The seam between the API's `POST /jobs/{name}/start` and whatever starts runs: the service
// passes its Scheduler (src/service/scheduler.ts: it applies the job's retry policy and records
// the trigger); a test may pass anything that starts a run and returns its session.

import type { SessionInfo } from '../engine/jobs/index.ts';

export interface JobStartOptions {
  trigger: 'Api';
  fullBackup?: boolean;
}

export interface JobStarter {
  /** Resolves with the new session as soon as it exists (State Starting or later). */
  startJob(name: string, opts: JobStartOptions): Promise<SessionInfo>;
}
