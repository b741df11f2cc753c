// Job sessions: Get-Session, Wait-Session and Get-TaskSession, plus `sessionIdOf`, the one place
// that reads a -Session argument (a session object, an id, or anything with an Id property).
import type { CmdletDef } from '../runtime/cmdlet.ts';
import { PSObject } from '../runtime/values/ps-object.ts';
import { PSDateTime } from '../runtime/values/date-time.ts';
import type { SessionQuery } from '../engine/jobs/index.ts';
import { PSException } from '../runtime/error-record.ts';
import { domainCmdlet, given } from './domain-cmdlet.ts';
import { durationMs } from './duration.ts';
import { SessionObject, TaskSessionObject } from './session-object.ts';
import { stoppedByUser, whileWaiting } from './while-waiting.ts';
import { followSession } from './engine-progress.ts';

export function sessionIdOf(v: unknown): number {
  if (v instanceof SessionObject) return v.Id;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v);
  if (v instanceof PSObject) {
    const id = v.getProperty('Id')?.value;
    if (typeof id === 'number') return id;
  } else if (v !== null && typeof v === 'object' && typeof (v as { Id?: unknown }).Id === 'number') {
    return (v as { Id: number }).Id;
  }
  throw new PSException(`Cannot bind parameter 'Session': '${String(v)}' is not a session (pass a session object or its Id).`, 'System.Management.Automation.ParameterBindingException');
}

export const getSessionCmdlet: CmdletDef = domainCmdlet({
  name: 'Get-Session',
  parameters: [
    { name: 'Job', type: 'string', completion: 'job', position: 0, help: "Only this job's sessions." },
    { name: 'Last', type: 'switch', help: 'Only the newest session (of the job, if given); `-Last N` gives the newest N.' },
    { name: 'Count', type: 'int', position: 1, validateRange: [0, 2147483647], help: 'With -Last: how many of the newest sessions (`-Job Nightly -Last 3`).' },
    { name: 'Id', type: 'int', help: 'The session with this Id.' },
    { name: 'After', type: 'datetime', help: 'Only sessions created at or after this time.' },
    { name: 'Before', type: 'datetime', help: 'Only sessions created before this time.' },
    { name: 'Result', type: 'string[]', validateSet: ['Success', 'Warning', 'Failed', 'None'], help: 'Only sessions with one of these results.' },
    { name: 'State', type: 'string[]', validateSet: ['Starting', 'Working', 'Stopping', 'Stopped'], help: 'Only sessions in one of these states.' },
  ],
  help: {
    synopsis: 'Lists job sessions, oldest first.',
    description: 'Sessions have Id, JobName, Kind (Backup, HealthCheck), CreationTime, EndTime, Duration (TimeSpan), State, Result (Success, Warning, Failed), Progress, ReadBytes, TransferredBytes and Log. A session running in this process (a backup or a health check) is its live record: State, Progress and ReadBytes move while it runs. -Last alone is the newest session; -Last N the newest N, as an admin types it. -After, -Before, -Result and -State filter before -Last counts.',
    examples: [
      { code: 'Get-Session -Job Nightly -Last', needs: 'engine' },
      { code: 'Get-Session -Last 5', needs: 'engine' },
      { code: "Get-Session -After (Get-Date).AddDays(-1) -Result Failed, Warning", needs: 'engine' },
      { code: 'Get-Session | Where-Object Result -eq Failed', needs: 'engine' },
    ],
  },
  outputType: 'Vbrs.Session',
  async process(p, ctx, engine) {
    const count = lastCount(p);
    const job = given(p, 'Job') && !(count !== null && !given(p, 'Count')) ? engine.jobs.get(String(p.Job)).Name : undefined;
    if (given(p, 'Id')) {
      const s = engine.sessions.get(Number(p.Id));
      if (job === undefined || s.JobName.toLowerCase() === job.toLowerCase()) await ctx.emit(new SessionObject(s));
      return;
    }
    const n = count ?? (p.Last === true ? 1 : null);
    if (given(p, 'Count') && p.Last !== true) throw new PSException('-Count needs -Last (the newest N sessions).', 'System.Management.Automation.ParameterBindingException');
    // The filters and the count go to the catalog query: -Last N reads only those N sessions.
    const query: SessionQuery = {
      ...(job ? { job } : {}),
      ...(n !== null ? { newest: n } : {}),
      ...(given(p, 'After') ? { createdFrom: instant(p.After) } : {}),
      ...(given(p, 'Before') ? { createdBefore: instant(p.Before) } : {}),
      ...(given(p, 'Result') ? { results: p.Result as string[] } : {}),
      ...(given(p, 'State') ? { states: p.State as string[] } : {}),
    };
    for (const s of engine.sessions.list(query)) await ctx.emit(new SessionObject(s));
  },
});

/**
 * `-Last N`: -Last is a switch (DESIGN.md's `Get-Session [-Last]`), so the N an admin types after it
 * lands on the positional -Job. A whole number there with -Last is the count (Select-Object -Last's
 * reading); the sessions of a job really named 1 are `Get-Session -Job 1 | Select-Object -Last 1`.
 */
function lastCount(p: Record<string, unknown>): number | null {
  if (given(p, 'Count')) return Number(p.Count);
  if (p.Last !== true || !given(p, 'Job')) return null;
  const text = String(p.Job).trim();
  return /^\d+$/.test(text) ? Number(text) : null;
}

/** A bound `datetime` parameter as the instant it denotes. */
function instant(v: unknown): Date {
  return v instanceof PSDateTime ? v.toDate() : (v as Date);
}

export const waitSessionCmdlet: CmdletDef = domainCmdlet({
  name: 'Wait-Session',
  parameters: [
    { name: 'Session', type: 'object', mandatory: true, position: 0, valueFromPipeline: true, help: 'The session (or its Id) to wait for.' },
    { name: 'Timeout', type: 'object', help: 'Give up after this long (30s, 10m, a TimeSpan); the session is returned still Working.' },
  ],
  help: {
    synopsis: 'Waits until a session ends and returns it, drawing its progress meanwhile (whichever process runs it).',
    examples: [{ code: '$s = Start-Job -Name Nightly -RunAsync; Wait-Session -Session $s -Timeout 10m', needs: 'engine' }],
  },
  outputType: 'Vbrs.Session',
  async process(p, ctx, engine) {
    const id = sessionIdOf(p.Session);
    const timeout = given(p, 'Timeout') ? durationMs(p.Timeout, 'Timeout') : undefined;
    engine.sessions.get(id);
    // Ctrl+C stops waiting, not the job: it keeps running (Stop-Job stops it).
    let stopWaiting: () => void = () => {};
    const interrupted = new Promise<null>((resolve) => (stopWaiting = () => resolve(null)));
    const wait = whileWaiting(ctx, () => stopWaiting());
    // A running session draws its bar (and its log under -Verbose) as Start-Job's: followed live in
    // this process, or read from the catalog when another process (the service, a shell) runs it.
    const followed = engine.sessions.follow(id);
    const progress = followed ? followSession(ctx, followed, followed.session.Kind === 'HealthCheck' ? `Health check of job ${followed.session.JobName} (session ${id})` : `Job ${followed.session.JobName} (session ${id})`) : null;
    // A host with its own live panel (the REPL) draws this process's sessions from the engine's
    // events; one read from the catalog it is given for the length of the wait.
    const unshow = followed?.fromCatalog ? ctx.host.showFollowedSession?.(followed) : undefined;
    let s;
    try {
      s = await Promise.race([engine.sessions.wait(id, timeout, followed), interrupted]);
    } finally {
      unshow?.();
      followed?.stop();
      wait.release();
      await progress?.finish();
    }
    if (!s) throw stoppedByUser(`Waiting for session ${id}`);
    await ctx.emit(new SessionObject(s));
  },
});

export const getTaskSessionCmdlet: CmdletDef = domainCmdlet({
  name: 'Get-TaskSession',
  parameters: [{ name: 'Session', type: 'object', mandatory: true, position: 0, valueFromPipeline: true, help: 'The job session (or its Id).' }],
  help: {
    synopsis: 'Lists the task sessions of a job session: one per VM disk.',
    description: 'Each has VM, Disk, Status, Proxy, TransportMode (DirectSAN, HotAdd, NBD), SnapshotSource (VM, PrimaryStorage, SecondaryStorage), VMSnapshotLifetime (TimeSpan), ReadBytes, TransferredBytes, Speed (bytes/s), Bottleneck and Log.',
    examples: [{ code: 'Get-Session -Last | Get-TaskSession | Format-Table VM, Disk, Status, TransportMode', needs: 'engine' }],
  },
  outputType: 'Vbrs.TaskSession',
  async process(p, ctx, engine) {
    for (const t of engine.sessions.tasks(sessionIdOf(p.Session))) await ctx.emit(new TaskSessionObject(t));
  },
});

export const sessionCmdlets: CmdletDef[] = [getSessionCmdlet, waitSessionCmdlet, getTaskSessionCmdlet];
