// `npm run bench`: the engine's data path on the standard image (scripts/bench/make-disk-image.py,
// a copy of the shared bench generator; 2 GiB, then 1% of its 64 KiB blocks mutated), measured in one run on this machine beside the peers
// (zstd -1 -T1, restic, borg). Every figure is measured here; ratios compare with peers of the same
// run. Results go to stdout as a table and to bench-out/results.json.
//
//   npm run bench                      # 2 GiB standard image
//   VBRS_BENCH_MIB=256 npm run bench   # a quicker, smaller image
//   VBRS_BENCH_PEERS=0 npm run bench   # skip restic/borg
//   node scripts/bench/run.ts --only data-path   # the data path and zstd -1 only (no restic/borg
//                                               # unless VBRS_BENCH_PEERS=1, no snapshot or REPL part)
//   VBRS_BENCH_RUNS=5 npm run bench    # product-path runs (default 3); VBRS_BENCH_MANY=0 skips 8 disks
//   node scripts/bench/run.ts --only product-path  # the product path (and its peers) only
// First the product path (product-path.ts): the .vbrs script a user runs, through bin/vbrs, with
// its peers per run and the floor under its full (work-floor.ts); then the library call of the
// same data path, below.
// Then backup from storage snapshots vs regular VM snapshots (snapshot-lifetime.ts), then the
// REPL's start-up time (repl-startup.ts), then the service: API requests/s and jobs at once
// (service.ts; skipped with a message without `hey`).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { BackupRepository } from '../../src/engine/repository/backup-repository.ts';
import { runDiskTransfer } from '../../src/engine/datamover/disk-transfer.ts';
import type { TransferMode } from '../../src/engine/datamover/disk-transfer.ts';
import type { TransferStats } from '../../src/engine/datamover/transfer-stats.ts';
import { restorePointToFiles } from '../../src/engine/datamover/restore-point-to-files.ts';
import { DataMoverPool } from '../../src/engine/datamover/data-mover-pool.ts';
import { borgPeer, resticPeer, zstdPeer } from './peer-tools.ts';
import type { PeerRun } from './peer-tools.ts';
import { formatSnapshotLifetime, snapshotLifetimeBench } from './snapshot-lifetime.ts';
import { replStartupBench } from './repl-startup.ts';
import { formatServiceBench, serviceBench } from './service.ts';
import { formatProductPath, manyDisksBench, productPathBench, sha256File } from './product-path.ts';

const MiB = 1 << 20;
const GRAIN = 64 * 1024;
const here = path.dirname(new URL(import.meta.url).pathname);
const makeScript = process.env.VBRS_BENCH_IMAGE_SCRIPT ?? path.resolve(here, 'make-disk-image.py');
const work = path.resolve(process.env.VBRS_BENCH_DIR ?? path.join(here, '../../bench-out'));
const sizeMiB = Number(process.env.VBRS_BENCH_MIB ?? 2048);
const blockSize = Number(process.env.VBRS_BENCH_BLOCK ?? MiB);
const only = onlyPart(process.argv.slice(2));
const peers = only === 'data-path' ? process.env.VBRS_BENCH_PEERS === '1' : process.env.VBRS_BENCH_PEERS !== '0';

/** `--only data-path` (or `--only=data-path`): run one part of the bench; null runs everything. */
function onlyPart(args: string[]): 'data-path' | 'product-path' | null {
  const i = args.findIndex((a) => a === '--only' || a.startsWith('--only='));
  if (i < 0) {
    if (args.length > 0) usage(`unknown argument '${args[0]}'`);
    return null;
  }
  const value = args[i]!.includes('=') ? args[i]!.slice('--only='.length) : args[i + 1];
  if (value !== 'data-path' && value !== 'product-path') usage(`--only takes 'data-path' or 'product-path', not '${value ?? ''}'`);
  return value;
}

function usage(problem: string): never {
  console.error(`bench: ${problem}; usage: node scripts/bench/run.ts [--only data-path|product-path]`);
  process.exit(2);
}

function sh(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
  return r.stdout;
}

/** The standard image, cached in bench-out when the generator and size are unchanged. */
function prepareImages(): { base: string; mutated: string; extents: { offset: number; length: number }[] } {
  fs.mkdirSync(work, { recursive: true });
  const base = path.join(work, `base-${sizeMiB}.img`);
  const stamp = `${base}.stamp`;
  const want = createHash('sha256').update(fs.readFileSync(makeScript)).digest('hex');
  if (!fs.existsSync(base) || !fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== want) {
    console.error(`making the ${sizeMiB} MiB standard image…`);
    sh('python3', [makeScript, base, String(sizeMiB)]);
    fs.writeFileSync(stamp, want);
  }
  const mutated = path.join(work, `mutated-${sizeMiB}.img`);
  sh('cp', ['--sparse=always', base, mutated]);
  sh('python3', [makeScript, mutated, '--mutate', '1']);
  // The generator's own choice of blocks (seed 7 → Random(8).sample), i.e. what CBT would report.
  const nblocks = Math.floor((sizeMiB * MiB) / GRAIN);
  const picked = JSON.parse(
    sh('python3', ['-c', `import random,json;n=${nblocks};print(json.dumps(random.Random(8).sample(range(n), max(1, n*1//100))))`]),
  ) as number[];
  return { base, mutated, extents: picked.map((b) => ({ offset: b * GRAIN, length: GRAIN })) };
}

interface Measured {
  ms: number;
  /** CPU time of this process, all threads (main + data mover workers). */
  cpuMs: number;
  stats: TransferStats;
  pointId: string;
}

// A full collection between phases, so garbage one phase left (its transferred buffers) is not
// collected on the next phase's clock. Benchmark-only: the engine never forces a collection.
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

/** Flushes dirty pages and garbage so one phase's leftovers do not slow the next one. */
function settle(): void {
  spawnSync('sync');
  collect();
}

/**
 * The file's allocated ranges (SEEK_DATA/SEEK_HOLE), i.e. what a hypervisor reports for a disk's
 * first full (VMware: changed areas since change id "*"). Untimed, like the CBT extents.
 */
function allocatedOf(file: string): { offset: number; length: number }[] {
  const py = `import os,json
fd=os.open(${JSON.stringify(file)},os.O_RDONLY); end=os.fstat(fd).st_size; out=[]; pos=0
while pos<end:
    try: s=os.lseek(fd,pos,os.SEEK_DATA)
    except OSError: break
    e=os.lseek(fd,s,os.SEEK_HOLE); out.append({"offset":s,"length":e-s}); pos=e
print(json.dumps(out))`;
  return JSON.parse(sh('python3', ['-c', py])) as { offset: number; length: number }[];
}

async function backup(
  repo: BackupRepository,
  pool: DataMoverPool,
  job: string,
  image: string,
  mode: TransferMode,
  allocated?: { offset: number; length: number }[],
): Promise<Measured> {
  const size = fs.statSync(image).size;
  settle();
  const start = performance.now();
  const cpu = process.cpuUsage();
  const w = await repo.beginPoint({ job, vm: 'bench', type: mode.kind === 'full' ? 'Full' : 'Increment', disks: [{ name: 'disk0', size }], blockSize, compression: 'Optimal' });
  const stats = await runDiskTransfer({ image: { kind: 'raw', path: image, size, ...(allocated ? { allocated } : {}) }, mode, pool }, w.disk('disk0'));
  const point = await w.commit();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, stats, pointId: point.id };
}

function fmtMs(ms: number | null): string {
  return ms === null ? '—' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

function rate(bytes: number, ms: number): string {
  return `${((bytes / ms) * 1000 / 1e9).toFixed(2)} GB/s`;
}

async function main(): Promise<void> {
  const { base, mutated, extents } = prepareImages();
  const imageBytes = sizeMiB * MiB;
  // What users run first: Start-Job / Start-Restore through bin/vbrs, several runs with their peers.
  const runs = Number(process.env.VBRS_BENCH_RUNS ?? 3);
  if (!(runs >= 1)) usage(`VBRS_BENCH_RUNS must be a positive number, not '${process.env.VBRS_BENCH_RUNS}'`);
  const product = only === 'data-path' ? null : productPathBench(base, work, runs);
  const many = product === null || process.env.VBRS_BENCH_MANY === '0' ? null : manyDisksBench(sizeMiB, makeScript, base, work, runs);
  if (product) console.log(`\n${formatProductPath(sizeMiB, product, many)}\n`);
  if (only === 'product-path') {
    fs.writeFileSync(path.join(work, 'results.json'), JSON.stringify({ sizeMiB, product, manyDisks: many }, null, 1));
    fs.rmSync(mutated, { force: true });
    if (!product!.identical) process.exitCode = 1;
    return;
  }

  const repoDir = path.join(work, 'repo');
  fs.rmSync(repoDir, { recursive: true, force: true });
  const pool = new DataMoverPool();
  const repo = await BackupRepository.open(repoDir);

  settle();
  const zstd = zstdPeer(base, work);
  // Fulls and the CBT increment get the allocation map a hypervisor provides; the digest increment
  // gets none and reads the whole image, as it must when change tracking cannot be trusted.
  const baseAllocated = allocatedOf(base);
  const fullA = await backup(repo, pool, 'cbt', base, { kind: 'full' }, baseAllocated);
  const cbt = await backup(repo, pool, 'cbt', mutated, { kind: 'extents', extents }, allocatedOf(mutated));
  const fullB = await backup(repo, pool, 'digest', base, { kind: 'full' }, baseAllocated);
  const digest = await backup(repo, pool, 'digest', mutated, { kind: 'digest' });

  const point = (await repo.chain('cbt', 'bench')).find((p) => p.id === cbt.pointId)!;
  const outDir = path.join(work, 'restore');
  fs.rmSync(outDir, { recursive: true, force: true });
  settle();
  const rs = performance.now();
  const rcpu = process.cpuUsage();
  const restored = await restorePointToFiles(repo, point, outDir, { pool });
  const restoreMs = performance.now() - rs;
  const rused = process.cpuUsage(rcpu);
  const restoreCpuMs = (rused.user + rused.system) / 1000;
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  await pool.close();
  const identical = sha256File(restored.files[0]!) === sha256File(mutated);
  fs.rmSync(outDir, { recursive: true, force: true });

  const peerRuns: PeerRun[] = [zstd];
  if (peers) peerRuns.push(...resticPeer(base, mutated, work), ...borgPeer(base, mutated, work));

  const best = fullA.ms <= fullB.ms ? fullA : fullB;
  const full = best.ms;
  const z = zstd.ms;
  const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const rows: string[][] = [
    ['full backup (best of 2)', fmtMs(full), fmtMs(best.cpuMs), `${rate(imageBytes, full)}; ${z ? `${(full / z).toFixed(2)}× the time of zstd -1 -T1` : 'no zstd'}`, 'faster than zstd -1 -T1'],
    ['CBT incremental', fmtMs(cbt.ms), fmtMs(cbt.cpuMs), `${((cbt.ms / full) * 100).toFixed(1)}% of full; read ${(cbt.stats.readBytes / MiB).toFixed(1)} MiB`, '< 5% of full'],
    ['digest incremental', fmtMs(digest.ms), fmtMs(digest.cpuMs), `${((digest.ms / full) * 100).toFixed(1)}% of full; read ${(digest.stats.readBytes / MiB).toFixed(0)} MiB`, '< 60% of full'],
    ['restore (latest incremental)', fmtMs(restoreMs), fmtMs(restoreCpuMs), `${rate(imageBytes, restoreMs)}; identical: ${identical}`, '≥ 1 GB/s'],
    ['peak RSS', `${peakRssMB.toFixed(0)} MB`, '', '', '< 400 MB'],
  ];
  for (const p of peerRuns)
    rows.push([p.name, fmtMs(p.ms), fmtMs(p.cpuMs), p.ms ? `${(p.ms / full).toFixed(2)}× the time of the vbrs full` : p.note, 'peer']);

  const stored = (s: TransferStats) => `${(s.transferredBytes / MiB).toFixed(0)} MiB stored`;
  console.log(`\nLibrary call (the engine's data path without the shell; best of 2 fulls):`);
  console.log(`\nvbrs bench: ${sizeMiB} MiB image, block ${blockSize / 1024} KiB, Optimal compression, ${pool.size} workers, load average at end ${load}\n`);
  console.log('| measure | wall | CPU | figure | target |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(`\nfull: ${stored(fullA.stats)}, zero ${(fullA.stats.skippedZeroBytes / MiB).toFixed(0)} MiB skipped (${(fullA.stats.unreadHoleBytes / MiB).toFixed(0)} MiB of holes not read), dedupe ${(fullA.stats.dedupedBytes / MiB).toFixed(0)} MiB; busy ${JSON.stringify(fullA.stats.busy)} → bottleneck ${fullA.stats.bottleneck}`);
  console.log(`restore: ${(restored.writtenBytes / MiB).toFixed(0)} MiB written; main read ${restored.timing.readMs} ms, workers decode+verify ${restored.timing.decodeMs} ms, write ${restored.timing.writeMs} ms (summed over workers)`);
  console.log(`cbt: ${stored(cbt.stats)}; busy ${JSON.stringify(cbt.stats.busy)}; digest: ${stored(digest.stats)}; busy ${JSON.stringify(digest.stats.busy)} → ${digest.stats.bottleneck}`);
  fs.writeFileSync(
    path.join(work, 'results.json'),
    JSON.stringify({ sizeMiB, blockSize, load, product, manyDisks: many, fullMs: [fullA.ms, fullB.ms], fullCpuMs: [fullA.cpuMs, fullB.cpuMs], cbtMs: cbt.ms, cbtCpuMs: cbt.cpuMs, digestMs: digest.ms, digestCpuMs: digest.cpuMs, restoreMs, restoreCpuMs, restoreTiming: restored.timing, peakRssMB, identical, stats: { full: fullA.stats, cbt: cbt.stats, digest: digest.stats }, peers: peerRuns }, null, 1),
  );
  // Keep only the cached base image: the repository and the mutated copy are GBs of scratch.
  fs.rmSync(repoDir, { recursive: true, force: true });
  fs.rmSync(mutated, { force: true });
  if (!identical || product?.identical === false) process.exitCode = 1;
  if (only === 'data-path') return;

  // Backup from storage snapshots against regular VM snapshots under the same guest workload.
  console.log('');
  console.log(formatSnapshotLifetime(await snapshotLifetimeBench()));
  await DataMoverPool.shared().close();

  // The interactive shell: time from `vbrs` to a prompt, and until the Ink editor reads keys.
  const repl = await replStartupBench();
  console.log(`\nREPL start-up (${repl.runs.length} runs): a key typed at the first prompt is on the screen at median ${repl.keyMedianMs} ms (budget ${repl.budgetMs} ms); first prompt median ${repl.medianMs} ms (min ${repl.minMs}), Ink prompt drawn median ${repl.inkMedianMs} ms; catalog opened before the prompt: ${repl.dataFilesAtPrompt.length > 0 ? 'yes' : 'no'}`);

  // The backup server: API throughput with 1,000 sessions, jobs started at once.
  if (spawnSync('hey', ['-h']).error) console.log('\nService bench skipped: hey is not installed (apt-get install hey).');
  else console.log(`\n${formatServiceBench(await serviceBench())}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
