// The job's compression setting, as the product names it, mapped to zstd levels. The levels were
// chosen by measuring the standard bench image (docs/performance.md): each step buys a smaller
// repository for visibly more proxy CPU, and none of them is slower than the disk path it feeds.

import { EngineError } from '../engine-error.ts';

export const COMPRESSION_LEVELS = ['None', 'DedupeFriendly', 'Optimal', 'High', 'Extreme'] as const;
export type CompressionLevel = (typeof COMPRESSION_LEVELS)[number];

const ZSTD_LEVEL: Record<CompressionLevel, number | null> = {
  None: null,
  DedupeFriendly: -5,
  Optimal: 1,
  High: 3,
  Extreme: 9,
};

/** The zstd level for a setting, or null for no compression. */
export function zstdLevel(level: CompressionLevel): number | null {
  const z = ZSTD_LEVEL[level];
  if (z === undefined)
    throw new EngineError('VBRS_INVALID_ARGUMENT', `Compression '${String(level)}' is not one of ${COMPRESSION_LEVELS.join(', ')}.`, {
      kind: 'Job',
    });
  return z;
}
