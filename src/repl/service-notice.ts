// The REPL's start-up line when a `vbrs service` owns the data folder: the user learns that jobs
// also run by themselves here, and where the API is, before typing a Start-Job of their own.

import { readServiceLock } from '../service/service-lock.ts';

export function serviceNotice(home: string): string | null {
  const owner = readServiceLock(home);
  if (!owner) return null;
  const where = owner.address ? ` at ${owner.address}` : '';
  return `The vbrs service (pid ${owner.pid}${where}) owns this data folder: scheduled jobs run there; jobs you start here run in this shell.`;
}
