// The Broker Service for the Backup Manager: answers its questions about VMs, proxies and
// repositories from the engine's inventory, read fresh at every call so a session sees the
// infrastructure as it is when the session runs (a VM removed since the job was defined is simply
// not found).

import { isEngineError } from '../engine-error.ts';
import type { Extent } from '../infra/block-bitmap.ts';
import type { BackupInfrastructure, ManagedProxy, ManagedRepository, ManagedVm } from './backup-ports.ts';
import type { TransportMode } from './transport-mode.ts';

/** The inventory facts this broker reads (the engine's vms, datastores and hosts sub-APIs). */
export interface InventoryVm {
  Name: string;
  Host: string;
  Datastore: string;
  GuestOS: 'Windows' | 'Linux';
  ToolsState: string;
  NetworkReachable: boolean;
  CbtEnabled: boolean;
  Credential: string | null;
  Disks: { Name: string; Size: number; Path: string; SwapExtents: Extent[] }[];
}

export interface Inventory {
  vms: { get(name: string): InventoryVm; changedExtents(vm: string, disk: string, since: string): Extent[] };
  datastores: { get(name: string): { Host: string; Array: string | null } };
  hosts: { list(): { Name: string }[] };
  proxies(): ManagedProxy[];
  repository(name: string): ManagedRepository | null;
  /** The transport modes a proxy can use for a VM right now (a disconnected array drops Direct SAN). */
  availableModes(proxy: string, vm: string): TransportMode[];
  throttle(proxy: string, repository: string): number | null;
}

export class EngineInfrastructure implements BackupInfrastructure {
  readonly #inv: Inventory;

  constructor(inventory: Inventory) {
    this.#inv = inventory;
  }

  vm(name: string): ManagedVm | null {
    let vm: InventoryVm;
    try {
      vm = this.#inv.vms.get(name);
    } catch (e) {
      if (isEngineError(e, 'VBRS_UNKNOWN_OBJECT')) return null;
      throw e;
    }
    const ds = this.#inv.datastores.get(vm.Datastore);
    // A datastore on an array LUN is shared SAN storage every host sees; a local one only its host.
    const datastoreHosts = ds.Array !== null ? this.#inv.hosts.list().map((h) => h.Name) : [ds.Host];
    return {
      name: vm.Name,
      guestOS: vm.GuestOS,
      host: vm.Host,
      datastore: vm.Datastore,
      toolsInstalled: vm.ToolsState !== 'NotInstalled',
      networkReachable: vm.NetworkReachable,
      credential: vm.Credential,
      cbtEnabled: vm.CbtEnabled,
      disks: vm.Disks.map((d) => ({ name: d.Name, path: d.Path, size: d.Size, swapExtents: d.SwapExtents })),
      transport: { datastoreHosts, array: ds.Array },
    };
  }

  proxies(): ManagedProxy[] {
    return this.#inv.proxies();
  }

  repository(name: string): ManagedRepository | null {
    return this.#inv.repository(name);
  }

  transportFault(mode: TransportMode, proxy: ManagedProxy, vm: ManagedVm): string | null {
    if (this.#inv.availableModes(proxy.name, vm.name).includes(mode)) return null;
    if (mode === 'DirectSAN' && vm.transport.array !== null) return `storage array '${vm.transport.array}' cannot be reached over the SAN (disconnected)`;
    return `${mode} is not available from proxy '${proxy.name}' for VM '${vm.name}'`;
  }

  throttle(proxy: string, repository: string): number | null {
    return this.#inv.throttle(proxy, repository);
  }

  changedExtents(vm: string, disk: string, changeId: string): Extent[] | null {
    try {
      return this.#inv.vms.changedExtents(vm, disk, changeId);
    } catch (e) {
      // CBT off, reset or an unknown change id: the data mover compares digests instead.
      if (isEngineError(e)) return null;
      throw e;
    }
  }
}
