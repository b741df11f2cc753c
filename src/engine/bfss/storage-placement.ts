// Decides whether a VM can be backed up from a storage snapshot at all: every one of its disks must
// live on a volume of a storage array (a datastore on an array LUN, and each disk file inside that
// datastore's folder). A VM on local storage, or with one disk attached from elsewhere, is processed
// the regular way in a mixed job.

import * as path from 'node:path';
import type { BfssInventory } from './bfss-ports.ts';

export type StoragePlacement =
  | { onArray: true; array: string; volume: string; datastore: string }
  | { onArray: false; reason: string };

export function storagePlacement(inv: Pick<BfssInventory, 'vms' | 'datastores'>, vmName: string): StoragePlacement {
  const vm = inv.vms.get(vmName);
  const ds = inv.datastores.get(vm.Datastore);
  if (ds.Volume === null || ds.Array === null) {
    return { onArray: false, reason: `datastore '${ds.Name}' is not on a storage array volume` };
  }
  const folder = path.resolve(ds.Path) + path.sep;
  const off = vm.Disks.filter((d) => !path.resolve(d.Path).startsWith(folder));
  if (off.length > 0) {
    return { onArray: false, reason: `disk ${off.map((d) => `'${d.Name}'`).join(', ')} is not on datastore '${ds.Name}' (array volume '${ds.Volume}')` };
  }
  const volume = ds.Volume.slice(ds.Volume.indexOf('/') + 1);
  return { onArray: true, array: ds.Array, volume, datastore: ds.Name };
}
