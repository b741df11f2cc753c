// Get-/Add-/Set-/Remove-VM: the virtual machines the jobs back up. Disks are real files: -DiskSize
// creates sparse images under the data dir, -DiskPath attaches existing images in place.
import { resolve } from 'node:path';
import type { CmdletDef } from '../runtime/cmdlet.ts';
import type { SetVmOptions, VM } from '../engine/infra/vms.ts';
import { EngineError } from '../engine/engine-error.ts';
import { domainCmdlet, passThru, given, lookup, nameFilter, nameParam } from './domain-cmdlet.ts';
import { shellObject, shellValue, tagType } from './shell-object.ts';

export function vmObject(vm: VM): Record<string, unknown> {
  const { Disks, ...rest } = vm;
  const out = shellObject('Vbrs.VM', rest);
  out.Disks = Disks.map((d) => {
    // Nested records print as PowerShell's custom objects do: {@{Offset=…; Length=…}}.
    const swap = shellValue(d.SwapExtents.map((e) => ({ Offset: e.offset, Length: e.length })));
    const disk = tagType({ Name: d.Name, Size: d.Size, Path: d.Path, Attached: d.Attached, SwapExtents: swap }, 'Vbrs.VirtualDisk');
    Object.defineProperty(disk, 'ToString', { value: () => d.Name, enumerable: false });
    return disk;
  });
  return out;
}

export const getVmCmdlet: CmdletDef = domainCmdlet({
  name: 'Get-VM',
  parameters: [nameFilter('VM', 'vm')],
  help: {
    synopsis: 'Lists VMs with their host, datastore, guest OS and disks.',
    description: 'Each VM has Disks, each with Name, Size (bytes), Path (the absolute path of the real image file), Attached, and SwapExtents (the guest swap / pagefile ranges a backup skips and restores as zeros).',
    examples: [
      {
        code: 'Get-VM',
        needs: 'engine',
        output: `
Name   Host  Datastore   GuestOS IPAddress Disks        CbtEnabled
----   ----  ---------   ------- --------- -----        ----------
web01  esx01 ds-fas01    Windows 10.0.0.3  disk1, disk2 True
db01   esx01 ds-fas01    Linux   10.0.0.4  disk1, disk2 True
app01  esx02 ds-nimble01 Windows 10.0.0.5  disk1        True
util01 esx02 local-esx02 Linux   10.0.0.6  disk1        True

`,
      },
      { code: "(Get-VM web01).Disks | Select-Object Name, Size, Path", needs: 'engine' },
    ],
  },
  outputType: 'Vbrs.VM',
  async process(p, ctx, engine) {
    for (const vm of lookup(p.Name, (n) => engine.vms.get(n), (pat) => engine.vms.list(pat))) await ctx.emit(vmObject(vm));
  },
});

export const addVmCmdlet: CmdletDef = domainCmdlet({
  name: 'Add-VM',
  parameters: [
    nameParam('VM', { completion: 'vm' }),
    { name: 'Host', type: 'string', completion: 'host', mandatory: true, help: 'The host the VM runs on.' },
    { name: 'Datastore', type: 'string', completion: 'datastore', mandatory: true, help: 'The datastore holding its disks; the host must see it.' },
    { name: 'GuestOS', type: 'string', mandatory: true, validateSet: ['Windows', 'Linux'], help: 'Windows or Linux.' },
    { name: 'DiskSize', type: 'long[]', mandatory: true, parameterSets: ['Size'], help: 'Sizes of new sparse disks in bytes (8GB, 2GB).' },
    { name: 'DiskPath', type: 'string[]', mandatory: true, parameterSets: ['Path'], help: 'Existing image files attached in place (not copied); relative paths resolve against the current location.' },
    { name: 'Credential', type: 'string', completion: 'credential', help: 'Name of a credential (Add-Credential) for guest processing.' },
    { name: 'IPAddress', type: 'string', help: 'Guest IP address; one is assigned when omitted.' },
    { name: 'NoTools', type: 'switch', help: 'The guest has no VMware Tools (no VIX fallback, no quiescing).' },
    { name: 'NoCbt', type: 'switch', help: 'Changed Block Tracking is off: incrementals compare digests instead.' },
    { name: 'NoNetwork', type: 'switch', help: 'The guest cannot be reached over the network.' },
  ],
  defaultParameterSet: 'Size',
  supportsShouldProcess: true,
  help: {
    synopsis: 'Adds a VM with new sparse disks or existing disk images.',
    examples: [
      { code: 'Add-VM -Name web01 -Host esx01 -Datastore ds01 -GuestOS Windows -DiskSize 8GB,2GB', needs: 'engine' },
      { code: 'Add-VM -Name lnx01 -Host esx01 -Datastore ds01 -GuestOS Linux -DiskPath ./lnx01.img -Credential root', needs: 'engine' },
    ],
  },
  outputType: 'Vbrs.VM',
  async process(p, ctx, engine) {
    const name = String(p.Name);
    const host = engine.hosts.get(String(p.Host));
    const ds = engine.datastores.get(String(p.Datastore));
    // Checked here too (the engine checks on add) so that -WhatIf reports it: the same rule, a
    // datastore on array storage is seen by every host, a local one by its own host only.
    if (!visibleFrom(ds, host.Name)) {
      throw EngineError.invalid('VM', name, `datastore '${ds.Name}' is not visible from host '${host.Name}' (it is local storage of host '${ds.Host}').`);
    }
    if (!(await ctx.shouldProcess(name, 'Add-VM'))) return;
    const vm = engine.vms.add({
      Name: name,
      Host: host.Name,
      Datastore: ds.Name,
      GuestOS: /^l/i.test(String(p.GuestOS)) ? 'Linux' : 'Windows',
      ...(given(p, 'DiskSize') ? { DiskSize: (p.DiskSize as number[]).map(Number) } : {}),
      ...(given(p, 'DiskPath') ? { DiskPath: (p.DiskPath as string[]).map((f) => resolve(ctx.cwd, String(f))) } : {}),
      ...(given(p, 'Credential') ? { Credential: String(p.Credential) } : {}),
      ...(given(p, 'IPAddress') ? { IPAddress: String(p.IPAddress) } : {}),
      NoTools: p.NoTools === true,
      NoCbt: p.NoCbt === true,
      NoNetwork: p.NoNetwork === true,
    });
    await ctx.emit(vmObject(vm));
  },
});

export const setVmCmdlet: CmdletDef = domainCmdlet({
  name: 'Set-VM',
  parameters: [
    nameParam('VM', { completion: 'vm' }),
    { name: 'Host', type: 'string', completion: 'host', help: 'Moves the VM to another host.' },
    { name: 'GuestOS', type: 'string', validateSet: ['Windows', 'Linux'], help: 'Windows or Linux.' },
    { name: 'IPAddress', type: 'string', help: 'Guest IP address.' },
    { name: 'Credential', type: 'string', completion: 'credential', help: "Credential name; '' clears it." },
    { name: 'Tools', type: 'bool', help: 'Whether VMware Tools run in the guest.' },
    { name: 'Network', type: 'bool', help: 'Whether the guest is reachable over the network.' },
    { name: 'Cbt', type: 'bool', help: 'Turns Changed Block Tracking on or off (turning it on starts a fresh history).' },
    passThru,
  ],
  supportsShouldProcess: true,
  help: {
    synopsis: "Changes a VM's settings.",
    examples: [{ code: 'Set-VM -Name web01 -Cbt $false', needs: 'engine' }],
  },
  outputType: 'Vbrs.VM',
  async process(p, ctx, engine) {
    const vm = engine.vms.get(String(p.Name));
    const changes: SetVmOptions = {};
    if (given(p, 'Host')) {
      const host = engine.hosts.get(String(p.Host));
      const ds = engine.datastores.get(vm.Datastore);
      if (!visibleFrom(ds, host.Name)) {
        throw EngineError.invalid('VM', vm.Name, `host '${host.Name}' cannot see its datastore '${ds.Name}' (local storage of host '${ds.Host}').`);
      }
      changes.Host = host.Name;
    }
    if (given(p, 'GuestOS')) changes.GuestOS = /^l/i.test(String(p.GuestOS)) ? 'Linux' : 'Windows';
    if (given(p, 'IPAddress')) changes.IPAddress = String(p.IPAddress);
    if (given(p, 'Credential')) changes.Credential = p.Credential === '' || p.Credential === null ? null : String(p.Credential);
    if (given(p, 'Tools')) changes.Tools = p.Tools === true;
    if (given(p, 'Network')) changes.Network = p.Network === true;
    if (given(p, 'Cbt')) changes.Cbt = p.Cbt === true;
    if (!(await ctx.shouldProcess(vm.Name, 'Set-VM'))) return;
    const next = engine.vms.set(vm.Name, changes);
    if (p.PassThru) await ctx.emit(vmObject(next));
  },
});

export const removeVmCmdlet: CmdletDef = domainCmdlet({
  name: 'Remove-VM',
  parameters: [nameParam('VM', { completion: 'vm' })],
  supportsShouldProcess: true,
  help: {
    synopsis: 'Removes a VM. Disk files vbrs created are deleted; attached images stay where they are.',
    examples: [{ code: 'Remove-VM -Name web01', needs: 'engine' }],
  },
  async process(p, ctx, engine) {
    const vm = engine.vms.get(String(p.Name));
    if (!(await ctx.shouldProcess(vm.Name, 'Remove-VM'))) return;
    engine.vms.remove(vm.Name);
  },
});

export const vmCmdlets: CmdletDef[] = [getVmCmdlet, addVmCmdlet, setVmCmdlet, removeVmCmdlet];

function visibleFrom(ds: { Host: string; Volume: string | null }, host: string): boolean {
  return ds.Volume !== null || ds.Host.toLowerCase() === host.toLowerCase();
}
