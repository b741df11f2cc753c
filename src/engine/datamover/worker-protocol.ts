// The messages between the main thread and a data mover worker, typed in one place so both sides
// agree. Everything here is structured-cloneable.

import type { ImageDescriptor } from '../infra/image-view.ts';
import type { RecordCodec } from '../repository/repository-format.ts';
import type { VerifyMode } from '../repository/record-codec.ts';
import type { MovedRecord, SourceItem, SourceStats, SourceTaskConfig } from './source-mover.ts';

/**
 * A stored record to decode and verify; `writes` are [from, to, position]: bytes [from, to) of the
 * decoded record go to `position` of the output (several places when blocks were deduplicated).
 */
export interface StoredRecordWork {
  offset: number;
  length: number;
  codec: RecordCodec;
  checksum: string;
  bytes: Uint8Array;
  writes: [number, number, number][];
}

export type WorkerRequest =
  /**
   * `setup`: what the worker needs to start the task; the pool passes it to each worker once per
   * task and drops it from the task's later requests to that worker (a copy of the allocation map
   * and extents per request cost ~120 ms of CPU for a 2 GiB full). `spare`: a batch buffer the
   * target is done with (transferred), for the worker to read into.
   */
  | { op: 'source'; taskId: string; setup?: SourceTaskSetup; items: SourceItem[]; spare?: ArrayBuffer }
  | { op: 'close'; taskId: string }
  | { op: 'records'; outPath: string | null; verify: VerifyMode; records: StoredRecordWork[] };

export interface SourceTaskSetup {
  image: ImageDescriptor;
  config: SourceTaskConfig;
}

export type WorkerReply =
  | { ok: true; op: 'source'; records: MovedRecord[]; stats: SourceStats }
  | { ok: true; op: 'closed' }
  /** `spans`: the request's read buffers, handed back (transferred) for the next read. */
  | { ok: true; op: 'records'; faults: { offset: number; fault: string }[]; decodeMs: number; writeMs: number; spans: ArrayBuffer[] }
  | { ok: false; message: string; code?: string };

/** A worker that died (or a closed pool) answers like a failed request, so callers report one error. */
export function workerLost(e: unknown): WorkerReply {
  return { ok: false, message: `data mover worker lost: ${e instanceof Error ? e.message : String(e)}` };
}
