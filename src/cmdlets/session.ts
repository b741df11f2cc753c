// Job sessions: Get-Session, Wait-Session and Get-TaskSession, plus `sessionIdOf`, the one place
// that reads a -Session argument (a session object, an id, or anything with an Id property).
import type { CmdletDef } from '../runtime/cmdlet.ts';
import { PSObject } from '../runtime/values/ps-object.ts';
import { PSException } from '../runtime/error-record.ts';
import { domainCmdlet, given } from './domain-cmdlet.ts';
import { durationMs } from './duration.ts';
import { SessionObject, TaskSessionObject } from './session-object.ts';
import { stoppedByUser, whileWaiting } from './while-waiting.ts';

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
    { name: 'Last', type: 'switch', help: 'Only the newest session (of the job, if given).' },
    { name: 'Id', type: 'int', help: 'The session with this Id.' },
  ],
  help: {
    synopsis: 'Lists job sessions, oldest first.',
    description: 'Sessions have Id, JobName, Kind (Backup, HealthCheck), CreationTime, EndTime, Duration (TimeSpan), State, Result (Success, Warning, Failed), Progress, ReadBytes, TransferredBytes and Log. A session running in this process (a backup or a health check) is its live record: State, Progress and ReadBytes move while it runs.',
    examples: [
      { code: 'Get-Session -Job Nightly -Last', needs: 'engine' },
      { code: 'Get-Session | Where-Object Result -eq Failed', needs: 'engine' },
    ],
  },
  outputType: 'Vbrs.Session',
  async process(p, ctx, engine) {
    const job = given(p, 'Job') ? engine.jobs.get(String(p.Job)).Name : undefined;
    if (given(p, 'Id')) {
      const s = engine.sessions.get(Number(p.Id));
      if (job === undefined || s.JobName.toLowerCase() === job.toLowerCase()) await ctx.emit(new SessionObject(s));
      return;
    }
    for (const s of engine.sessions.list({ ...(job ? { job } : {}), last: p.Last === true })) await ctx.emit(new SessionObject(s));
  },
});

export const waitSessionCmdlet: CmdletDef = domainCmdlet({
  name: 'Wait-Session',
  parameters: [
    { name: 'Session', type: 'object', mandatory: true, position: 0, valueFromPipeline: true, help: 'The session (or its Id) to wait for.' },
    { name: 'Timeout', type: 'object', help: 'Give up after this long (30s, 10m, a TimeSpan); the session is returned still Working.' },
  ],
  help: {
    synopsis: 'Waits until a session ends and returns it.',
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
    let s;
    try {
      s = await Promise.race([engine.sessions.wait(id, timeout), interrupted]);
    } finally {
      wait.release();
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
