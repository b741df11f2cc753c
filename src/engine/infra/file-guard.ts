// The hook the single disk write path calls before it changes or deletes a file. Storage snapshots
// implement it (copy-on-write of the old bytes into each live snapshot's preserved-blocks store);
// infra only knows this narrow interface, so it never depends on storage.

export interface FileGuard {
  /** Called before bytes [offset, offset + length) of `path` are overwritten. */
  beforeWrite(path: string, offset: number, length: number): void;
  /** Called before `path` is deleted. */
  beforeDelete(path: string): void;
}

export const noGuard: FileGuard = { beforeWrite() {}, beforeDelete() {} };
