// One backup task: one VM disk moved from its frozen image into the VM's restore point. It picks the
// transport mode (the proxy's best, failing over to the next — network mode last — when the chosen
// one cannot be used), decides what to read (everything for a full; CBT extents since the previous
// point's change id; or everything compared by digests when CBT cannot answer), and records what
// the data movers measured on the task session.

import { EngineError } from '../engine-error.ts';
import type { Extent } from '../infra/block-bitmap.ts';
import type { BackupInfrastructure, FrozenDisk, ManagedProxy, ManagedVm, PointSession } from './backup-ports.ts';
import type { LiveSession } from './live-session.ts';
import type { TaskSessionInfo } from './session-info.ts';
import { transportModes, type TransportMode } from './transport-mode.ts';

export interface DiskTaskContext {
  session: LiveSession;
  task: TaskSessionInfo;
  vm: ManagedVm;
  proxy: ManagedProxy;
  repository: string;
  point: PointSession;
  frozen: FrozenDisk;
  /** The only mode the frozen image can be read with (FrozenVm.transportMode), or null. */
  forcedMode: TransportMode | null;
  /** -FullBackup */
  full: boolean;
  signal: AbortSignal;
  infrastructure: BackupInfrastructure;
}

export function transportLabel(mode: TransportMode): string {
  return mode === 'DirectSAN' ? 'Direct SAN' : mode;
}

/** Moves the disk; 'Warning' when it needed a failover or a digest scan. The task finishes at commit. */
export async function runDiskTask(c: DiskTaskContext): Promise<'Success' | 'Warning'> {
  const { session, task, vm, proxy } = c;
  session.startTask(task);
  task.Proxy = proxy.name;
  const transport = chooseTransport(c);
  task.TransportMode = transport.mode;
  session.taskLog(task, 'Info', `Using backup proxy '${proxy.name}' for disk '${task.Disk}' [${transportLabel(transport.mode)}]`);
  session.log('Info', `VM '${vm.name}': reading disk '${task.Disk}' through proxy '${proxy.name}' in ${transportLabel(transport.mode)} mode`);
  const healing = c.point.healing?.(task.Disk) ?? null;
  if (healing !== null) {
    session.taskLog(task, 'Info', healing);
    session.log('Info', `VM '${vm.name}': ${healing}`);
  }
  const what = changedSincePrevious(c);
  // A whole-disk read (full or digest scan) of a file with no allocation map skips the file's holes.
  const regions = what.changed === null && c.frozen.dataRegions ? await regionsUnlessStopped(c.frozen.dataRegions, c.signal) : null;
  const result = await c.point.transfer({
    disk: task.Disk,
    image: regions ? { ...c.frozen.image, allocated: regions } : c.frozen.image,
    changed: what.changed,
    skip: vm.disks.find((d) => d.name === task.Disk)?.swapExtents ?? [],
    proxy: proxy.name,
    mode: transport.mode,
    throttleBytesPerSecond: c.infrastructure.throttle(proxy.name, c.repository),
    signal: c.signal,
    onProgress: (p) => session.taskProgress(task, p.readBytes, p.transferredBytes, p.position),
  });
  session.taskProgress(task, result.readBytes, result.transferredBytes, task.TotalBytes);
  task.Bottleneck = result.bottleneck;
  session.taskLog(task, 'Info', `Read ${result.readBytes} bytes, transferred ${result.transferredBytes} bytes${result.bottleneck ? `; bottleneck: ${result.bottleneck}` : ''}`);
  return transport.failedOver || what.digestScan ? 'Warning' : 'Success';
}

function chooseTransport(c: DiskTaskContext): { mode: TransportMode; failedOver: boolean } {
  if (c.forcedMode !== null) return { mode: c.forcedMode, failedOver: false };
  const modes = transportModes(c.proxy, c.vm.transport);
  let failedOver = false;
  for (const [i, m] of modes.entries()) {
    const fault = c.infrastructure.transportFault(m, c.proxy, c.vm);
    if (fault === null) return { mode: m, failedOver };
    const next = modes[i + 1];
    c.session.taskLog(c.task, next ? 'Warning' : 'Error', `${transportLabel(m)} transport failed: ${fault}${next ? `; failing over to ${transportLabel(next)}` : ''}`);
    failedOver = true;
  }
  throw new EngineError('VBRS_PROXY_UNAVAILABLE', `no transport mode of proxy '${c.proxy.name}' can read disk '${c.task.Disk}'`, { kind: 'Proxy', name: c.proxy.name });
}

function changedSincePrevious(c: DiskTaskContext): { changed: Extent[] | null; digestScan: boolean } {
  const { session, task, vm } = c;
  if (c.full || !c.point.hasPrevious(task.Disk)) {
    session.taskLog(task, 'Info', c.full ? 'Full backup requested: reading the whole disk' : 'No earlier restore point: reading the whole disk (full)');
    return { changed: null, digestScan: false };
  }
  const prev = c.point.previousChangeId(task.Disk);
  const changed = vm.cbtEnabled && prev !== null ? c.infrastructure.changedExtents(vm.name, task.Disk, prev) : null;
  if (changed !== null) {
    const bytes = changed.reduce((n, e) => n + e.length, 0);
    session.taskLog(task, 'Info', `Changed Block Tracking: ${changed.length} changed extent(s), ${bytes} bytes since change id ${prev}`);
    return { changed, digestScan: false };
  }
  const why = !vm.cbtEnabled ? 'CBT is disabled for this VM' : prev === null ? 'the previous restore point has no change id' : 'CBT was reset since the previous restore point';
  session.taskLog(task, 'Warning', `${why}: reading the whole disk and comparing block digests with the previous restore point`);
  return { changed: null, digestScan: true };
}

/**
 * The frozen disk's data regions, or null at once when the task is stopped while they are asked
 * (the ask may take up to its timeout; the transfer then sees the stop and ends the task).
 */
function regionsUnlessStopped(ask: () => Promise<Extent[] | null>, signal: AbortSignal): Promise<Extent[] | null> {
  if (signal.aborted) return Promise.resolve(null);
  return new Promise((resolve) => {
    const stop = () => resolve(null);
    signal.addEventListener('abort', stop, { once: true });
    const settle = (r: Extent[] | null) => {
      signal.removeEventListener('abort', stop);
      resolve(r);
    };
    ask().then(settle, () => settle(null));
  });
}
