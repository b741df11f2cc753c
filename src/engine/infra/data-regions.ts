// Where a file holds data, as the file system knows it (lseek SEEK_DATA / SEEK_HOLE): the holes of a
// sparse image are never read, as a hypervisor's allocation map spares a proxy reading unallocated
// blocks of a VM's first full. Node has no lseek, so a tiny Python program asks the kernel; where
// there is no python3, or the file system cannot say, the answer is null and readers read everything
// (a file system without hole support reports one data region: the whole file, also correct).
// The regions are a superset of the file's non-zero bytes, so reading only them loses nothing.

import { execFile } from 'node:child_process';
import type { Extent } from '../datamover/extent.ts';

// For each FILE SIZE pair of its arguments, prints one line of "offset length" pairs, the data
// regions up to SIZE (the file may be longer than the disk), or "-" when the file cannot be asked.
// Only ENXIO ("no data past this offset") ends a file's regions; any other error of lseek (EIO on
// a failing mount, EINVAL from a FUSE server, ...) makes the whole answer "-", so the file is read
// in full: a short list would make the reader take data for holes. The fsync first makes dirty
// pages allocated, so no file system can report data written moments ago as a hole (OpenZFS did:
// openzfs/zfs#11900, #15526). One process for all of a VM's disks: Python's start (~70 ms of CPU)
// is paid once.
const PROGRAM = `
import errno, os, sys
def regions(path, size):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        out, pos = [], 0
        while pos < size:
            try:
                start = os.lseek(fd, pos, os.SEEK_DATA)
            except OSError as e:
                if e.errno == errno.ENXIO:
                    break
                raise
            if start >= size:
                break
            end = min(os.lseek(fd, start, os.SEEK_HOLE), size)
            if end <= start:
                raise OSError(errno.EIO, "no progress")
            out.append("%d %d" % (start, end - start))
            pos = end
        return " ".join(out)
    finally:
        os.close(fd)
args = sys.argv[1:]
for i in range(0, len(args), 2):
    try:
        print(regions(args[i], int(args[i + 1])))
    except OSError:
        print("-")
`;

/** The data regions of each file within its first `size` bytes; null for one that cannot be known. */
export function dataRegions(files: readonly { path: string; size: number }[]): Promise<(Extent[] | null)[]> {
  if (files.length === 0) return Promise.resolve([]);
  const args = files.flatMap((f) => [f.path, String(f.size)]);
  return new Promise((resolve) => {
    execFile('python3', ['-S', '-c', PROGRAM, ...args], { timeout: 10_000, maxBuffer: 64 << 20, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } }, (err, stdout) => {
      const lines = stdout.split('\n');
      resolve(files.map((_, i) => (err ? null : parseRegions(lines[i]))));
    });
  });
}

/** One file's line of "offset length" pairs; null when it is "-", missing or not numbers. */
function parseRegions(line: string | undefined): Extent[] | null {
  if (line === undefined || line === '-') return null;
  const n = line === '' ? [] : line.split(' ').map(Number);
  if (n.length % 2 !== 0 || !n.every(Number.isSafeInteger)) return null;
  const regions: Extent[] = [];
  for (let i = 0; i < n.length; i += 2) regions.push({ offset: n[i]!, length: n[i + 1]! });
  return regions;
}
