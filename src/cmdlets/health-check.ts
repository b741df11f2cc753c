// Start-HealthCheck: re-reads every stored block of a job's restore points and checks it against
// its checksum. The run is recorded as a session of the job (Kind 'HealthCheck') so Get-Session
// shows it next to the backups: Result Success, or Failed with the restore point, disk and block
// of each mismatch in its Log. The run itself is the engine's (engine.healthChecks).
import type { CmdletDef } from '../runtime/cmdlet.ts';
import { domainCmdlet } from './domain-cmdlet.ts';
import { SessionObject } from './session-object.ts';

export const startHealthCheckCmdlet: CmdletDef = domainCmdlet({
  name: 'Start-HealthCheck',
  parameters: [{ name: 'Job', type: 'string', mandatory: true, position: 0, valueFromPipelineByPropertyName: true, help: 'The job whose restore points are checked.' }],
  help: {
    synopsis: "Verifies every block of a job's restore points and returns the check's session.",
    examples: [{ code: '$h = Start-HealthCheck -Job Nightly; $h.Result; $h.Log', needs: 'engine' }],
  },
  outputType: 'Vbrs.Session',
  async process(p, ctx, engine) {
    // The engine runs the check (so closing the engine stops it and saves its session); Ctrl+C
    // stops it through the cmdlet's signal.
    const h = engine.healthChecks.start(String(p.Job), { signal: ctx.signal });
    await ctx.emit(new SessionObject(await h.done));
  },
});

export const healthCheckCmdlets: CmdletDef[] = [startHealthCheckCmdlet];
