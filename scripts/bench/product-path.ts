// The bench's product path: `bin/vbrs scripts/bench/product-path.vbrs`, the script a user would
// write (Add-VM -DiskPath, Start-Job, Start-Workload -ChangePercent 1, Start-Job, Start-Restore),
// run as a child process with a fresh VBRS_HOME, several times, each run beside its peers: `zstd -1
// -T1` of the same image right before it, `zstd -d -T1` of that file to a new file right after it.
// Figures are what the user sees: the sessions' Duration and the restore timed in the script; peak
// RSS is the whole vbrs process's (getrusage of the child). Then the many-disk case: 8 disks of
// size/8 on 2 proxies against the same bytes as one disk, alternated run by run.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { hasTool, timed } from './peer-tools.ts';

const MiB = 1 << 20;
const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../..');
const script = path.join(here, 'product-path.vbrs');

export interface ProductRun {
  fullMs: number;
  incrementalMs: number | null;
  restoreMs: number | null;
  /** Peak resident set of the whole vbrs process (main thread and data mover workers). */
  peakRssMB: number;
  /** User + system CPU of the whole vbrs process (start-up, every phase, all threads). */
  cpuMs: number;
  /** The restored image is SHA-256-identical to the disk as the last backup saw it. */
  identical: boolean | null;
  zstdMs: number | null;
  unzstdMs: number | null;
  /** The peers' CPU (user + system): on a loaded machine a steadier figure than their wall time. */
  zstdCpuMs: number | null;
  unzstdCpuMs: number | null;
  /** The full's work alone on every core (work-floor.ts), timed right after `zstd -1`. */
  floorMs: number | null;
}

export interface ProductSummary {
  runs: ProductRun[];
  /** Median and [min, max] over the runs of each ratio. */
  full: Spread;
  /** The floor / `zstd -1 -T1`: the least the full's ratio can be on this machine. */
  floor: Spread | null;
  /** The full / the floor: how far the product is from the work it must do. */
  fullOverFloor: Spread | null;
  restore: Spread | null;
  incremental: Spread | null;
  peakRssMB: Spread;
  identical: boolean;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface ManyDisksRun {
  oneDiskMs: number;
  manyDisksMs: number;
}

export function spread(values: number[]): Spread {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]! };
}

/** SHA-256 of a file, read in 8 MiB pieces (the bench's byte-identity check). */
export function sha256File(file: string): string {
  const h = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(8 * MiB);
  for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) h.update(buf.subarray(0, n));
  fs.closeSync(fd);
  return h.digest('hex');
}


interface ScriptOutput {
  full: number;
  fullResult: string;
  incremental?: number;
  incrementalResult?: string;
  restore?: number;
  files?: string[];
}

/**
 * Runs the product script as a user would (bin/vbrs, fresh data folder, plain environment) under a
 * tiny Python parent that reports the child's peak RSS (ru_maxrss of RUSAGE_CHILDREN, KiB) and CPU.
 */
function runScript(args: string[], home: string): { out: ScriptOutput; peakRssMB: number; cpuMs: number } {
  const py = 'import resource,subprocess,sys\nr=subprocess.run(sys.argv[1:])\nu=resource.getrusage(resource.RUSAGE_CHILDREN)\nsys.stderr.write("maxrss %d cpu %.3f\\n" % (u.ru_maxrss, u.ru_utime + u.ru_stime))\nsys.exit(r.returncode)';
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, VBRS_HOME: home, NO_COLOR: '1', TZ: 'UTC', LANG: 'C.UTF-8' };
  const r = spawnSync('python3', ['-c', py, path.join(root, 'bin/vbrs'), script, ...args], { env, encoding: 'utf8', maxBuffer: 16 * MiB });
  const rss = /maxrss (\d+) cpu ([\d.]+)/.exec(r.stderr ?? '');
  if (r.status !== 0 || !rss) throw new Error(`product-path script failed (status ${r.status}): ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  const out = JSON.parse(line) as ScriptOutput;
  if (out.fullResult !== 'Success' || (out.incrementalResult !== undefined && out.incrementalResult !== 'Success')) {
    throw new Error(`product-path script: sessions ended ${out.fullResult}/${out.incrementalResult ?? '-'}`);
  }
  return { out, peakRssMB: Number(rss[1]) / 1024, cpuMs: Number(rss[2]) * 1000 };
}

/** One run of work-floor.ts on the image (a fresh node process, as a peer is); its wall time in ms. */
function workFloorRun(image: string): number | null {
  const r = spawnSync(process.execPath, [path.join(here, 'work-floor.ts'), image], { encoding: 'utf8', env: { PATH: process.env.PATH, LANG: 'C.UTF-8' } });
  if (r.status !== 0) throw new Error(`work-floor.ts failed (status ${r.status}): ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
  return (JSON.parse(r.stdout.trim().split('\n').pop() ?? 'null') as { ms: number } | null)?.ms ?? null;
}

/** One run: peers first (same image, same minute), then the script on a scratch copy of the image. */
function productRun(base: string, work: string, i: number): ProductRun {
  const dir = path.join(work, `product-${i}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  try {
    // Peers beside the script: zstd -1 of the image just before it (the full is its first phase),
    // zstd -d of that file just after it (the restore is its last), so each pair shares a minute.
    const zst = path.join(dir, 'peer.zst');
    const zstd = hasTool('zstd');
    spawnSync('sync');
    const z = zstd ? timed('zstd -1 -T1', 'zstd', ['-1', '-T1', '-q', '-f', base, '-o', zst]) : null;
    const floorMs = workFloorRun(base);
    // Start-Workload rewrites the disk in place, so the script gets its own copy of the image.
    const disk = path.join(dir, 'disk.img');
    spawnSync('cp', ['--sparse=always', base, disk]);
    spawnSync('sync');
    const { out, peakRssMB, cpuMs } = runScript(['-Image', disk, '-Out', dir, '-Incremental'], path.join(dir, 'home'));
    spawnSync('sync');
    const u = z?.ms ? timed('zstd -d -T1', 'zstd', ['-d', '-T1', '-q', '-f', zst, '-o', path.join(dir, 'peer.img')]) : null;
    fs.rmSync(path.join(dir, 'peer.img'), { force: true });
    const restored = out.files?.[0];
    const identical = restored ? sha256File(restored) === sha256File(disk) : null;
    return {
      fullMs: out.full,
      incrementalMs: out.incremental ?? null,
      restoreMs: out.restore ?? null,
      peakRssMB,
      cpuMs,
      identical,
      zstdMs: z?.ms ?? null,
      unzstdMs: u?.ms ?? null,
      zstdCpuMs: z?.cpuMs ?? null,
      unzstdCpuMs: u?.cpuMs ?? null,
      floorMs,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function productPathBench(base: string, work: string, runs: number): ProductSummary {
  const all: ProductRun[] = [];
  for (let i = 0; i < runs; i++) all.push(productRun(base, work, i));
  const ratios = (f: (r: ProductRun) => number | null) => {
    const v = all.map(f).filter((x): x is number => x !== null && Number.isFinite(x));
    return v.length === all.length ? spread(v) : null;
  };
  return {
    runs: all,
    full: ratios((r) => (r.zstdMs ? r.fullMs / r.zstdMs : null)) ?? spread(all.map((r) => r.fullMs)),
    floor: ratios((r) => (r.floorMs !== null && r.zstdMs ? r.floorMs / r.zstdMs : null)),
    fullOverFloor: ratios((r) => (r.floorMs ? r.fullMs / r.floorMs : null)),
    restore: ratios((r) => (r.restoreMs !== null && r.unzstdMs ? r.restoreMs / r.unzstdMs : null)),
    incremental: ratios((r) => (r.incrementalMs !== null ? r.incrementalMs / r.fullMs : null)),
    peakRssMB: spread(all.map((r) => r.peakRssMB)),
    identical: all.every((r) => r.identical === true),
  };
}

/**
 * 8 disks of size/8 (the generator with seeds 7…14) on 2 proxies against one disk of the same
 * total size, alternated so both see the same load; full backups only, session Duration.
 */
export function manyDisksBench(sizeMiB: number, makeScript: string, oneDisk: string, work: string, runs: number): ManyDisksRun[] {
  const dir = path.join(work, 'many-disks');
  fs.mkdirSync(dir, { recursive: true });
  const part = Math.floor(sizeMiB / 8);
  const disks: string[] = [];
  for (let k = 0; k < 8; k++) {
    const f = path.join(dir, `part-${part}-${k}.img`);
    if (!fs.existsSync(f)) {
      const r = spawnSync('python3', [makeScript, f, String(part), '--seed', String(7 + k)], { stdio: 'ignore' });
      if (r.status !== 0) throw new Error(`make-disk-image.py ${f} failed`);
    }
    disks.push(f);
  }
  const out: ManyDisksRun[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const once = (images: string[], proxies: number) => {
        const run = path.join(dir, `run-${i}`);
        fs.rmSync(run, { recursive: true, force: true });
        spawnSync('sync');
        try {
          return runScript(['-Image', images.join(','), '-Out', run, '-Proxies', String(proxies), '-NoRestore'], path.join(run, 'home')).out.full;
        } finally {
          fs.rmSync(run, { recursive: true, force: true });
        }
      };
      const oneDiskMs = once([oneDisk], 2);
      const manyDisksMs = once(disks, 2);
      out.push({ oneDiskMs, manyDisksMs });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

function fmt(ms: number | null): string {
  return ms === null ? '—' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

function fmtSpread(s: Spread | null, unit: (x: number) => string): string {
  return s === null ? '—' : `**${unit(s.median)}** (${unit(s.min)}–${unit(s.max)})`;
}

export function formatProductPath(sizeMiB: number, p: ProductSummary, many: ManyDisksRun[] | null): string {
  const x = (v: number) => `${v.toFixed(2)}×`;
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const mb = (v: number) => `${v.toFixed(0)} MB`;
  const n = p.runs.length;
  const lines = [
    `Product path: bin/vbrs scripts/bench/product-path.vbrs (Start-Job, Start-Restore), ${sizeMiB} MiB image, one disk, Optimal, 1 MB blocks; ${n} run${n === 1 ? '' : 's'}, median (min–max); each ratio against the peer timed in the same run`,
    '',
    '| measure | median (spread) | target | met |',
    '| --- | --- | --- | --- |',
    `| full backup (session Duration) / \`zstd -1 -T1\` | ${fmtSpread(p.full, x)} | ≤ 0.60× | ${p.full.median <= 0.6 ? 'yes' : 'no'} |`,
    `| the full's work alone on every core (work-floor.ts) / \`zstd -1 -T1\`: on a quiet machine, the least the line above can be | ${fmtSpread(p.floor, x)} | | |`,
    `| full backup / that floor | ${fmtSpread(p.fullOverFloor, x)} | | |`,
    `| restore of the latest point (timed in the script) / \`zstd -d -T1\` | ${fmtSpread(p.restore, x)}; identical: ${p.identical} | ≤ 1.00× | ${p.restore && p.restore.median <= 1 && p.identical ? 'yes' : 'no'} |`,
    `| CBT incremental after 1% / the full | ${fmtSpread(p.incremental, pct)} | ≤ 5% | ${p.incremental && p.incremental.median <= 0.05 ? 'yes' : 'no'} |`,
    `| peak RSS of the vbrs process | ${fmtSpread(p.peakRssMB, mb)} | ≤ 400 MB | ${p.peakRssMB.median <= 400 ? 'yes' : 'no'} |`,
  ];
  if (many && many.length > 0) {
    const r = spread(many.map((m) => m.manyDisksMs / m.oneDiskMs));
    lines.push(`| 8 disks × ${Math.floor(sizeMiB / 8)} MiB on 2 proxies / one ${sizeMiB} MiB disk (fulls) | ${fmtSpread(r, x)} | ≤ 1.20× | ${r.median <= 1.2 ? 'yes' : 'no'} |`);
  }
  lines.push('', 'runs: ' + p.runs.map((r) => `full ${fmt(r.fullMs)} (zstd -1 ${fmt(r.zstdMs)}, floor ${fmt(r.floorMs)}), restore ${fmt(r.restoreMs)} (zstd -d ${fmt(r.unzstdMs)}), incr ${fmt(r.incrementalMs)}, ${r.peakRssMB.toFixed(0)} MB`).join('; '));
  lines.push(`CPU (user + system): vbrs script, whole process (start-up, full, workload, incremental, restore) ${p.runs.map((r) => fmt(r.cpuMs)).join(', ')}; zstd -1 ${p.runs.map((r) => fmt(r.zstdCpuMs)).join(', ')}; zstd -d ${p.runs.map((r) => fmt(r.unzstdCpuMs)).join(', ')}; load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  if (many) lines.push('many disks: ' + many.map((m) => `8 disks ${fmt(m.manyDisksMs)} vs one ${fmt(m.oneDiskMs)}`).join('; '));
  return lines.join('\n');
}
