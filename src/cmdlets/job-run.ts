// Start-Job and Stop-Job: run a backup job and stop it. Start-Job returns the job session; it
// waits for the end unless -RunAsync (at a terminal it reports each disk as it finishes; a bar
// on a terminal's stderr and -Verbose's log lines come from engine-progress.ts), and
// Ctrl+C while it waits stops the job (the session then ends as Failed with the stop in its log)
// instead of leaving it running behind the prompt.
import { setTimeout as sleep } from 'node:timers/promises';
import type { CmdletDef } from '../runtime/cmdlet.ts';
import type { Engine } from '../engine/engine.ts';
import type { SessionEvent, SessionInfo } from '../engine/jobs/index.ts';
import { domainCmdlet } from './domain-cmdlet.ts';
import { SessionObject } from './session-object.ts';
import { stoppedByUser, whileWaiting } from './while-waiting.ts';
import { followSession } from './engine-progress.ts';

export const startJobCmdlet: CmdletDef = domainCmdlet({
  name: 'Start-Job',
  parameters: [
    { name: 'Name', type: 'string', mandatory: true, position: 0, valueFromPipelineByPropertyName: true, completion: 'job', help: 'The job to run.' },
    { name: 'RunAsync', type: 'switch', help: 'Return the running session at once (use Wait-Session later).' },
    { name: 'FullBackup', type: 'switch', help: 'Read every disk whole and write a full restore point.' },
    { name: 'RetryBackup', type: 'switch', help: "Reprocess only the VMs that failed in the job's last session." },
  ],
  supportsShouldProcess: true,
  help: {
    synopsis: 'Runs a backup job and returns its session.',
    description: 'The first run of a job writes full restore points, later runs incrementals (changed blocks from CBT, or digests when CBT cannot be used). While it waits it draws a progress bar on stderr when that is a terminal (hidden by $ProgressPreference = \'SilentlyContinue\'); -Verbose writes the session\'s log lines as they are logged.',
    examples: [
      { code: '$s = Start-Job -Name Nightly; $s.Result; $s.Duration.TotalSeconds', needs: 'engine' },
      { code: '$s = Start-Job -Name Nightly -RunAsync; Wait-Session $s', needs: 'engine' },
    ],
  },
  outputType: 'Vbrs.Session',
  async process(p, ctx, engine) {
    const job = engine.jobs.get(String(p.Name));
    if (!(await ctx.shouldProcess(job.Name, 'Start-Job'))) return;
    const handle = engine.jobs.start(job.Name, { full: p.FullBackup === true, retry: p.RetryBackup === true });
    if (p.RunAsync) {
      await ctx.emit(new SessionObject(handle.session));
      return;
    }
    // At a terminal, say how each disk went while the job runs (scripts get only the session).
    const report = (e: SessionEvent) => {
      if (e.kind !== 'task-finished') return;
      const t = e.task;
      ctx.writeHost(`  ${t.VM}/${t.Disk}: ${t.Status}, ${(t.ReadBytes / 1048576).toFixed(1)} MB read via ${t.Proxy ?? '-'} (${t.TransportMode ?? '-'})`);
    };
    if (ctx.host.interactive) handle.events.on('event', report);
    // The bar on a terminal's stderr, and the session's log under -Verbose.
    const progress = followSession(ctx, handle, `Job ${job.Name} (session ${handle.id})`);
    const wait = whileWaiting(ctx, () => {
      ctx.writeWarning(`Stopping job '${job.Name}' (session ${handle.id})…`);
      void stopJob(engine, job.Name);
    });
    let session;
    try {
      session = await handle.done;
    } finally {
      wait.release();
      handle.events.off('event', report);
      await progress.finish();
    }
    await ctx.emit(new SessionObject(session));
    if (wait.interrupted) throw stoppedByUser(`Job '${job.Name}' (session ${handle.id})`);
  },
});

/** Stops a job's session and resolves with it when it has ended; null when it was not running.
 *  The engine stops a session run by this process directly and one run by another vbrs process
 *  through the catalog. A run stopped before it is under way never ends (the engine's resource
 *  scheduler waits for an abort that already happened), so a session started a moment ago is
 *  given a moment to get going first. */
async function stopJob(engine: Engine, name: string): Promise<SessionInfo | null> {
  const starting = engine.jobs.running(name);
  for (let i = 0; starting && starting.session.State === 'Starting' && i < 100; i++) await sleep(20);
  return engine.jobs.stop(name);
}

export const stopJobCmdlet: CmdletDef = domainCmdlet({
  name: 'Stop-Job',
  parameters: [
    { name: 'Name', type: 'string', mandatory: true, position: 0, valueFromPipelineByPropertyName: true, completion: 'job', help: 'The running job to stop.' },
    { name: 'PassThru', type: 'switch', help: 'Return the stopped session.' },
  ],
  supportsShouldProcess: true,
  help: {
    synopsis: "Stops a job's running session (in this or another vbrs process) and waits until it has ended cleanly.",
    description: "A running health check of the job (Start-HealthCheck) is one of its sessions and is stopped too; it ends Failed with the stop in its Log.",
    examples: [{ code: 'Stop-Job -Name Nightly', needs: 'engine' }],
  },
  outputType: 'Vbrs.Session',
  async process(p, ctx, engine) {
    const job = engine.jobs.get(String(p.Name));
    if (!(await ctx.shouldProcess(job.Name, 'Stop-Job'))) return;
    const s = await stopJob(engine, job.Name);
    if (!s) ctx.writeWarning(`Job '${job.Name}' is not running.`);
    else if (p.PassThru) await ctx.emit(new SessionObject(s));
  },
});

export const jobRunCmdlets: CmdletDef[] = [startJobCmdlet, stopJobCmdlet];
