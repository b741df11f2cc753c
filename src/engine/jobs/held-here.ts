// What this process holds in a catalog: the sessions it runs and the webhook posts it has claimed.
// A record carries the pid of the process that wrote it, and "another pid that is gone" means
// abandoned; but a record under this process's own pid is not necessarily this process's: after a
// restart a process can get its predecessor's pid back (PID 1 of a restarted container), and
// "my pid, so mine" would leave that session Working — the job blocked — and its post unsent for
// ever. So a record under the own pid counts as held only when this process made it.

const held = new Set<string>();

export type HeldKind = 'session' | 'post';

const key = (catalogFile: string, kind: HeldKind, id: number) => `${kind}\u0000${catalogFile}\u0000${id}`;

export const heldHere = {
  add(catalogFile: string, kind: HeldKind, id: number): void {
    held.add(key(catalogFile, kind, id));
  },
  delete(catalogFile: string, kind: HeldKind, id: number): void {
    held.delete(key(catalogFile, kind, id));
  },
  has(catalogFile: string, kind: HeldKind, id: number): boolean {
    return held.has(key(catalogFile, kind, id));
  },
};
