// Get-/Add-/Set-/Remove-Job, Enable-/Disable-Job: backup job definitions (which VMs, to which
// repository, through which proxies, with what compression, block size and retention).
import type { CmdletDef, ParameterDef } from '../runtime/cmdlet.ts';
import type { Compression, JobChanges, JobInfo } from '../engine/jobs/index.ts';
import { compressionLevels } from '../engine/jobs/job-settings.ts';
import { domainCmdlet, passThru, given, lookup, nameFilter, nameParam } from './domain-cmdlet.ts';
import { shellObject } from './shell-object.ts';
import { withShownHooks } from './script-block-hook.ts';

/** A job for scripts; `home` is where script-block hooks keep their text (shown as the block). */
export function jobObject(job: JobInfo, home: string): Record<string, unknown> {
  return withShownHooks(shellObject('Vbrs.Job', job), job, home);
}

function list(v: unknown): string[] {
  return (Array.isArray(v) ? v : v === null || v === undefined ? [] : [v]).map(String);
}

function proxySetting(v: unknown): 'Auto' | string[] {
  const names = list(v);
  return names.length === 1 && names[0]!.toLowerCase() === 'auto' ? 'Auto' : names;
}

const settings: ParameterDef[] = [
  { name: 'VM', type: 'string[]', completion: 'vm', help: 'The VMs the job backs up.' },
  { name: 'Repository', type: 'string', completion: 'repository', help: 'Where the restore points go.' },
  { name: 'Proxy', type: 'string[]', completion: 'proxy', help: "Auto (default) or a list of proxy names." },
  { name: 'Compression', type: 'string', validateSet: [...compressionLevels], help: 'None, DedupeFriendly, Optimal (default), High or Extreme.' },
  { name: 'BlockSize', type: 'long', help: 'Backup block size: 256KB, 512KB, 1MB (default) or 4MB.' },
  { name: 'RetainPoints', type: 'int', help: 'Restore points kept per VM (default 14); older ones are merged away.' },
];

function changes(p: Record<string, unknown>): JobChanges {
  const c: JobChanges = {};
  if (given(p, 'VM')) c.VMs = list(p.VM);
  if (given(p, 'Repository')) c.Repository = String(p.Repository);
  if (given(p, 'Proxy')) c.Proxy = proxySetting(p.Proxy);
  if (given(p, 'Compression')) c.Compression = compressionLevels.find((x) => x.toLowerCase() === String(p.Compression).toLowerCase()) as Compression;
  if (given(p, 'BlockSize')) c.BlockSize = Number(p.BlockSize);
  if (given(p, 'RetainPoints')) c.RetainPoints = Number(p.RetainPoints);
  return c;
}

export const getJobCmdlet: CmdletDef = domainCmdlet({
  name: 'Get-Job',
  parameters: [nameFilter('job', 'job')],
  help: { synopsis: 'Lists backup jobs.', examples: [
    {
      code: 'Get-Job',
      needs: 'engine',
      output: `
Name    VMs         Repository Proxy Compression RetainPoints Enabled GuestProcessing
----    ---         ---------- ----- ----------- ------------ ------- ---------------
Nightly web01, db01 repo01     Auto  Optimal               14 True    Off

`,
    },
    { code: '(Get-Job Nightly).GuestProcessing', needs: 'engine' },
  ] },
  outputType: 'Vbrs.Job',
  async process(p, ctx, engine) {
    for (const j of lookup(p.Name, (n) => engine.jobs.get(n), (pat) => engine.jobs.list(pat))) await ctx.emit(jobObject(j, engine.home));
  },
});

export const addJobCmdlet: CmdletDef = domainCmdlet({
  name: 'Add-Job',
  parameters: [nameParam('job', { completion: 'job' }), ...settings.map((s) => (s.name === 'VM' || s.name === 'Repository' ? { ...s, mandatory: true } : s))],
  supportsShouldProcess: true,
  help: {
    synopsis: 'Defines a backup job.',
    description: 'Defaults: -Proxy Auto -Compression Optimal -BlockSize 1MB -RetainPoints 14.',
    examples: [{ code: 'Add-Job -Name Nightly -VM web01,db01 -Repository repo01', needs: 'engine' }],
  },
  outputType: 'Vbrs.Job',
  async process(p, ctx, engine) {
    const name = String(p.Name);
    if (!(await ctx.shouldProcess(name, 'Add-Job'))) return;
    const c = changes(p);
    const job = engine.jobs.add({
      Name: name,
      VMs: c.VMs ?? [],
      Repository: c.Repository ?? '',
      ...(c.Proxy !== undefined ? { Proxy: c.Proxy } : {}),
      ...(c.Compression !== undefined ? { Compression: c.Compression } : {}),
      ...(c.BlockSize !== undefined ? { BlockSize: c.BlockSize } : {}),
      ...(c.RetainPoints !== undefined ? { RetainPoints: c.RetainPoints } : {}),
    });
    await ctx.emit(jobObject(job, engine.home));
  },
});

export const setJobCmdlet: CmdletDef = domainCmdlet({
  name: 'Set-Job',
  parameters: [nameParam('job', { completion: 'job' }), ...settings, passThru],
  supportsShouldProcess: true,
  help: { synopsis: "Changes a job's VMs, repository, proxies, compression, block size or retention.", examples: [{ code: 'Set-Job -Name Nightly -RetainPoints 7', needs: 'engine' }] },
  outputType: 'Vbrs.Job',
  async process(p, ctx, engine) {
    const job = engine.jobs.get(String(p.Name));
    if (!(await ctx.shouldProcess(job.Name, 'Set-Job'))) return;
    const next = engine.jobs.set(job.Name, changes(p));
    if (p.PassThru) await ctx.emit(jobObject(next, engine.home));
  },
});

export const removeJobCmdlet: CmdletDef = domainCmdlet({
  name: 'Remove-Job',
  parameters: [nameParam('job', { completion: 'job' })],
  supportsShouldProcess: true,
  help: { synopsis: 'Removes a job definition (its restore points stay in the repository).', examples: [{ code: 'Remove-Job -Name Nightly', needs: 'engine' }] },
  async process(p, ctx, engine) {
    const job = engine.jobs.get(String(p.Name));
    if (!(await ctx.shouldProcess(job.Name, 'Remove-Job'))) return;
    engine.jobs.remove(job.Name);
  },
});

function toggle(verb: 'Enable' | 'Disable'): CmdletDef {
  return domainCmdlet({
    name: `${verb}-Job`,
    parameters: [nameParam('job', { completion: 'job' }), passThru],
    supportsShouldProcess: true,
    help: { synopsis: verb === 'Enable' ? 'Lets a disabled job run again.' : 'Keeps a job from running (Start-Job refuses it).', examples: [{ code: `${verb}-Job -Name Nightly`, needs: 'engine' }] },
    outputType: 'Vbrs.Job',
    async process(p, ctx, engine) {
      const job = engine.jobs.get(String(p.Name));
      if (!(await ctx.shouldProcess(job.Name, `${verb}-Job`))) return;
      const next = verb === 'Enable' ? engine.jobs.enable(job.Name) : engine.jobs.disable(job.Name);
      if (p.PassThru) await ctx.emit(jobObject(next, engine.home));
    },
  });
}

export const enableJobCmdlet = toggle('Enable');
export const disableJobCmdlet = toggle('Disable');

export const jobCmdlets: CmdletDef[] = [getJobCmdlet, addJobCmdlet, setJobCmdlet, removeJobCmdlet, enableJobCmdlet, disableJobCmdlet];
