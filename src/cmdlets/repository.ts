// Get-/Add-/Set-/Remove-Repository: backup repositories, folders holding restore point chains.
import { resolve } from 'node:path';
import type { CmdletDef } from '../runtime/cmdlet.ts';
import type { RepositoryRecord } from '../engine/infra/repositories.ts';
import { domainCmdlet, passThru, given, lookup, nameFilter, nameParam } from './domain-cmdlet.ts';
import { shellObject } from './shell-object.ts';

export function repositoryObject(r: RepositoryRecord): Record<string, unknown> {
  return shellObject('Vbrs.Repository', r);
}

export const getRepositoryCmdlet: CmdletDef = domainCmdlet({
  name: 'Get-Repository',
  parameters: [nameFilter('repository', 'repository')],
  help: { synopsis: 'Lists backup repositories.', examples: [{
    code: 'Get-Repository',
    needs: 'engine',
    output: `
Name   MaxTasks Path
----   -------- ----
repo01        4 $VBRS_HOME/repositories/repo01

`,
  }] },
  outputType: 'Vbrs.Repository',
  async process(p, ctx, engine) {
    for (const r of lookup(p.Name, (n) => engine.repositories.get(n), (pat) => engine.repositories.list(pat))) await ctx.emit(repositoryObject(r));
  },
});

export const addRepositoryCmdlet: CmdletDef = domainCmdlet({
  name: 'Add-Repository',
  parameters: [
    nameParam('repository', { completion: 'repository' }),
    { name: 'Path', type: 'string', mandatory: true, help: 'Folder for the restore points; created when missing; relative to the current location.' },
    { name: 'MaxTasks', type: 'int', help: 'Concurrent tasks writing to it; default 4.' },
  ],
  supportsShouldProcess: true,
  help: {
    synopsis: 'Adds a backup repository (a folder; created when it does not exist).',
    examples: [{ code: 'Add-Repository -Name repo01 -Path ./repo', needs: 'engine' }],
  },
  outputType: 'Vbrs.Repository',
  async process(p, ctx, engine) {
    const name = String(p.Name);
    const path = resolve(ctx.cwd, String(p.Path));
    if (!(await ctx.shouldProcess(name, 'Add-Repository'))) return;
    await ctx.emit(repositoryObject(engine.repositories.add({ Name: name, Path: path, ...(given(p, 'MaxTasks') ? { MaxTasks: Number(p.MaxTasks) } : {}) })));
  },
});

export const setRepositoryCmdlet: CmdletDef = domainCmdlet({
  name: 'Set-Repository',
  parameters: [nameParam('repository', { completion: 'repository' }), { name: 'MaxTasks', type: 'int', help: 'Concurrent tasks writing to it.' }, passThru],
  supportsShouldProcess: true,
  help: { synopsis: "Changes a repository's task slots.", examples: [{ code: 'Set-Repository -Name repo01 -MaxTasks 2', needs: 'engine' }] },
  outputType: 'Vbrs.Repository',
  async process(p, ctx, engine) {
    const r = engine.repositories.get(String(p.Name));
    if (!(await ctx.shouldProcess(r.Name, 'Set-Repository'))) return;
    const next = engine.repositories.set(r.Name, given(p, 'MaxTasks') ? { MaxTasks: Number(p.MaxTasks) } : {});
    if (p.PassThru) await ctx.emit(repositoryObject(next));
  },
});

export const removeRepositoryCmdlet: CmdletDef = domainCmdlet({
  name: 'Remove-Repository',
  parameters: [
    nameParam('repository', { completion: 'repository' }),
    { name: 'Force', type: 'switch', help: 'Removes it even when it holds restore points and a job uses it; a warning says what was detached.' },
  ],
  supportsShouldProcess: true,
  help: {
    synopsis: 'Removes a repository from the catalog (its folder and restore points stay on disk).',
    description: 'A repository that holds restore points and is used by a job is refused, naming the jobs and the point count, unless -Force.',
    examples: [{ code: 'Remove-Repository -Name repo01', needs: 'engine' }],
  },
  async process(p, ctx, engine) {
    const r = engine.repositories.get(String(p.Name));
    if (!(await ctx.shouldProcess(r.Name, 'Remove-Repository'))) return;
    const detached = await engine.repositories.remove(r.Name, { force: p.Force === true });
    if (detached.points > 0 || detached.jobs.length > 0 || detached.unreadable !== null) {
      const jobs = detached.jobs.length ? `; job ${detached.jobs.map((j) => `'${j}'`).join(', ')} cannot run until Set-Job -Repository names another` : '';
      const points = detached.unreadable !== null ? `restore points (not counted: ${detached.unreadable})` : `${detached.points} restore point(s)`;
      await ctx.writeWarning(`Repository '${r.Name}' removed: its ${points} stay in '${r.Path}' but are no longer listed${jobs}.`);
    }
  },
});

export const repositoryCmdlets: CmdletDef[] = [getRepositoryCmdlet, addRepositoryCmdlet, setRepositoryCmdlet, removeRepositoryCmdlet];
