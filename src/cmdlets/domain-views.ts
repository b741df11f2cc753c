// Default table views for the domain objects, so `Get-VM`, `Get-Session`, `Get-Job` … print a
// readable table (like the *.format.ps1xml files of a PowerShell module) while every property
// stays reachable with Format-List * or Select-Object. Registered once, when the cmdlets load.
import { registerView } from '../runtime/format/view-registry.ts';

const right = (name: string, label?: string) => ({ name, align: 'right' as const, ...(label ? { label } : {}) });
const list = (name: string) => ({ name, value: (o: unknown) => ((o as Record<string, unknown>)[name] as unknown[] | null)?.map(String).join(', ') ?? '' });

export function registerDomainViews(): void {
  registerView('Vbrs.VM', {
    kind: 'table',
    properties: ['Name', 'Host', 'Datastore', 'GuestOS', 'IPAddress', { name: 'Disks', value: (o) => ((o as { Disks: { Name: string }[] }).Disks ?? []).map((d) => d.Name).join(', ') }, 'CbtEnabled'],
  });
  registerView('Vbrs.VirtualDisk', { kind: 'table', properties: ['Name', right('Size'), 'Path'] });
  registerView('Vbrs.ViHost', { kind: 'table', properties: ['Name', list('Datastores'), list('VMs')] });
  registerView('Vbrs.Datastore', { kind: 'table', properties: ['Name', 'Host', 'Type', 'Volume', list('VMs')] });
  registerView('Vbrs.Proxy', { kind: 'table', properties: ['Name', right('MaxTasks'), 'TransportMode', 'Host', list('SanAccess'), 'FailoverToNetwork'] });
  registerView('Vbrs.Repository', { kind: 'table', properties: ['Name', right('MaxTasks'), 'Path'] });
  registerView('Vbrs.Credential', { kind: 'table', properties: ['Name', 'User', 'HasPassword', 'KeyFile'] });
  registerView('Vbrs.ThrottlingRule', { kind: 'table', properties: ['Name', 'Source', 'Target', right('Limit')] });
  registerView('Vbrs.StorageArray', { kind: 'table', properties: ['Name', 'Vendor', 'Role', 'Source', 'Connected', 'ExportLicense', list('Volumes')] });
  registerView('Vbrs.Volume', { kind: 'table', properties: ['Array', 'Name', list('Datastores')] });
  registerView('Vbrs.StorageSnapshot', { kind: 'table', properties: ['Array', 'Volume', 'Name', 'Kind', 'CreationTime', 'MountedTo'] });
  registerView('Vbrs.Job', {
    kind: 'table',
    properties: [
      'Name',
      list('VMs'),
      'Repository',
      { name: 'Proxy', value: (o) => { const p = (o as { Proxy: unknown }).Proxy; return Array.isArray(p) ? p.join(', ') : p; } },
      'Compression',
      right('RetainPoints'),
      'Enabled',
      { name: 'GuestProcessing', value: (o) => ((o as { GuestProcessing?: { Enabled?: boolean } }).GuestProcessing?.Enabled ? 'On' : 'Off') },
    ],
  });
  registerView('Vbrs.JobSchedule', { kind: 'table', properties: ['JobName', 'Schedule', right('RetryCount'), 'RetryWait', 'BackupWindow', 'NextRun'] });
  registerView('Vbrs.Session', {
    kind: 'table',
    properties: [right('Id'), 'JobName', 'Kind', 'CreationTime', 'Duration', 'State', 'Result', right('Progress'), right('ReadBytes'), right('TransferredBytes')],
  });
  registerView('Vbrs.TaskSession', {
    kind: 'table',
    properties: ['VM', 'Disk', 'Status', 'Proxy', 'TransportMode', 'SnapshotSource', 'VMSnapshotLifetime', right('ReadBytes'), right('TransferredBytes'), right('Speed'), 'Bottleneck'],
  });
  registerView('Vbrs.RestorePoint', { kind: 'table', properties: ['Id', 'VM', 'JobName', 'CreationTime', 'Type', right('Size'), 'Repository'] });
  registerView('Vbrs.RestoreResult', { kind: 'list', properties: ['RestorePoint', 'VM', 'Path', 'Files', 'ImageBytes', 'Duration'] });
  registerView('Vbrs.LogLine', { kind: 'table', properties: ['Time', 'Severity', 'Text'] });
  registerView('Vbrs.Lab', { kind: 'list', properties: ['Name', 'Hosts', 'StorageArrays', 'Datastores', 'VMs', 'Proxies', 'Repositories', 'DataWritten'] });
  registerView('Vbrs.ImageComparison', { kind: 'table', properties: ['Equal', right('DifferentBytes'), right('FirstDifference'), right('ExcludedBytes'), 'DifferencePath'] });
  registerView('Microsoft.PowerShell.Commands.FileHashInfo', { kind: 'table', properties: ['Algorithm', 'Hash', 'Path'] });
}
