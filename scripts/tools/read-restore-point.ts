// Reads a disk image out of a vbrs repository (format version 1 or 2) using only the rules in
// docs/repository-format.md: no import from src/, just JSON, SHA-256 and zstd. It exists to prove
// the format is readable without vbrs (a test checks its output against Start-Restore's). Every
// file is verified before it is trusted: chain.json's hash line, each index's hash from chain.json,
// each record's grain tree hash.
//
//   node scripts/tools/read-restore-point.ts REPO JOB VM POINT_ID DISK OUT.img

import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { zstdDecompressSync } from 'node:zlib';

const GRAIN = 65536;

interface Chain {
  version: number;
  points: { id: string; dir: string; disks: { name: string; full: boolean; indexSha256?: string }[] }[];
}
interface Index {
  size: number;
  records: { offset: number; length: number; kind: 'data' | 'zero'; at?: number; stored?: number; codec?: string; checksum?: string }[];
}

/** The doc's name encoding: encodeURIComponent, plus '.' and '*'. */
function enc(name: string): string {
  return encodeURIComponent(name).replace(/\./g, '%2E').replace(/\*/g, '%2A');
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The doc's sealed JSON file: version 2 ends in a line `#sha256 <hex>` over every byte before it. */
function readSealed(file: string): { value: { version: number }; sealed: boolean } {
  const bytes = fs.readFileSync(file);
  const text = bytes.toString('latin1');
  const m = /\n(#sha256 ([0-9a-f]{64}))\n$/.exec(text);
  if (!m) return { value: JSON.parse(bytes.toString('utf8')), sealed: false };
  const body = bytes.subarray(0, text.length - m[1]!.length - 1);
  if (sha256(body) !== m[2]) throw new Error(`${file} is damaged (checksum mismatch)`);
  return { value: JSON.parse(body.toString('utf8')), sealed: true };
}

/** The doc's grain tree hash: SHA-256 over the SHA-256 of each 64 KiB slice. */
function treeHash(data: Buffer): string {
  const outer = createHash('sha256');
  for (let at = 0; at < data.length; at += GRAIN) outer.update(createHash('sha256').update(data.subarray(at, at + GRAIN)).digest());
  return outer.digest('hex');
}

export function readRestorePoint(repo: string, job: string, vm: string, pointId: string, disk: string, out: string): void {
  const chainDir = path.join(repo, enc(job), enc(vm));
  const read = readSealed(path.join(chainDir, 'chain.json'));
  const chain = read.value as Chain;
  if (chain.version !== (read.sealed ? 2 : 1)) throw new Error(`${chainDir}/chain.json is not a version 1 or 2 chain`);
  const at = chain.points.findIndex((p) => p.id === pointId);
  if (at < 0) throw new Error(`no restore point ${pointId} in ${chainDir}/chain.json`);
  // 1. The disk's chain: back from the point to the nearest point where the disk is full.
  const points: Chain['points'] = [];
  for (let i = at; i >= 0; i--) {
    const d = chain.points[i]!.disks.find((x) => x.name === disk);
    if (!d) continue;
    points.unshift(chain.points[i]!);
    if (d.full) break;
  }
  const indexOf = (p: Chain['points'][number]) => {
    const bytes = fs.readFileSync(path.join(chainDir, p.dir, `${enc(disk)}.index.json`));
    const want = p.disks.find((x) => x.name === disk)!.indexSha256;
    if (want !== undefined && sha256(bytes) !== want) throw new Error(`point ${p.id}: the index of disk ${disk} is damaged`);
    const ix = JSON.parse(bytes.toString('utf8')) as Index;
    for (const r of ix.records) if (r.kind !== 'data' && r.kind !== 'zero') throw new Error(`point ${p.id}: unknown record kind`);
    return ix;
  };
  // 2. An output of the target's size, reading as zeros.
  const size = indexOf(points[points.length - 1]!).size;
  const fd = fs.openSync(out, 'w');
  fs.ftruncateSync(fd, size);
  // 3. Apply every record, oldest point first.
  for (const p of points) {
    const data = fs.openSync(path.join(chainDir, p.dir, `${enc(disk)}.data`), 'r');
    for (const r of indexOf(p).records) {
      let bytes: Buffer;
      if (r.kind === 'zero') bytes = Buffer.alloc(r.length);
      else {
        const stored = Buffer.alloc(r.stored!);
        fs.readSync(data, stored, 0, r.stored!, r.at!);
        bytes = r.codec === 'zstd' ? zstdDecompressSync(stored) : stored;
        if (bytes.length !== r.length || treeHash(bytes) !== r.checksum)
          throw new Error(`point ${p.id}: record at offset ${r.offset} is damaged`);
      }
      const n = Math.max(0, Math.min(r.length, size - r.offset));
      if (n > 0) fs.writeSync(fd, bytes, 0, n, r.offset);
    }
    fs.closeSync(data);
  }
  fs.closeSync(fd);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  if (args.length !== 6) {
    console.error('usage: read-restore-point.ts REPO JOB VM POINT_ID DISK OUT.img');
    process.exit(2);
  }
  try {
    readRestorePoint(args[0]!, args[1]!, args[2]!, args[3]!, args[4]!, args[5]!);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
