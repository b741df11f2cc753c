// Picks how the backup server talks to a guest OS, following the seeds: Windows guests are
// reached over the network at the IP VMware Tools reports, and fall back to the VIX channel
// through VMware Tools when the network is unreachable; Linux guests are reached over SSH only,
// with no fallback.

import type { GuestOS } from './guest-hook.ts';

export type GuestChannel = 'Network' | 'VIX' | 'SSH';

/** The VM facts channel selection needs; the job layer maps its VM records onto this. */
export interface GuestTarget {
  name: string;
  guestOS: GuestOS;
  toolsInstalled: boolean;
  networkReachable: boolean;
  /** The guest credential to use (the VM's own, else the job's), or null. */
  credential: string | null;
}

export interface ChannelChoice {
  channel: GuestChannel | null;
  /** Log lines explaining the choice, in order (fallbacks included). */
  notes: string[];
  /** Set when no channel can be used: one line naming the VM and the reason. */
  error: string | null;
}

export function selectGuestChannel(vm: GuestTarget): ChannelChoice {
  if (vm.guestOS === 'Linux') {
    const why = !vm.toolsInstalled
      ? 'VMware Tools are not installed, so the guest IP address is unknown'
      : !vm.networkReachable
        ? 'the guest is not reachable over the network'
        : !vm.credential
          ? 'no guest credential is set'
          : null;
    if (why) {
      return { channel: null, notes: [], error: `cannot connect to Linux guest '${vm.name}' over SSH: ${why} (Linux guests have no VIX fallback)` };
    }
    return { channel: 'SSH', notes: [`Connected to Linux guest '${vm.name}' over SSH as '${vm.credential}'`], error: null };
  }
  if (!vm.toolsInstalled) {
    return {
      channel: null,
      notes: [],
      error: `cannot connect to Windows guest '${vm.name}': VMware Tools are not installed (needed for both the network and the VIX channel)`,
    };
  }
  if (vm.networkReachable) {
    return { channel: 'Network', notes: [`Connected to Windows guest '${vm.name}' over the network`], error: null };
  }
  return {
    channel: 'VIX',
    notes: [
      `Cannot connect to Windows guest '${vm.name}' over the network, failing over to VIX`,
      `Connected to Windows guest '${vm.name}' over VIX (VMware Tools)`,
    ],
    error: null,
  };
}
