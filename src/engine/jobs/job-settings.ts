// A backup job's definition as the shell sees it (Get-Job / Add-Job / Set-Job), with the defaults
// of docs/cmdlets.md, and the checks that turn bad settings into one clear EngineError line.

import { EngineError } from '../engine-error.ts';
import type { GuestHook } from '../guest/index.ts';

export type Compression = 'None' | 'DedupeFriendly' | 'Optimal' | 'High' | 'Extreme';
export const compressionLevels: readonly Compression[] = ['None', 'DedupeFriendly', 'Optimal', 'High', 'Extreme'];
export const blockSizes: readonly number[] = [256 * 1024, 512 * 1024, 1024 * 1024, 4 * 1024 * 1024];

/** A hook as stored: a file path, or the name of a callback registered in this process. */
export type StoredHook = { kind: 'file'; path: string } | { kind: 'callback'; name: string };

export interface GuestProcessingInfo {
  Enabled: boolean;
  ApplicationAware: boolean;
  Credential: string | null;
  PreFreezeScript: StoredHook | null;
  PostThawScript: StoredHook | null;
  /** Milliseconds. */
  ScriptTimeout: number;
  IgnoreScriptErrors: boolean;
}

export interface JobInfo {
  Name: string;
  VMs: string[];
  Repository: string;
  /** 'Auto' or an explicit list of proxy names. */
  Proxy: 'Auto' | string[];
  Compression: Compression;
  /** Bytes. */
  BlockSize: number;
  RetainPoints: number;
  Enabled: boolean;
  GuestProcessing: GuestProcessingInfo;
  // Reserved for backup from storage snapshots (src/engine/bfss).
  EnableStorageSnapshots: boolean;
  SnapshotSource: 'Primary' | 'Secondary';
  FailoverToPrimary: boolean;
  FailoverToStandardBackup: boolean;
}

export interface NewJob {
  Name: string;
  VMs: string[];
  Repository: string;
  Proxy?: 'Auto' | string[];
  Compression?: Compression;
  BlockSize?: number;
  RetainPoints?: number;
  Enabled?: boolean;
}

export type JobChanges = Partial<Omit<JobInfo, 'Name' | 'GuestProcessing'>>;

/** Set-GuestProcessing arguments; hooks may be live callbacks (kept in this process). */
export interface GuestProcessingChanges {
  Enabled?: boolean;
  ApplicationAware?: boolean;
  Credential?: string | null;
  PreFreezeScript?: GuestHook | null;
  PostThawScript?: GuestHook | null;
  ScriptTimeout?: number;
  IgnoreScriptErrors?: boolean;
}

export const defaultGuestProcessingInfo: GuestProcessingInfo = {
  Enabled: false,
  ApplicationAware: false,
  Credential: null,
  PreFreezeScript: null,
  PostThawScript: null,
  ScriptTimeout: 10 * 60_000,
  IgnoreScriptErrors: false,
};

export function newJobInfo(job: NewJob): JobInfo {
  const info: JobInfo = {
    Name: job.Name,
    VMs: [...job.VMs],
    Repository: job.Repository,
    Proxy: job.Proxy ?? 'Auto',
    Compression: job.Compression ?? 'Optimal',
    BlockSize: job.BlockSize ?? 1024 * 1024,
    RetainPoints: job.RetainPoints ?? 14,
    Enabled: job.Enabled ?? true,
    GuestProcessing: { ...defaultGuestProcessingInfo },
    EnableStorageSnapshots: false,
    SnapshotSource: 'Primary',
    FailoverToPrimary: false,
    FailoverToStandardBackup: false,
  };
  validateJob(info);
  return info;
}

export function validateJob(job: JobInfo): void {
  const bad = (reason: string) => EngineError.invalid('Job', job.Name, reason);
  if (!/\S/.test(job.Name)) throw new EngineError('VBRS_INVALID_ARGUMENT', 'A job needs a non-empty name.', { kind: 'Job', name: job.Name });
  if (job.VMs.length === 0) throw bad('a job needs at least one VM.');
  const seen = new Set<string>();
  for (const vm of job.VMs) {
    if (seen.has(vm.toLowerCase())) throw bad(`VM '${vm}' is listed twice.`);
    seen.add(vm.toLowerCase());
  }
  if (!/\S/.test(job.Repository)) throw bad('a job needs a repository.');
  if (job.Proxy !== 'Auto' && job.Proxy.length === 0) throw bad("Proxy must be 'Auto' or a list of proxy names.");
  if (!compressionLevels.includes(job.Compression)) throw bad(`Compression must be one of ${compressionLevels.join(', ')}, not '${job.Compression}'.`);
  if (!blockSizes.includes(job.BlockSize)) throw bad(`BlockSize must be 256KB, 512KB, 1MB or 4MB, not ${job.BlockSize} bytes.`);
  if (!Number.isInteger(job.RetainPoints) || job.RetainPoints < 1) throw bad(`RetainPoints must be a whole number of at least 1, not ${job.RetainPoints}.`);
  if (!Number.isFinite(job.GuestProcessing.ScriptTimeout) || job.GuestProcessing.ScriptTimeout <= 0) {
    throw bad(`ScriptTimeout must be a positive duration, not ${job.GuestProcessing.ScriptTimeout} ms.`);
  }
  if (job.SnapshotSource !== 'Primary' && job.SnapshotSource !== 'Secondary') throw bad(`SnapshotSource must be Primary or Secondary.`);
}
