// Start-Workload: writes into a VM's disks through the engine's normal write path (CBT and open
// snapshot deltas see it), either a share of the disk at once (-ChangePercent) or a paced stream
// for a while (-WriteMBps -Duration). Between a full and an incremental it makes the change the
// incremental must carry.
import type { CmdletDef } from '../runtime/cmdlet.ts';
import type { WorkloadOptions, WorkloadRun } from '../engine/infra/workload.ts';
import { domainCmdlet, given } from './domain-cmdlet.ts';
import { durationMs } from './duration.ts';
import { shellObject, tagType } from './shell-object.ts';

function runObject(run: WorkloadRun): object {
  return tagType(
    {
      get Id() {
        return run.Id;
      },
      get VM() {
        return run.VM;
      },
      get State() {
        return run.State;
      },
    },
    'Vbrs.WorkloadRun',
  );
}

export const startWorkloadCmdlet: CmdletDef = domainCmdlet({
  name: 'Start-Workload',
  parameters: [
    { name: 'VM', type: 'string', completion: 'vm', mandatory: true, position: 0, help: 'The VM whose disks are written.' },
    { name: 'Disk', type: 'string', help: 'Only this disk (disk1, disk2 …); all disks when omitted.' },
    { name: 'ChangePercent', type: 'double', mandatory: true, parameterSets: ['Percent'], help: "Rewrites this share of the disk's aligned 1 MiB extents." },
    { name: 'WriteMBps', type: 'double', mandatory: true, parameterSets: ['Rate'], help: 'Write rate in MiB per second.' },
    { name: 'Duration', type: 'object', mandatory: true, parameterSets: ['Rate'], help: 'How long to write: 30s, 2m or a TimeSpan.' },
    { name: 'Seed', type: 'int', help: 'Seed choosing the extents and data (default 1): the same seed writes the same change.' },
    { name: 'RunAsync', type: 'switch', help: 'Return at once with the running workload (Id, VM, State).' },
  ],
  defaultParameterSet: 'Percent',
  supportsShouldProcess: true,
  help: {
    synopsis: "Writes to a VM's disks like an application would.",
    examples: [
      { code: 'Start-Workload -VM web01 -ChangePercent 5 -Seed 7', needs: 'engine' },
      { code: 'Start-Workload -VM db01 -WriteMBps 20 -Duration 30s -RunAsync', needs: 'engine' },
    ],
  },
  outputType: 'Vbrs.WorkloadResult',
  async process(p, ctx, engine) {
    const vm = engine.vms.get(String(p.VM));
    const opts: WorkloadOptions = { VM: vm.Name };
    if (given(p, 'Disk')) opts.Disk = String(p.Disk);
    if (given(p, 'Seed')) opts.Seed = Number(p.Seed);
    if (given(p, 'ChangePercent')) opts.ChangePercent = Number(p.ChangePercent);
    else {
      opts.WriteMBps = Number(p.WriteMBps);
      opts.DurationMs = durationMs(p.Duration, 'Duration');
    }
    if (!(await ctx.shouldProcess(vm.Name, 'Start-Workload'))) return;
    if (p.RunAsync) {
      await ctx.emit(runObject(engine.workload.start(opts)));
      return;
    }
    if (opts.ChangePercent !== undefined) {
      await ctx.emit(shellObject('Vbrs.WorkloadResult', engine.workload.runSync(opts)));
      return;
    }
    const run = engine.workload.start(opts);
    const stop = () => run.stop();
    ctx.signal.addEventListener('abort', stop, { once: true });
    try {
      await ctx.emit(shellObject('Vbrs.WorkloadResult', await run.done));
    } finally {
      ctx.signal.removeEventListener('abort', stop);
    }
  },
});

export const workloadCmdlets: CmdletDef[] = [startWorkloadCmdlet];
