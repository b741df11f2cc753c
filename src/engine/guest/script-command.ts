// Decides how a hook script file is run for a given guest OS. Veeam injects the script into the
// guest and runs it with the guest's interpreter; we model the guest on this machine, so the
// guest OS only decides which script kinds are legal and which interpreter runs them.

import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GuestOS } from './guest-hook.ts';

export interface ScriptCommand {
  file: string;
  args: string[];
}

const vbrsBin = fileURLToPath(new URL('../../../bin/vbrs', import.meta.url));

const allowed: Record<GuestOS, string[]> = {
  Windows: ['.vbrs', '.ps1', '.bat', '.cmd'],
  Linux: ['.vbrs', '.sh'],
};

/** The command line for `path` on a `guestOS` guest, or a one-line reason it cannot run there. */
export function scriptCommand(path: string, guestOS: GuestOS): ScriptCommand | { error: string } {
  const full = resolve(path);
  const ext = extname(full).toLowerCase();
  if (!allowed[guestOS].includes(ext)) {
    return {
      error: `script '${full}' cannot run on a ${guestOS} guest: ${guestOS} accepts ${allowed[guestOS].join(', ')}`,
    };
  }
  switch (ext) {
    case '.vbrs':
      return { file: vbrsBin, args: [full] };
    case '.sh':
      return { file: 'sh', args: [full] };
    case '.ps1':
      return { file: 'pwsh', args: ['-NoProfile', '-NonInteractive', '-File', full] };
    default:
      // .bat / .cmd need cmd.exe; on a non-Windows machine the spawn fails with a clear ENOENT line.
      return { file: 'cmd.exe', args: ['/d', '/c', full] };
  }
}
