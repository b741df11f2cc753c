// Get-RestorePoint: the restore points of every repository in the catalog, oldest first, and the
// `RestorePointObject` that Start-Restore takes back (it remembers which repository holds it).
import type { CmdletDef } from '../runtime/cmdlet.ts';
import type { Engine } from '../engine/engine.ts';
import type { RestorePoint } from '../engine/repository/index.ts';
import { listRestorePoints as listEnginePoints } from '../engine/restore-point-list.ts';
import { PSDateTime } from '../runtime/values/date-time.ts';
import { domainCmdlet, given } from './domain-cmdlet.ts';
import { shellValue, tagType } from './shell-object.ts';

export interface RestorePointObject {
  Id: string;
  /** Every object has a Name: a restore point is named after its VM, as in the product. */
  Name: string;
  VM: string;
  JobName: string;
  CreationTime: PSDateTime;
  Type: 'Full' | 'Increment';
  /** Stored bytes of all its disks. */
  Size: number;
  Repository: string;
  Disks: { Name: string; Size: number }[];
}

export function restorePointObject(point: RestorePoint, repository: string): RestorePointObject {
  return tagType(
    {
      Id: point.id,
      Name: point.vm,
      VM: point.vm,
      JobName: point.job,
      CreationTime: PSDateTime.fromDate(point.creationTime),
      Type: point.type,
      Size: point.size,
      Repository: repository,
      Disks: point.disks.map((d) => shellValue({ Name: d.name, Size: d.size }) as { Name: string; Size: number }),
    },
    'Vbrs.RestorePoint',
  );
}

/** Every restore point (optionally of one job and/or VM), oldest first. */
export async function listRestorePoints(engine: Engine, filter: { job?: string; vm?: string }): Promise<RestorePointObject[]> {
  return (await listEnginePoints(engine, filter)).map((x) => restorePointObject(x.point, x.repository));
}

export const getRestorePointCmdlet: CmdletDef = domainCmdlet({
  name: 'Get-RestorePoint',
  parameters: [
    { name: 'VM', type: 'string', completion: 'vm', position: 0, help: 'Only the points of this VM.' },
    { name: 'Job', type: 'string', completion: 'job', help: 'Only the points of this job.' },
  ],
  help: {
    synopsis: 'Lists restore points, oldest first.',
    description: 'Each has Id, VM, JobName, CreationTime, Type (Full or Increment), Size (stored bytes) and Repository.',
    examples: [
      { code: 'Get-RestorePoint -VM web01', needs: 'engine' },
      { code: '$rp = Get-RestorePoint -Job Nightly -VM web01 | Select-Object -Last 1', needs: 'engine' },
    ],
  },
  outputType: 'Vbrs.RestorePoint',
  async process(p, ctx, engine) {
    const vm = given(p, 'VM') ? engine.vms.list().find((v) => v.Name.toLowerCase() === String(p.VM).toLowerCase())?.Name ?? String(p.VM) : undefined;
    const job = given(p, 'Job') ? engine.jobs.get(String(p.Job)).Name : undefined;
    for (const rp of await listRestorePoints(engine, { ...(job ? { job } : {}), ...(vm ? { vm } : {}) })) await ctx.emit(rp);
  },
});

export const restorePointCmdlets: CmdletDef[] = [getRestorePointCmdlet];
