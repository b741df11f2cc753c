// Start-HealthCheck: re-reads every stored block of a job's restore points and checks it against
// its checksum. The run is recorded as a session of the job (Kind 'HealthCheck') so Get-Session
// shows it next to the backups: Result Success, or Failed with the restore point, disk and block
// of each mismatch in its Log.
import type { CmdletDef } from '../runtime/cmdlet.ts';
import { domainCmdlet } from './domain-cmdlet.ts';
import { openRepository } from './restore-point.ts';
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
    const job = engine.jobs.get(String(p.Job));
    const repo = await openRepository(engine, job.Repository);
    const { healthCheck } = await import('../engine/datamover/index.ts');
    const { LiveSession } = await import('../engine/jobs/index.ts');
    const session = new LiveSession(engine.jobs.sessions, job.Name, 'HealthCheck', null);
    session.announce();
    session.setState('Working');
    session.log('Info', `Health check of job '${job.Name}' in repository '${job.Repository}'`);
    try {
      const r = await healthCheck(repo, job.Name, { signal: ctx.signal, pool: engine.dataMovers });
      for (const m of r.mismatches) {
        const where = m.block < 0 ? `disk ${m.disk}` : `disk ${m.disk} block ${m.block} (offset ${m.offset})`;
        session.log('Error', `Restore point ${m.pointId} of VM '${m.vm}', ${where}: ${m.reason}`);
      }
      session.log(r.mismatches.length ? 'Error' : 'Info', `Checked ${r.points} restore point(s), ${r.records} record(s), ${r.checkedBytes} bytes: ${r.mismatches.length} mismatch(es)`);
      await ctx.emit(new SessionObject(session.finish(r.mismatches.length ? 'Failed' : 'Success')));
    } catch (e) {
      session.log('Error', `Health check failed: ${e instanceof Error ? e.message : String(e)}`);
      await ctx.emit(new SessionObject(session.finish('Failed')));
    }
  },
});

export const healthCheckCmdlets: CmdletDef[] = [startHealthCheckCmdlet];
