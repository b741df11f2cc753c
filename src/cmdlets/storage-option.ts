// Set-StorageOption: backup from storage snapshots for a job (snapshot source, failover). The
// options are stored with the job; the storage-snapshot workflow reads them when it runs.
import type { CmdletDef } from '../runtime/cmdlet.ts';
import type { StorageOptionChanges } from '../engine/jobs/index.ts';
import { domainCmdlet, given } from './domain-cmdlet.ts';
import { jobObject } from './job.ts';

export const setStorageOptionCmdlet: CmdletDef = domainCmdlet({
  name: 'Set-StorageOption',
  parameters: [
    { name: 'Job', type: 'string', completion: 'job', mandatory: true, position: 0, help: 'The job to change.' },
    { name: 'EnableStorageSnapshots', type: 'switch', help: 'Back up from storage snapshots instead of VM snapshots alone (-EnableStorageSnapshots:$false turns it off).' },
    { name: 'SnapshotSource', type: 'string', validateSet: ['Primary', 'Secondary'], help: 'Read from primary (default) or secondary storage.' },
    { name: 'FailoverToPrimary', type: 'switch', help: 'When the secondary cannot be used, read from the primary.' },
    { name: 'FailoverToStandardBackup', type: 'switch', help: 'When storage snapshots cannot be used, back up the usual way.' },
    { name: 'PassThru', type: 'switch', help: 'Return the job.' },
  ],
  supportsShouldProcess: true,
  help: {
    synopsis: 'Sets how a job uses storage snapshots.',
    examples: [{ code: 'Set-StorageOption -Job Nightly -EnableStorageSnapshots -SnapshotSource Secondary -FailoverToPrimary', needs: 'engine' }],
  },
  outputType: 'Vbrs.Job',
  async process(p, ctx, engine) {
    const job = engine.jobs.get(String(p.Job));
    const c: StorageOptionChanges = {};
    if (given(p, 'EnableStorageSnapshots')) c.EnableStorageSnapshots = p.EnableStorageSnapshots === true;
    if (given(p, 'SnapshotSource')) c.SnapshotSource = /^s/i.test(String(p.SnapshotSource)) ? 'Secondary' : 'Primary';
    if (given(p, 'FailoverToPrimary')) c.FailoverToPrimary = p.FailoverToPrimary === true;
    if (given(p, 'FailoverToStandardBackup')) c.FailoverToStandardBackup = p.FailoverToStandardBackup === true;
    if (!(await ctx.shouldProcess(job.Name, 'Set-StorageOption'))) return;
    const next = engine.jobs.setStorageOptions(job.Name, c);
    if (p.PassThru) await ctx.emit(jobObject(next, engine.home));
  },
});

export const storageOptionCmdlets: CmdletDef[] = [setStorageOptionCmdlet];
