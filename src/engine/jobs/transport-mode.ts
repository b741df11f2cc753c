// Which transport modes a backup proxy can use to read a VM's disks, best first, as the user guide
// describes them: Direct SAN when the proxy sees the storage array behind the VM's datastore,
// HotAdd (virtual appliance) when the proxy is itself a VM on a host that sees the datastore,
// else Network (NBD) through the host, which always works but is the slowest.

export type TransportMode = 'DirectSAN' | 'HotAdd' | 'NBD';
export type ProxyTransportSetting = 'Auto' | TransportMode;

/** The proxy facts transport selection needs. */
export interface TransportProxy {
  name: string;
  transportMode: ProxyTransportSetting;
  /** The host the proxy VM runs on (HotAdd), or null for a physical proxy. */
  host: string | null;
  /** Names of the storage arrays the proxy has SAN access to. */
  sanAccess: readonly string[];
  /** With an explicit mode: fall back to NBD when that mode is unavailable or fails. */
  failoverToNetwork: boolean;
}

/** Where a VM's disk lives, as far as transport is concerned. */
export interface TransportSource {
  /** Hosts that see the datastore (HotAdd needs the proxy on one of them). */
  datastoreHosts: readonly string[];
  /** The storage array behind the datastore, or null for local storage. */
  array: string | null;
}

const order: TransportMode[] = ['DirectSAN', 'HotAdd', 'NBD'];

export function canUse(mode: TransportMode, proxy: TransportProxy, source: TransportSource): boolean {
  switch (mode) {
    case 'DirectSAN':
      return source.array !== null && proxy.sanAccess.includes(source.array);
    case 'HotAdd':
      return proxy.host !== null && source.datastoreHosts.includes(proxy.host);
    case 'NBD':
      return true;
  }
}

/**
 * The modes to try for this proxy and disk, in order; the first is the chosen mode, later ones
 * are failovers. Empty when the proxy cannot serve the disk at all.
 */
export function transportModes(proxy: TransportProxy, source: TransportSource): TransportMode[] {
  if (proxy.transportMode === 'Auto') return order.filter((m) => canUse(m, proxy, source));
  const mode = proxy.transportMode;
  const modes: TransportMode[] = canUse(mode, proxy, source) ? [mode] : [];
  if (proxy.failoverToNetwork && mode !== 'NBD') modes.push('NBD');
  return modes;
}

/** Lower is better: how good the best mode of this proxy is for a disk (for load balancing). */
export function transportRank(mode: TransportMode): number {
  return order.indexOf(mode);
}
