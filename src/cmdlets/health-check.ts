// Start-HealthCheck: re-reads every stored block of a job's restore points and checks it against
// its checksum. The run is recorded as a session of the job (Kind 'HealthCheck') so Get-Session
// shows it next to the backups: Result Success, or Failed with the restore point, disk and block
// of each mismatch in its Log. The run itself is the engine's (engine.healthChecks). With -RunAsync
// the live session comes back at once (Get-Session shows it moving, Wait-Session waits for it,
// Stop-Job -Name J stops it), as Start-Job -RunAsync does for a backup. Without it, the check's
// progress and (-Verbose) log lines are reported as Start-Job's are (engine-progress.ts).
import type { CmdletDef } from '../runtime/cmdlet.ts';
import { domainCmdlet } from './domain-cmdlet.ts';
import { SessionObject } from './session-object.ts';
import { followSession } from './engine-progress.ts';

export const startHealthCheckCmdlet: CmdletDef = domainCmdlet({
  name: 'Start-HealthCheck',
  parameters: [
    { name: 'Job', type: 'string', completion: 'job', mandatory: true, position: 0, valueFromPipelineByPropertyName: true, help: 'The job whose restore points are checked.' },
    { name: 'RunAsync', type: 'switch', help: 'Return the running session at once (use Wait-Session later; Stop-Job -Name stops it).' },
  ],
  help: {
    synopsis: "Verifies every block of a job's restore points and returns the check's session.",
    description: 'The session has one task per VM disk (Get-TaskSession) whose ReadBytes and Progress move while the check runs. Without -RunAsync a progress bar is drawn on stderr when that is a terminal; -Verbose writes the session\'s log lines as they are logged.',
    examples: [
      { code: '$h = Start-HealthCheck -Job Nightly; $h.Result; $h.Log', needs: 'engine' },
      { code: '$h = Start-HealthCheck -Job Nightly -RunAsync; Wait-Session $h', needs: 'engine' },
    ],
  },
  outputType: 'Vbrs.Session',
  async process(p, ctx, engine) {
    // The engine runs the check (so closing the engine stops it and saves its session).
    if (p.RunAsync) {
      await ctx.emit(new SessionObject(engine.healthChecks.start(String(p.Job)).session));
      return;
    }
    // Ctrl+C while waiting stops it through the cmdlet's signal.
    const h = engine.healthChecks.start(String(p.Job), { signal: ctx.signal });
    const progress = followSession(ctx, h, `Health check of job ${h.session.JobName} (session ${h.id})`);
    let done;
    try {
      done = await h.done;
    } finally {
      await progress.finish();
    }
    await ctx.emit(new SessionObject(done));
  },
});

export const healthCheckCmdlets: CmdletDef[] = [startHealthCheckCmdlet];
