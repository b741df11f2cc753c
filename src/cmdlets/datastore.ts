// Get-/Add-/Set-/Remove-Datastore: datastores on a host, backed by an array volume (SAN) or by
// local storage when no -Volume is given.
import type { CmdletDef } from '../runtime/cmdlet.ts';
import type { Datastore } from '../engine/infra/datastores.ts';
import { domainCmdlet, passThru, given, lookup, nameFilter, nameParam } from './domain-cmdlet.ts';
import { shellObject } from './shell-object.ts';

export function datastoreObject(d: Datastore): Record<string, unknown> {
  return shellObject('Vbrs.Datastore', d);
}

export const getDatastoreCmdlet: CmdletDef = domainCmdlet({
  name: 'Get-Datastore',
  parameters: [nameFilter('datastore', 'datastore')],
  help: {
    synopsis: 'Lists datastores with their Host, Volume, Type (Local or SAN) and VMs.',
    examples: [{ code: 'Get-Datastore | Where-Object Type -eq SAN', needs: 'engine' }],
  },
  outputType: 'Vbrs.Datastore',
  async process(p, ctx, engine) {
    for (const d of lookup(p.Name, (n) => engine.datastores.get(n), (pat) => engine.datastores.list(pat))) await ctx.emit(datastoreObject(d));
  },
});

export const addDatastoreCmdlet: CmdletDef = domainCmdlet({
  name: 'Add-Datastore',
  parameters: [
    nameParam('datastore', { completion: 'datastore' }),
    { name: 'Host', type: 'string', completion: 'host', mandatory: true, help: 'The host that sees the datastore.' },
    { name: 'Volume', type: 'string', help: "The array volume behind it, as 'array/volume'. Without it the datastore is local storage." },
  ],
  supportsShouldProcess: true,
  help: {
    synopsis: 'Adds a datastore to a host.',
    description: 'With -Volume the datastore lives on a primary array volume (backup from storage snapshots can use it); without, it is local to the host.',
    examples: [
      { code: 'Add-Datastore -Name ds01 -Host esx01 -Volume fas01/vol1', needs: 'engine' },
      { code: 'Add-Datastore -Name local01 -Host esx01', remarks: 'Local storage.', needs: 'engine' },
    ],
  },
  outputType: 'Vbrs.Datastore',
  async process(p, ctx, engine) {
    const name = String(p.Name);
    if (!(await ctx.shouldProcess(name, 'Add-Datastore'))) return;
    await ctx.emit(datastoreObject(engine.datastores.add({ Name: name, Host: String(p.Host), Volume: given(p, 'Volume') ? String(p.Volume) : null })));
  },
});

export const setDatastoreCmdlet: CmdletDef = domainCmdlet({
  name: 'Set-Datastore',
  parameters: [nameParam('datastore', { completion: 'datastore' }), { name: 'Host', type: 'string', completion: 'host', help: 'Moves the datastore to another host.' }, passThru],
  supportsShouldProcess: true,
  help: { synopsis: 'Changes the host a datastore is attached to.', examples: [{ code: 'Set-Datastore -Name ds01 -Host esx02', needs: 'engine' }] },
  async process(p, ctx, engine) {
    const d = engine.datastores.get(String(p.Name));
    if (!(await ctx.shouldProcess(d.Name, 'Set-Datastore'))) return;
    const next = engine.datastores.set(d.Name, given(p, 'Host') ? { Host: String(p.Host) } : {});
    if (p.PassThru) await ctx.emit(datastoreObject(next));
  },
});

export const removeDatastoreCmdlet: CmdletDef = domainCmdlet({
  name: 'Remove-Datastore',
  parameters: [nameParam('datastore', { completion: 'datastore' })],
  supportsShouldProcess: true,
  help: { synopsis: 'Removes a datastore that holds no VMs.', examples: [{ code: 'Remove-Datastore -Name ds01', needs: 'engine' }] },
  async process(p, ctx, engine) {
    const d = engine.datastores.get(String(p.Name));
    if (!(await ctx.shouldProcess(d.Name, 'Remove-Datastore'))) return;
    engine.datastores.remove(d.Name);
  },
});

export const datastoreCmdlets: CmdletDef[] = [getDatastoreCmdlet, addDatastoreCmdlet, setDatastoreCmdlet, removeDatastoreCmdlet];
