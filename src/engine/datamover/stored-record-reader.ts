// Reads stored records from a point's data file in few large reads: records are appended in order,
// so neighbouring records are read as one span and handed to a worker as views of one buffer
// (transferred, not copied, and handed back for the next read). Used by restore and health check.

import type { RepositoryBackend } from '../repository/repository-backend.ts';
import type { DataRecord } from '../repository/repository-format.ts';
import type { StoredRecordWork } from './worker-protocol.ts';
import type { SpanBuffers } from './span-buffers.ts';

/** The most one span reads (unless one record is bigger). */
export const SPAN_BYTES = 8 * 1024 * 1024;
const MAX_GAP = 256 * 1024;

export interface SpanRequest {
  record: DataRecord;
  writes: [number, number, number][];
}

/** Groups records (sorted by `at`) into spans worth one read each. */
export function groupIntoSpans(reqs: readonly SpanRequest[]): SpanRequest[][] {
  const spans: SpanRequest[][] = [];
  let cur: SpanRequest[] = [];
  let start = 0;
  let end = 0;
  for (const r of reqs) {
    const s = r.record.at;
    const e = s + r.record.stored;
    if (cur.length > 0 && (s < start || s > end + MAX_GAP || Math.max(e, end) - start > SPAN_BYTES)) {
      spans.push(cur);
      cur = [];
    }
    if (cur.length === 0) {
      start = s;
      end = e;
    } else end = Math.max(end, e);
    cur.push(r);
  }
  if (cur.length > 0) spans.push(cur);
  return spans;
}

/**
 * Reads one span into a recycled buffer and returns the worker work for it plus that buffer, to
 * transfer; the worker hands it back with its reply (see SpanBuffers).
 */
export async function readSpan(
  backend: RepositoryBackend,
  file: string,
  span: readonly SpanRequest[],
  buffers: SpanBuffers,
): Promise<{ work: StoredRecordWork[]; transfer: ArrayBuffer[] }> {
  const start = Math.min(...span.map((r) => r.record.at));
  const end = Math.max(...span.map((r) => r.record.at + r.record.stored));
  const into = buffers.take(end - start);
  let buf: Buffer;
  try {
    buf = await backend.getRange(file, start, end - start, new Uint8Array(into));
  } catch (e) {
    buffers.give([into]);
    throw e;
  }
  const work = span.map((r) => ({
    offset: r.record.offset,
    length: r.record.length,
    codec: r.record.codec,
    checksum: r.record.checksum,
    bytes: buf.subarray(r.record.at - start, r.record.at - start + r.record.stored),
    writes: r.writes,
  }));
  return { work, transfer: [into] };
}
