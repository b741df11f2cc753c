// Get-/Add-/Remove-ViHost: the ESXi hosts of the modelled infrastructure.
import type { CmdletDef } from '../runtime/cmdlet.ts';
import type { ViHost } from '../engine/infra/hosts.ts';
import { domainCmdlet, lookup, nameFilter, nameParam } from './domain-cmdlet.ts';
import { shellObject } from './shell-object.ts';

export function hostObject(h: ViHost): Record<string, unknown> {
  return shellObject('Vbrs.ViHost', h);
}

export const getViHostCmdlet: CmdletDef = domainCmdlet({
  name: 'Get-ViHost',
  parameters: [nameFilter('host', 'host')],
  help: {
    synopsis: 'Lists the ESXi hosts of the lab.',
    description: 'Returns one object per host with its Name, Datastores and VMs.',
    examples: [{ code: 'Get-ViHost', remarks: 'Every host.', needs: 'engine' }, { code: "Get-ViHost -Name 'esx*'", needs: 'engine' }],
  },
  outputType: 'Vbrs.ViHost',
  async process(p, ctx, engine) {
    for (const h of lookup(p.Name, (n) => engine.hosts.get(n), (pat) => engine.hosts.list(pat))) await ctx.emit(hostObject(h));
  },
});

export const addViHostCmdlet: CmdletDef = domainCmdlet({
  name: 'Add-ViHost',
  parameters: [nameParam('host', { completion: 'host' })],
  supportsShouldProcess: true,
  help: {
    synopsis: 'Adds an ESXi host to the lab.',
    description: 'Hosts carry datastores and VMs. Names are unique, case-insensitively.',
    examples: [{ code: 'Add-ViHost -Name esx01', needs: 'engine' }],
  },
  outputType: 'Vbrs.ViHost',
  async process(p, ctx, engine) {
    const name = String(p.Name);
    if (!(await ctx.shouldProcess(name, 'Add-ViHost'))) return;
    await ctx.emit(hostObject(engine.hosts.add({ Name: name })));
  },
});

export const removeViHostCmdlet: CmdletDef = domainCmdlet({
  name: 'Remove-ViHost',
  parameters: [nameParam('host', { completion: 'host' })],
  supportsShouldProcess: true,
  help: {
    synopsis: 'Removes an ESXi host that carries no datastores or VMs.',
    examples: [{ code: 'Remove-ViHost -Name esx03', needs: 'engine' }],
  },
  async process(p, ctx, engine) {
    const h = engine.hosts.get(String(p.Name));
    if (!(await ctx.shouldProcess(h.Name, 'Remove-ViHost'))) return;
    engine.hosts.remove(h.Name);
  },
});

export const hostCmdlets: CmdletDef[] = [getViHostCmdlet, addViHostCmdlet, removeViHostCmdlet];
