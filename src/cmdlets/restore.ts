// Start-Restore: writes each disk of a restore point as a raw image `<Path>/<VM>/<disk>.img`,
// byte-identical to the disk when the point was taken, and returns what it wrote (`Files` are
// absolute paths). Relative -Path resolves against the current location. While it writes, a bar on
// a terminal's stderr and (-Verbose) a line per disk (engine-progress.ts).
import { resolve } from 'node:path';
import type { CmdletDef } from '../runtime/cmdlet.ts';
import { PSObject } from '../runtime/values/ps-object.ts';
import { PSException } from '../runtime/error-record.ts';
import { domainCmdlet } from './domain-cmdlet.ts';
import type { RestorePointObject } from './restore-point.ts';
import { shellObject } from './shell-object.ts';
import type { Engine } from '../engine/engine.ts';
import { followRestore } from './engine-progress.ts';

function pointRef(v: unknown): { id: string; repository: string | null } {
  const read = (name: string): unknown => (v instanceof PSObject ? v.getProperty(name)?.value : v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[name] : undefined);
  if (typeof v === 'string') return { id: v, repository: null };
  const id = read('Id');
  if (typeof id !== 'string') throw new PSException(`Cannot bind parameter 'RestorePoint': '${String(v)}' is not a restore point (use Get-RestorePoint).`, 'System.Management.Automation.ParameterBindingException');
  const repo = read('Repository');
  return { id, repository: typeof repo === 'string' ? repo : null };
}

async function findPoint(engine: Engine, ref: { id: string; repository: string | null }) {
  const repos = ref.repository ? [ref.repository] : engine.repositories.list().map((r) => r.Name);
  let last: unknown = null;
  for (const name of repos) {
    const repo = await engine.openRepository(name);
    try {
      return { repo, point: await repo.findPoint(ref.id) };
    } catch (e) {
      last = e;
    }
  }
  throw last ?? new PSException(`Restore point '${ref.id}' was not found: there is no repository.`);
}

export const startRestoreCmdlet: CmdletDef = domainCmdlet({
  name: 'Start-Restore',
  parameters: [
    { name: 'RestorePoint', type: 'object', mandatory: true, position: 0, valueFromPipeline: true, help: 'A restore point from Get-RestorePoint (or its Id).' },
    { name: 'Path', type: 'string', mandatory: true, position: 1, help: 'Folder for the images; <Path>/<VM>/<disk>.img is written.' },
  ],
  supportsShouldProcess: true,
  help: {
    synopsis: 'Restores the disks of a restore point as raw image files.',
    description: 'While it writes, a progress bar is drawn on stderr when that is a terminal; -Verbose writes a line for the point and one per disk.',
    examples: [
      { code: '$r = Get-RestorePoint -VM web01 | Select-Object -Last 1 | Start-Restore -Path ./out; $r.Files', needs: 'engine' },
    ],
  },
  outputType: 'Vbrs.RestoreResult',
  async process(p, ctx, engine) {
    const ref = pointRef(p.RestorePoint as RestorePointObject | string);
    const out = resolve(ctx.cwd, String(p.Path));
    const { repo, point } = await findPoint(engine, ref);
    if (!(await ctx.shouldProcess(`${point.vm} ${point.id}`, `Start-Restore to ${out}`))) return;
    // Through the engine, so closing it stops the restore and removes its images.
    const { progress, onProgress } = followRestore(ctx, point, out);
    let r;
    try {
      r = await engine.restores.restore(repo, point, out, { signal: ctx.signal, onProgress });
    } finally {
      await progress.finish();
    }
    await ctx.emit(
      shellObject('Vbrs.RestoreResult', {
        RestorePoint: point.id,
        VM: point.vm,
        JobName: point.job,
        Path: out,
        Files: r.files.map((f) => resolve(f)),
        ImageBytes: r.imageBytes,
        WrittenBytes: r.writtenBytes,
        DurationMs: r.durationMs,
      }),
    );
  },
});

export const restoreCmdlets: CmdletDef[] = [startRestoreCmdlet];
