// Storage arrays, their volumes and their snapshots: Get-/Add-/Set-/Remove-StorageArray,
// Connect-/Disconnect-StorageArray (fault drills), Get-/Add-/Remove-Volume, Get-/Remove-StorageSnapshot.
// A secondary array mirrors every volume of its -Source under the same name.
import type { CmdletDef } from '../runtime/cmdlet.ts';
import type { StorageArray, StorageVolume } from '../engine/storage/storage-arrays.ts';
import type { StorageSnapshot, StorageSnapshotKind } from '../engine/storage/storage-snapshots.ts';
import { EngineError } from '../engine/engine-error.ts';
import { domainCmdlet, passThru, given, lookup, nameFilter, nameParam } from './domain-cmdlet.ts';
import { hasWildcard } from '../engine/infra/wildcard.ts';
import { shellObject } from './shell-object.ts';

export function storageArrayObject(a: StorageArray): Record<string, unknown> {
  const { Profile, ...rest } = a;
  const out = shellObject('Vbrs.StorageArray', rest);
  out.Profile = Profile;
  return out;
}

export function volumeObject(v: StorageVolume): Record<string, unknown> {
  return shellObject('Vbrs.Volume', v);
}

export function storageSnapshotObject(s: StorageSnapshot): Record<string, unknown> {
  return shellObject('Vbrs.StorageSnapshot', s);
}

export const getStorageArrayCmdlet: CmdletDef = domainCmdlet({
  name: 'Get-StorageArray',
  parameters: [nameFilter('storage array', 'array')],
  help: { synopsis: 'Lists storage arrays with Vendor, Role, Source, Connected, ExportLicense and Volumes.', examples: [{ code: 'Get-StorageArray', needs: 'engine' }] },
  outputType: 'Vbrs.StorageArray',
  async process(p, ctx, engine) {
    for (const a of lookup(p.Name, (n) => engine.arrays.get(n), (pat) => engine.arrays.list(pat))) await ctx.emit(storageArrayObject(a));
  },
});

export const addStorageArrayCmdlet: CmdletDef = domainCmdlet({
  name: 'Add-StorageArray',
  parameters: [
    nameParam('storage array', { completion: 'array' }),
    { name: 'Vendor', type: 'string', mandatory: true, help: 'NetApp, Nimble, Generic, … (decides which snapshot features the array has).' },
    { name: 'Role', type: 'string', validateSet: ['Primary', 'Secondary'], help: 'Primary (default) or Secondary.' },
    { name: 'Source', type: 'string', completion: 'array', help: 'For a secondary: the primary array it mirrors.' },
    { name: 'ReplicationMode', type: 'string', validateSet: ['SnapshotTransfer', 'SyncReplication'], help: 'For a secondary: how it receives data.' },
    { name: 'ExportLicense', type: 'bool', help: 'Whether snapshots can be exported to proxies; default $true.' },
  ],
  supportsShouldProcess: true,
  help: {
    synopsis: 'Adds a primary or secondary storage array.',
    examples: [
      { code: 'Add-StorageArray -Name fas01 -Vendor NetApp', needs: 'engine' },
      { code: 'Add-StorageArray -Name fas02 -Vendor NetApp -Role Secondary -Source fas01 -ReplicationMode SnapshotTransfer', needs: 'engine' },
    ],
  },
  outputType: 'Vbrs.StorageArray',
  async process(p, ctx, engine) {
    const name = String(p.Name);
    if (!(await ctx.shouldProcess(name, 'Add-StorageArray'))) return;
    const a = engine.arrays.add({
      Name: name,
      Vendor: String(p.Vendor),
      ...(given(p, 'Role') ? { Role: /^s/i.test(String(p.Role)) ? 'Secondary' : 'Primary' } : {}),
      ...(given(p, 'Source') ? { Source: String(p.Source) } : {}),
      ...(given(p, 'ReplicationMode') ? { ReplicationMode: /^sync/i.test(String(p.ReplicationMode)) ? 'SyncReplication' : 'SnapshotTransfer' } : {}),
      ...(given(p, 'ExportLicense') ? { ExportLicense: p.ExportLicense === true } : {}),
    });
    await ctx.emit(storageArrayObject(a));
  },
});

export const setStorageArrayCmdlet: CmdletDef = domainCmdlet({
  name: 'Set-StorageArray',
  parameters: [nameParam('storage array', { completion: 'array' }), { name: 'ExportLicense', type: 'bool', help: '$false models a missing export licence.' }, passThru],
  supportsShouldProcess: true,
  help: { synopsis: "Changes an array's export licence.", examples: [{ code: 'Set-StorageArray -Name fas01 -ExportLicense $false', needs: 'engine' }] },
  outputType: 'Vbrs.StorageArray',
  async process(p, ctx, engine) {
    const a = engine.arrays.get(String(p.Name));
    if (!(await ctx.shouldProcess(a.Name, 'Set-StorageArray'))) return;
    const next = engine.arrays.set(a.Name, given(p, 'ExportLicense') ? { ExportLicense: p.ExportLicense === true } : {});
    if (p.PassThru) await ctx.emit(storageArrayObject(next));
  },
});

export const removeStorageArrayCmdlet: CmdletDef = domainCmdlet({
  name: 'Remove-StorageArray',
  parameters: [nameParam('storage array', { completion: 'array' })],
  supportsShouldProcess: true,
  help: { synopsis: 'Removes a storage array that no datastore uses.', examples: [{ code: 'Remove-StorageArray -Name fas02', needs: 'engine' }] },
  async process(p, ctx, engine) {
    const a = engine.arrays.get(String(p.Name));
    if (!(await ctx.shouldProcess(a.Name, 'Remove-StorageArray'))) return;
    engine.arrays.remove(a.Name);
  },
});

function connection(verb: 'Connect' | 'Disconnect'): CmdletDef {
  return domainCmdlet({
    name: `${verb}-StorageArray`,
    parameters: [nameParam('storage array', { completion: 'array' }), passThru],
    supportsShouldProcess: true,
    help: {
      synopsis: verb === 'Disconnect' ? 'Takes an array offline (a fault drill): its snapshots cannot be created or read.' : 'Brings a disconnected array back online.',
      examples: [{ code: `${verb}-StorageArray -Name fas01`, needs: 'engine' }],
    },
    outputType: 'Vbrs.StorageArray',
    async process(p, ctx, engine) {
      const a = engine.arrays.get(String(p.Name));
      if (!(await ctx.shouldProcess(a.Name, `${verb}-StorageArray`))) return;
      const next = verb === 'Connect' ? engine.arrays.connect(a.Name) : engine.arrays.disconnect(a.Name);
      if (p.PassThru) await ctx.emit(storageArrayObject(next));
    },
  });
}

export const connectStorageArrayCmdlet = connection('Connect');
export const disconnectStorageArrayCmdlet = connection('Disconnect');

export const getVolumeCmdlet: CmdletDef = domainCmdlet({
  name: 'Get-Volume',
  parameters: [{ name: 'Array', type: 'string', completion: 'array', help: 'Only the volumes of this array.' }, { ...nameFilter('volume'), type: 'string' }],
  help: { synopsis: 'Lists array volumes (LUNs) and the datastores on them.', examples: [{
    code: 'Get-Volume -Array fas01',
    needs: 'engine',
    output: `
Array Name Datastores
----- ---- ----------
fas01 vol1 ds-fas01

`,
  }] },
  outputType: 'Vbrs.Volume',
  async process(p, ctx, engine) {
    if (given(p, 'Array')) engine.arrays.get(String(p.Array));
    const name = given(p, 'Name') ? String(p.Name) : undefined;
    const vols = engine.arrays.listVolumes({ ...(given(p, 'Array') ? { Array: String(p.Array) } : {}), ...(name !== undefined ? { Name: name } : {}) });
    if (name !== undefined && !hasWildcard(name) && vols.length === 0) throw EngineError.notFound('Volume', name);
    for (const v of vols) await ctx.emit(volumeObject(v));
  },
});

export const addVolumeCmdlet: CmdletDef = domainCmdlet({
  name: 'Add-Volume',
  parameters: [{ name: 'Array', type: 'string', completion: 'array', mandatory: true, help: 'A primary array.' }, nameParam('volume', { position: 1 })],
  supportsShouldProcess: true,
  help: { synopsis: "Adds a volume (LUN) to an array; its secondaries mirror it under the same name.", examples: [{ code: 'Add-Volume -Array fas01 -Name vol1', needs: 'engine' }] },
  outputType: 'Vbrs.Volume',
  async process(p, ctx, engine) {
    const target = `${String(p.Array)}/${String(p.Name)}`;
    if (!(await ctx.shouldProcess(target, 'Add-Volume'))) return;
    await ctx.emit(volumeObject(engine.arrays.addVolume({ Array: String(p.Array), Name: String(p.Name) })));
  },
});

export const removeVolumeCmdlet: CmdletDef = domainCmdlet({
  name: 'Remove-Volume',
  parameters: [{ name: 'Array', type: 'string', completion: 'array', mandatory: true, help: 'The primary array holding the volume.' }, nameParam('volume', { position: 1 })],
  supportsShouldProcess: true,
  help: { synopsis: 'Removes a volume that no datastore uses.', examples: [{ code: 'Remove-Volume -Array fas01 -Name vol2', needs: 'engine' }] },
  async process(p, ctx, engine) {
    const v = engine.arrays.getVolume(String(p.Array), String(p.Name));
    if (!(await ctx.shouldProcess(`${v.Array}/${v.Name}`, 'Remove-Volume'))) return;
    engine.arrays.removeVolume(v.Array, v.Name);
  },
});

const KINDS: StorageSnapshotKind[] = ['Temporary', 'Auxiliary', 'LongTerm'];

export const getStorageSnapshotCmdlet: CmdletDef = domainCmdlet({
  name: 'Get-StorageSnapshot',
  parameters: [
    { name: 'Array', type: 'string', completion: 'array', help: 'Only the snapshots on this array.' },
    { name: 'Volume', type: 'string', help: 'Only the snapshots of this volume.' },
    { name: 'Kind', type: 'string', validateSet: KINDS, help: 'Temporary, Auxiliary or LongTerm.' },
    { ...nameFilter('storage snapshot'), type: 'string' },
  ],
  help: {
    synopsis: 'Lists storage snapshots with Array, Volume, Kind and CreationTime.',
    examples: [{ code: 'Get-StorageSnapshot -Array fas02', needs: 'engine' }],
  },
  outputType: 'Vbrs.StorageSnapshot',
  async process(p, ctx, engine) {
    if (given(p, 'Array')) engine.arrays.get(String(p.Array));
    const kind = given(p, 'Kind') ? KINDS.find((k) => k.toLowerCase() === String(p.Kind).toLowerCase()) : undefined;
    const snaps = engine.storageSnapshots.list({
      ...(given(p, 'Array') ? { Array: String(p.Array) } : {}),
      ...(given(p, 'Volume') ? { Volume: String(p.Volume) } : {}),
      ...(given(p, 'Name') ? { Name: String(p.Name) } : {}),
      ...(kind ? { Kind: kind } : {}),
    });
    for (const s of snaps) await ctx.emit(storageSnapshotObject(s));
  },
});

export const removeStorageSnapshotCmdlet: CmdletDef = domainCmdlet({
  name: 'Remove-StorageSnapshot',
  parameters: [
    { name: 'Array', type: 'string', completion: 'array', mandatory: true, valueFromPipelineByPropertyName: true, help: 'The array holding the snapshot.' },
    { ...nameParam('storage snapshot'), position: 1 },
  ],
  supportsShouldProcess: true,
  help: {
    synopsis: 'Deletes a storage snapshot (for example a long-term one no longer needed).',
    examples: [{ code: 'Get-StorageSnapshot -Array fas02 -Kind LongTerm | Remove-StorageSnapshot', needs: 'engine' }],
  },
  async process(p, ctx, engine) {
    const snap = engine.storageSnapshots.get(String(p.Array), String(p.Name));
    if (!(await ctx.shouldProcess(`${snap.Array}/${snap.Name}`, 'Remove-StorageSnapshot'))) return;
    engine.storageSnapshots.remove(snap.Array, snap.Name);
  },
});

export const storageArrayCmdlets: CmdletDef[] = [
  getStorageArrayCmdlet,
  addStorageArrayCmdlet,
  setStorageArrayCmdlet,
  removeStorageArrayCmdlet,
  connectStorageArrayCmdlet,
  disconnectStorageArrayCmdlet,
  getVolumeCmdlet,
  addVolumeCmdlet,
  removeVolumeCmdlet,
  getStorageSnapshotCmdlet,
  removeStorageSnapshotCmdlet,
];
