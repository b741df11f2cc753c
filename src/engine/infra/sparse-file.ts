// Creating a virtual disk must not write its size in zeros: a sparse file of the right length costs
// nothing and reads of its holes come back as zeros from the file system.

import * as fs from 'node:fs';
import * as path from 'node:path';

export function createSparseFile(file: string, size: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'wx');
  try {
    fs.ftruncateSync(fd, size);
  } finally {
    fs.closeSync(fd);
  }
}

/** `size:mtimeNs` — what CBT records so a change made by anything but vbrs is noticed. */
export function fileStamp(file: string): string {
  const st = fs.statSync(file, { bigint: true });
  return `${st.size}:${st.mtimeNs}`;
}
