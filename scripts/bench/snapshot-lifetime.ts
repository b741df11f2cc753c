// Seed 002's point, measured: under the same background guest workload and the same throttled
// proxy → repository link, the same VMs are backed up once the regular way (a VM snapshot open for
// the whole read) and once from a storage snapshot (the VM snapshot lives only until the storage
// snapshot exists). Per VM it reports the VM snapshot lifetime, the delta bytes the snapshot
// accumulated and the commit time, all measured by the engine (task sessions and the
// vm-snapshot-committed events), and the ratios between the two runs.
//
//   node scripts/bench/snapshot-lifetime.ts
//   VBRS_BENCH_SSL_MIB=64 VBRS_BENCH_SSL_THROTTLE_MIB=16 VBRS_BENCH_SSL_WRITE_MBPS=4 node scripts/bench/snapshot-lifetime.ts

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomFillSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Engine } from '../../src/engine/engine.ts';
import type { EngineEvent } from '../../src/engine/engine-events.ts';
import { DataMoverPool } from '../../src/engine/datamover/data-mover-pool.ts';

const MiB = 1 << 20;

export interface SnapshotLifetimeOptions {
  /** Size of each VM's disk, MiB (filled with incompressible data). */
  diskMiB?: number;
  vms?: number;
  /** Throttling rule proxy → repository, MiB/s: makes the read take seconds, the same for both runs. */
  throttleMiBps?: number;
  /** Background guest workload per VM (Start-Workload -WriteMBps). */
  writeMBps?: number;
}

export interface SnapshotLifetimeRow {
  VM: string;
  SnapshotSource: string;
  TransportMode: string;
  VMSnapshotLifetimeMs: number;
  DeltaBytes: number;
  CommitMs: number;
  SessionMs: number;
}

export interface SnapshotLifetimeReport {
  options: Required<SnapshotLifetimeOptions>;
  rows: SnapshotLifetimeRow[];
  /** Regular ÷ storage snapshot, averaged over the VMs (Infinity when the storage-snapshot run measured 0). */
  ratios: { lifetime: number; delta: number; commit: number };
}

export async function snapshotLifetimeBench(opts: SnapshotLifetimeOptions = {}): Promise<SnapshotLifetimeReport> {
  const o: Required<SnapshotLifetimeOptions> = {
    diskMiB: opts.diskMiB ?? Number(process.env.VBRS_BENCH_SSL_MIB ?? 64),
    vms: opts.vms ?? Number(process.env.VBRS_BENCH_SSL_VMS ?? 2),
    throttleMiBps: opts.throttleMiBps ?? Number(process.env.VBRS_BENCH_SSL_THROTTLE_MIB ?? 32),
    writeMBps: opts.writeMBps ?? Number(process.env.VBRS_BENCH_SSL_WRITE_MBPS ?? 4),
  };
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'vbrs-bench-ssl-'));
  const previousHome = process.env.VBRS_HOME;
  process.env.VBRS_HOME = home;
  const engine = Engine.open({ home });
  try {
    engine.hosts.add({ Name: 'esx01' });
    engine.arrays.add({ Name: 'fas01', Vendor: 'NetApp' });
    engine.arrays.addVolume({ Array: 'fas01', Name: 'vol1' });
    engine.datastores.add({ Name: 'san01', Host: 'esx01', Volume: 'fas01/vol1' });
    engine.proxies.add({ Name: 'px-san', SanAccess: ['fas01'] });
    engine.repositories.add({ Name: 'repo01', Path: path.join(home, 'repo') });
    engine.throttling.add({ Name: 'link', Source: 'px-san', Target: 'repo01', Limit: o.throttleMiBps * MiB });
    const names = Array.from({ length: o.vms }, (_, i) => `vm${String(i + 1).padStart(2, '0')}`);
    const chunk = Buffer.alloc(4 * MiB);
    for (const name of names) {
      engine.vms.add({ Name: name, Host: 'esx01', Datastore: 'san01', GuestOS: 'Windows', DiskSize: [o.diskMiB * MiB] });
      const disk = engine.vms.disk(name, 'disk1');
      for (let at = 0; at < o.diskMiB * MiB; at += chunk.length) disk.write(at, randomFillSync(chunk).subarray(0, Math.min(chunk.length, o.diskMiB * MiB - at)));
    }
    // Two jobs over the same VMs, so both runs are full backups reading the same bytes.
    engine.jobs.add({ Name: 'Regular', VMs: names, Repository: 'repo01', Compression: 'None' });
    engine.jobs.add({ Name: 'FromStorage', VMs: names, Repository: 'repo01', Compression: 'None' });
    engine.jobs.setStorageOptions('FromStorage', { EnableStorageSnapshots: true });

    const rows: SnapshotLifetimeRow[] = [];
    for (const job of ['Regular', 'FromStorage']) {
      const commits = new Map<string, { deltaBytes: number; durationMs: number }>();
      const onEvent = (e: EngineEvent) => {
        if (e.kind === 'vm-snapshot-committed') commits.set(String(e.vm), { deltaBytes: Number(e.deltaBytes), durationMs: Number(e.durationMs) });
      };
      engine.events.on('event', onEvent);
      const load = names.map((vm, i) => engine.workload.start({ VM: vm, WriteMBps: o.writeMBps, DurationMs: 10 * 60_000, Seed: i + 1 }));
      const session = await engine.jobs.start(job).done;
      for (const w of load) w.stop();
      await Promise.all(load.map((w) => w.done));
      engine.events.off('event', onEvent);
      if (session.Result === 'Failed') throw new Error(`job ${job} failed:\n${session.Log.map((l) => l.Text).join('\n')}`);
      for (const t of engine.sessions.tasks(session.Id)) {
        const c = commits.get(t.VM);
        rows.push({
          VM: t.VM,
          SnapshotSource: String(t.SnapshotSource),
          TransportMode: String(t.TransportMode),
          VMSnapshotLifetimeMs: t.VMSnapshotLifetime ?? NaN,
          DeltaBytes: c?.deltaBytes ?? NaN,
          CommitMs: c?.durationMs ?? NaN,
          SessionMs: session.Duration ?? NaN,
        });
      }
    }
    const avg = (source: string, f: (r: SnapshotLifetimeRow) => number) => {
      const xs = rows.filter((r) => r.SnapshotSource === source).map(f);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    // x / 0 is Infinity: a storage-snapshot run whose VM snapshot took no delta at all.
    const ratio = (f: (r: SnapshotLifetimeRow) => number) => avg('VM', f) / avg('PrimaryStorage', f);
    return {
      options: o,
      rows,
      ratios: { lifetime: ratio((r) => r.VMSnapshotLifetimeMs), delta: ratio((r) => r.DeltaBytes), commit: ratio((r) => r.CommitMs) },
    };
  } finally {
    await engine.close();
    fs.rmSync(home, { recursive: true, force: true });
    if (previousHome === undefined) delete process.env.VBRS_HOME;
    else process.env.VBRS_HOME = previousHome;
  }
}

/** The report as a Markdown table plus the ratio line (what `npm run bench` prints). */
export function formatSnapshotLifetime(r: SnapshotLifetimeReport): string {
  const mib = (b: number) => (b / MiB).toFixed(2);
  const x = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)}×` : '∞ (no delta at all with storage snapshots)');
  return [
    `VM snapshot lifetime: ${r.options.vms} VM(s) × ${r.options.diskMiB} MiB, throttle ${r.options.throttleMiBps} MiB/s proxy → repository, guest workload ${r.options.writeMBps} MB/s per VM`,
    '',
    '| VM | snapshot source | transport | VM snapshot lifetime | delta accumulated | commit time | session |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...r.rows.map((row) => `| ${row.VM} | ${row.SnapshotSource} | ${row.TransportMode} | ${row.VMSnapshotLifetimeMs} ms | ${mib(row.DeltaBytes)} MiB | ${row.CommitMs.toFixed(1)} ms | ${(row.SessionMs / 1000).toFixed(1)} s |`),
    '',
    `regular ÷ storage snapshot: lifetime ${x(r.ratios.lifetime)}, delta ${x(r.ratios.delta)}, commit time ${x(r.ratios.commit)}`,
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = await snapshotLifetimeBench();
  console.log(formatSnapshotLifetime(report));
  DataMoverPool.shared().close();
}
