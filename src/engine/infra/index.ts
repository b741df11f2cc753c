// The modelled virtual infrastructure: the vCenter inventory (hosts, datastores, VMs and their real
// disk files), the single disk write path with VM snapshots (copy-on-write deltas, timed commit)
// and changed block tracking, guest workload, proxies, repositories, credentials, throttling rules
// and the broker's cached inventory. Data movers read frozen images only through `openImage`.

export { openImage, loadPreservedIndex } from './image-view.ts';
export type { ImageDescriptor, ImageExtent, ImageReader } from './image-view.ts';
export { BlockBitmap } from './block-bitmap.ts';
export type { Extent } from './block-bitmap.ts';
export { DISK_BLOCK_SIZE } from './disk-state.ts';
export type { FileGuard } from './file-guard.ts';
export { noGuard } from './file-guard.ts';
export type { EngineContext } from './engine-context.ts';
export { VirtualDisk } from './virtual-disk.ts';
export type { VmSnapshot, VmSnapshotDisk, SnapshotCommitResult } from './vm-snapshot.ts';
export { Hosts } from './hosts.ts';
export type { ViHost, AddHostOptions } from './hosts.ts';
export { Datastores } from './datastores.ts';
export type { Datastore, AddDatastoreOptions } from './datastores.ts';
export { VMs } from './vms.ts';
export type { VM, VmDisk, GuestOS, AddVmOptions, SetVmOptions } from './vms.ts';
export { Credentials } from './credentials.ts';
export type { Credential, CredentialSecret, AddCredentialOptions } from './credentials.ts';
export { Proxies } from './proxies.ts';
export type { BackupProxy, AddProxyOptions, SetProxyOptions, TransportChoice, TransportMode, ProxyTransportMode } from './proxies.ts';
export { Repositories } from './repositories.ts';
export type { RepositoryRecord, AddRepositoryOptions } from './repositories.ts';
export { ThrottlingRules } from './throttling-rules.ts';
export type { ThrottlingRule, AddThrottlingRuleOptions } from './throttling-rules.ts';
export { Broker } from './broker.ts';
export { Workloads, WORKLOAD_EXTENT } from './workload.ts';
export type { WorkloadOptions, WorkloadResult, WorkloadRun } from './workload.ts';
export { SeededRandom } from './seeded-random.ts';
export { matchesName, hasWildcard } from './wildcard.ts';
