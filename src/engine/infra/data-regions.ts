// Where a file holds data, as the file system knows it (lseek SEEK_DATA / SEEK_HOLE): the holes of a
// sparse image are never read, as a hypervisor's allocation map spares a proxy reading unallocated
// blocks of a VM's first full. Node has no lseek, so a tiny Python program asks the kernel; where
// there is no python3, or the file system cannot say, the answer is null and readers read everything
// (a file system without hole support reports one data region: the whole file, also correct).
// The regions are a superset of the file's non-zero bytes, so reading only them loses nothing.

import { execFile } from 'node:child_process';
import type { Extent } from '../datamover/extent.ts';

// Prints "offset length" per data region, up to `size` (the file may be longer than the disk).
const PROGRAM = `
import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
size = int(sys.argv[2])
pos, out = 0, []
while pos < size:
    try:
        start = os.lseek(fd, pos, os.SEEK_DATA)
    except OSError:
        break
    if start >= size:
        break
    end = min(os.lseek(fd, start, os.SEEK_HOLE), size)
    out.append("%d %d" % (start, end - start))
    pos = end
sys.stdout.write("\\n".join(out))
`;

/** The data regions of `file` within its first `size` bytes, or null when they cannot be known. */
export function dataRegions(file: string, size: number): Promise<Extent[] | null> {
  return new Promise((resolve) => {
    execFile('python3', ['-c', PROGRAM, file, String(size)], { timeout: 10_000, maxBuffer: 64 << 20, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } }, (err, stdout) => {
      if (err) return resolve(null);
      const regions: Extent[] = [];
      for (const line of stdout.split('\n')) {
        if (line === '') continue;
        const [offset, length] = line.split(' ').map(Number);
        if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length)) return resolve(null);
        regions.push({ offset: offset!, length: length! });
      }
      resolve(regions);
    });
  });
}
