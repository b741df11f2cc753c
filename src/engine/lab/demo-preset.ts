// What `New-Lab -Preset Demo` builds, as data: two hosts, a NetApp-like primary with a
// SnapMirror-style (snapshot transfer) secondary, a Nimble-like primary with a synchronous replica,
// datastores on both arrays and one local datastore, four VMs (Windows and Linux, several disks,
// small by default so the demo backs up in seconds), a SAN proxy, a HotAdd proxy, one repository
// and two credentials.

import type { AddStorageArrayOptions } from '../storage/storage-arrays.ts';
import type { AddProxyOptions } from '../infra/proxies.ts';
import type { GuestOS } from '../infra/vms.ts';

const MiB = 1024 * 1024;

export interface LabVmSpec {
  Name: string;
  Host: string;
  Datastore: string;
  GuestOS: GuestOS;
  DiskSize: number[];
  Credential: string;
}

export interface LabPreset {
  Name: string;
  Hosts: string[];
  Credentials: { Name: string; User: string; Password: string }[];
  Arrays: AddStorageArrayOptions[];
  Volumes: { Array: string; Name: string }[];
  Datastores: { Name: string; Host: string; Volume?: string }[];
  VMs: LabVmSpec[];
  Proxies: AddProxyOptions[];
  Repositories: { Name: string; Folder: string; MaxTasks: number }[];
}

export const DEMO_PRESET: LabPreset = {
  Name: 'Demo',
  Hosts: ['esx01', 'esx02'],
  Credentials: [
    { Name: 'root', User: 'root', Password: 'demo-root' },
    { Name: 'administrator', User: 'DEMO\\Administrator', Password: 'demo-admin' },
  ],
  Arrays: [
    { Name: 'fas01', Vendor: 'NetApp', Role: 'Primary' },
    { Name: 'fas02', Vendor: 'NetApp', Role: 'Secondary', Source: 'fas01', ReplicationMode: 'SnapshotTransfer' },
    { Name: 'nimble01', Vendor: 'Nimble', Role: 'Primary' },
    { Name: 'nimble02', Vendor: 'Nimble', Role: 'Secondary', Source: 'nimble01', ReplicationMode: 'SyncReplication' },
  ],
  Volumes: [
    { Array: 'fas01', Name: 'vol1' },
    { Array: 'nimble01', Name: 'lun1' },
  ],
  Datastores: [
    { Name: 'ds-fas01', Host: 'esx01', Volume: 'fas01/vol1' },
    { Name: 'ds-nimble01', Host: 'esx02', Volume: 'nimble01/lun1' },
    { Name: 'local-esx02', Host: 'esx02' },
  ],
  VMs: [
    { Name: 'web01', Host: 'esx01', Datastore: 'ds-fas01', GuestOS: 'Windows', DiskSize: [128 * MiB, 64 * MiB], Credential: 'administrator' },
    { Name: 'db01', Host: 'esx01', Datastore: 'ds-fas01', GuestOS: 'Linux', DiskSize: [128 * MiB, 96 * MiB], Credential: 'root' },
    { Name: 'app01', Host: 'esx02', Datastore: 'ds-nimble01', GuestOS: 'Windows', DiskSize: [96 * MiB], Credential: 'administrator' },
    { Name: 'util01', Host: 'esx02', Datastore: 'local-esx02', GuestOS: 'Linux', DiskSize: [64 * MiB], Credential: 'root' },
  ],
  Proxies: [
    { Name: 'px-san01', MaxTasks: 4, TransportMode: 'Auto', SanAccess: ['fas01', 'fas02', 'nimble01', 'nimble02'], FailoverToNetwork: true },
    { Name: 'px-hotadd01', MaxTasks: 2, TransportMode: 'Auto', Host: 'esx02', FailoverToNetwork: true },
  ],
  Repositories: [{ Name: 'repo01', Folder: 'repo01', MaxTasks: 4 }],
};
