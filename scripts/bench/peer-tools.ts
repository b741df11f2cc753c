// The peers the benchmark measures itself against in the same run: `zstd -1 -T1` of the image (the
// bar for a full backup) and, when installed, restic and borg backing up the same file. Each is run
// as the user would run it; a missing tool is reported as skipped, never faked.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface PeerRun {
  name: string;
  ms: number | null;
  /** User + system CPU time of the tool (all its threads), from the shell's `times`. */
  cpuMs: number | null;
  note: string;
}

export function hasTool(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function seconds(t: string): number {
  const m = /^(\d+)m([\d.]+)s$/.exec(t);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
}

/** Runs a tool under bash so `times` reports its CPU time next to the wall time we measure. */
export function timed(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): PeerRun {
  const start = performance.now();
  const r = spawnSync('bash', ['-c', '"$@" >/dev/null || exit $?; times >&2', 'bash', cmd, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    cwd,
  });
  const ms = performance.now() - start;
  const err = r.stderr?.toString().trim().split('\n') ?? [];
  if (r.status !== 0) return { name, ms: null, cpuMs: null, note: `failed: ${err.pop() ?? r.error?.message}` };
  const children = (err[err.length - 1] ?? '').split(/\s+/).map(seconds);
  const cpuMs = children.length === 2 && children.every(Number.isFinite) ? (children[0]! + children[1]!) * 1000 : null;
  return { name, ms, cpuMs, note: '' };
}

export function zstdPeer(image: string, work: string): PeerRun {
  if (!hasTool('zstd')) return { name: 'zstd -1 -T1', ms: null, cpuMs: null, note: 'skipped: zstd not installed' };
  const out = path.join(work, 'peer.zst');
  const run = timed('zstd -1 -T1', 'zstd', ['-1', '-T1', '-q', '-f', image, '-o', out]);
  if (run.ms !== null) run.note = `${fs.statSync(out).size} bytes`;
  fs.rmSync(out, { force: true });
  return run;
}

/** restic: init, then a first backup and a second one after the mutation. */
export function resticPeer(base: string, mutated: string, work: string): PeerRun[] {
  if (!hasTool('restic')) return [{ name: 'restic', ms: null, cpuMs: null, note: 'skipped: restic not installed' }];
  const repo = path.join(work, 'restic-repo');
  fs.rmSync(repo, { recursive: true, force: true });
  const env = { RESTIC_PASSWORD: 'bench', RESTIC_CACHE_DIR: path.join(work, 'restic-cache') };
  const init = timed('restic init', 'restic', ['init', '--repo', repo, '-q'], env);
  if (init.ms === null) return [{ ...init, name: 'restic' }];
  // Both runs back up the same path (disk.img) so restic's second run is a real incremental.
  const dir = path.join(work, 'restic-src');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'disk.img');
  spawnSync('cp', ['--sparse=always', base, file]);
  const args = ['backup', '--repo', repo, '-q', 'disk.img'];
  const full = timed('restic backup (full)', 'restic', args, env, dir);
  spawnSync('cp', ['--sparse=always', mutated, file]);
  const inc = timed('restic backup (after 1% change)', 'restic', args, env, dir);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(repo, { recursive: true, force: true });
  fs.rmSync(env.RESTIC_CACHE_DIR, { recursive: true, force: true });
  return [full, inc];
}

/** borg: init without encryption, then the same two archives (lz4, borg's default). */
export function borgPeer(base: string, mutated: string, work: string): PeerRun[] {
  if (!hasTool('borg')) return [{ name: 'borg', ms: null, cpuMs: null, note: 'skipped: borg not installed' }];
  const repo = path.join(work, 'borg-repo');
  fs.rmSync(repo, { recursive: true, force: true });
  const env = { BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: 'yes', BORG_BASE_DIR: path.join(work, 'borg-base') };
  const init = timed('borg init', 'borg', ['init', '-e', 'none', repo], env);
  if (init.ms === null) return [{ ...init, name: 'borg' }];
  const dir = path.join(work, 'borg-src');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'disk.img');
  spawnSync('cp', ['--sparse=always', base, file]);
  const full = timed('borg create (full)', 'borg', ['create', `${repo}::a`, 'disk.img'], env, dir);
  spawnSync('cp', ['--sparse=always', mutated, file]);
  const inc = timed('borg create (after 1% change)', 'borg', ['create', `${repo}::b`, 'disk.img'], env, dir);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(repo, { recursive: true, force: true });
  fs.rmSync(env.BORG_BASE_DIR, { recursive: true, force: true });
  return [full, inc];
}
