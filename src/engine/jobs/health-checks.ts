// Health checks as the engine runs them (`engine.healthChecks`): a health check is a session of the
// job (Kind 'HealthCheck') that re-reads every stored block of the job's restore points on the
// engine's data movers. It lives here rather than in the cmdlet so the engine owns the run:
// Engine.close() stops it (its log says so) and waits until its session record is saved. While it
// runs, its session is live like a backup's: one task per VM disk with read bytes and progress
// moving, reachable through engine.sessions (Get-Session) and stopped by engine.jobs.stop (Stop-Job).

import type { BackupRepository } from '../repository/backup-repository.ts';
import type { DamageMark } from '../repository/damage-marks.ts';
import type { DataMoverPool } from '../datamover/data-mover-pool.ts';
import { healthCheck, type HealthCheckProgress, type HealthMismatch } from '../datamover/health-check.ts';
import type { EngineOperations } from '../engine-operations.ts';
import type { JobsApi, SessionHandle } from './jobs-api.ts';
import { LiveSession } from './live-session.ts';
import { EngineError } from '../engine-error.ts';
import { SessionStop, stopByUser, stopCause, stoppedPhrase } from './session-stop.ts';
import type { TaskSessionInfo } from './session-info.ts';

/** How often a running check looks for a Stop-Job from another process (as job sessions do). */
const stopPollMs = 200;

export interface HealthChecksParts {
  jobs: JobsApi;
  operations: EngineOperations;
  pool: DataMoverPool;
  /** The repository a job writes to, opened (callers may share one instance per path). */
  openRepository: (name: string) => Promise<BackupRepository>;
}

export interface HealthCheckStartOptions {
  /** The caller's stop (Ctrl+C): the session ends Failed, logged as stopped by the user. */
  signal?: AbortSignal;
}

export class HealthChecks {
  readonly #parts: HealthChecksParts;

  constructor(parts: HealthChecksParts) {
    this.#parts = parts;
  }

  /**
   * Starts a health check of the job's restore points and returns its live session at once;
   * `done` resolves when it has ended: Success, or Failed with the point, disk and block of each
   * mismatch in its Log (also when it was stopped).
   */
  start(jobName: string, options: HealthCheckStartOptions = {}): SessionHandle {
    const { jobs, operations, pool } = this.#parts;
    const job = jobs.get(jobName);
    if (operations.closing) throw new EngineError('VBRS_CLOSED', `The engine is closing; the health check of job '${job.Name}' was not started.`, { kind: 'Job', name: job.Name });
    const session = new LiveSession(jobs.sessions, job.Name, 'HealthCheck', null);
    session.events.on('event', (e) => jobs.events.emit('event', e));
    // Stop-Job (here or, through the catalog, from another process) aborts this; so does the caller.
    const stopper = new AbortController();
    jobs.adopt(session, (cause) => {
      if (!stopper.signal.aborted) stopper.abort(new SessionStop(cause));
    });
    // Looked at on every span read as well as on a timer, so a stop from elsewhere is seen
    // within one span's work even when the check is quick.
    const stopRequested = () => {
      try {
        if (!stopper.signal.aborted && jobs.sessions.stopRequested(session.id)) stopper.abort(new SessionStop(stopByUser));
      } catch {
        // The catalog is unreachable (closed under the run); the session reports that itself.
      }
    };
    const watch = setInterval(stopRequested, stopPollMs);
    watch.unref();
    void session.done.then(() => clearInterval(watch));
    const stop = options.signal ? AbortSignal.any([options.signal, stopper.signal]) : stopper.signal;
    const progress = taskProgress(session);
    const onProgress = (e: HealthCheckProgress) => {
      progress(e);
      stopRequested();
    };
    const run = (signal: AbortSignal) => this.#run(session, job.Name, job.Repository, signal, pool, onProgress);
    operations.run(`the health check of job '${job.Name}'`, stop, run).catch((e: unknown) => {
      // #run reports its failures in the session; anything else still ends it, so `done` resolves.
      if (session.info.State === 'Stopped') return;
      session.log('Error', `Health check failed: ${e instanceof Error ? e.message : String(e)}`);
      session.finish('Failed');
    });
    return { id: session.id, session: session.info, tasks: session.tasks, events: session.events, done: session.done };
  }

  async #run(session: LiveSession, job: string, repository: string, signal: AbortSignal, pool: DataMoverPool, onProgress: (e: HealthCheckProgress) => void): Promise<void> {
    session.announce();
    session.setState('Working');
    session.log('Info', `Health check of job '${job}' in repository '${repository}'`);
    const onStop = () => {
      session.log('Warning', stopCause(signal).request);
      session.setState('Stopping');
    };
    if (signal.aborted) onStop();
    else signal.addEventListener('abort', onStop, { once: true });
    try {
      const repo = await this.#parts.openRepository(repository);
      const r = await healthCheck(repo, job, { signal, pool, onProgress });
      for (const m of r.mismatches) session.log('Error', mismatchLine(m));
      // Like Veeam's health check: damage is marked in the repository and the job's next run
      // re-sends it from the VM (a damaged chain or repository file cannot be healed that way).
      const byVm = new Map<string, DamageMark[]>();
      for (const m of r.mismatches) {
        if (m.pointId === '') continue;
        const blockSize = m.block < 0 ? 0 : r.blockSizes.get(`${m.pointId}\u0000${m.disk}`) ?? 0;
        byVm.set(m.vm, [...(byVm.get(m.vm) ?? []), { pointId: m.pointId, disk: m.disk, file: m.file, block: m.block, blockSize, reason: m.reason }]);
      }
      for (const [vm, marks] of byVm) {
        await repo.markDamaged(job, vm, marks);
        const blocks = marks.filter((m) => m.block >= 0).length;
        session.log('Warning', `VM '${vm}': marked ${blocks} damaged block(s) and ${marks.length - blocks} damaged file(s); the next run of job '${job}' re-sends them from the VM`);
      }
      session.log(r.mismatches.length ? 'Error' : 'Info', `Checked ${r.points} restore point(s), ${r.records} record(s), ${r.checkedBytes} bytes: ${r.mismatches.length} mismatch(es)`);
      session.finish(r.mismatches.length ? 'Failed' : 'Success');
    } catch (e) {
      if (signal.aborted) session.log('Error', `Health check ${stoppedPhrase(signal)}`);
      else session.log('Error', `Health check failed: ${e instanceof Error ? e.message : String(e)}`);
      session.finish('Failed');
    } finally {
      signal.removeEventListener('abort', onStop);
    }
  }
}

/** One log line per problem: the point, the disk, the file and the block, as far as they apply. */
export function mismatchLine(m: HealthMismatch): string {
  if (m.file === 'repository.json') return `Repository file repository.json: ${m.reason}`;
  if (m.file === 'chain.json') return `Chain of VM '${m.vm}' (chain.json): ${m.reason}`;
  const where = m.block < 0 ? `disk ${m.disk}, ${m.file} file` : `disk ${m.disk} block ${m.block} (offset ${m.offset}), data file`;
  return `Restore point ${m.pointId} of VM '${m.vm}', ${where}: ${m.reason}`;
}

/**
 * Turns the check's progress into task sessions: one task per VM disk (over all of its restore
 * points), started at its first read, with read bytes and position moving, finished when the last
 * point's copy of that disk has been checked — Failed if any of them had a mismatch.
 */
function taskProgress(session: LiveSession): (e: HealthCheckProgress) => void {
  interface Tally {
    task: TaskSessionInfo;
    read: number;
    position: number;
    disksLeft: number;
    mismatches: number;
  }
  const tallies = new Map<string, Tally>();
  const key = (vm: string, disk: string) => `${vm}\0${disk}`;
  const started = (t: Tally) => {
    if (t.task.Status === 'Pending') session.startTask(t.task);
  };
  return (e) => {
    switch (e.kind) {
      case 'health-plan': {
        const totals = new Map<string, { vm: string; disk: string; bytes: number; disks: number }>();
        for (const d of e.disks) {
          const k = key(d.vm, d.disk);
          const t = totals.get(k) ?? { vm: d.vm, disk: d.disk, bytes: 0, disks: 0 };
          t.bytes += d.bytes;
          t.disks++;
          totals.set(k, t);
        }
        for (const [k, t] of totals) tallies.set(k, { task: session.addTask(t.vm, t.disk, t.bytes), read: 0, position: 0, disksLeft: t.disks, mismatches: 0 });
        // Every task at 0% now, so a progress panel knows the whole check before its first read
        // (a panel that learns of disk2 only when it starts would see the total grow and the
        // percentage fall back).
        for (const t of tallies.values()) session.taskProgress(t.task, 0, 0, 0);
        return;
      }
      case 'health-span': {
        const t = tallies.get(key(e.vm, e.disk));
        if (!t) return;
        started(t);
        t.position += e.bytes;
        if (e.read) t.read += e.bytes;
        // Nothing is transferred: a health check only reads.
        session.taskProgress(t.task, t.read, 0, t.position);
        return;
      }
      case 'health-disk': {
        const t = tallies.get(key(e.vm, e.disk));
        if (!t) return;
        started(t);
        t.mismatches += e.mismatches;
        if (--t.disksLeft === 0) session.finishTask(t.task, t.mismatches > 0 ? 'Failed' : 'Success');
        return;
      }
      default:
        return;
    }
  };
}
