// What a finished (or running) transfer reports, and how the bottleneck is named: like the product,
// each stage's busy time as a share of the run, and the busiest stage is the bottleneck.

export type Bottleneck = 'Source' | 'Proxy' | 'Network' | 'Target';

export interface StageBusy {
  /** Percent of the run each stage was busy (workers' time is divided by the workers used). */
  source: number;
  proxy: number;
  network: number;
  target: number;
}

export interface TransferStats {
  mode: 'full' | 'extents' | 'digest';
  /** Bytes of the disk read from the image. */
  readBytes: number;
  /** Encoded bytes sent to the target (after compression and dedupe). */
  transferredBytes: number;
  /** Bytes of data records before compression. */
  dataBytes: number;
  /** Zero bytes not sent (including holes). */
  skippedZeroBytes: number;
  /** Holes by the image's allocation hint: counted as zeros, never read. */
  unreadHoleBytes: number;
  skippedExcludedBytes: number;
  unchangedBytes: number;
  dedupedBytes: number;
  records: number;
  durationMs: number;
  busy: StageBusy;
  bottleneck: Bottleneck;
}

export function bottleneckOf(busy: StageBusy): Bottleneck {
  const order: [Bottleneck, number][] = [
    ['Source', busy.source],
    ['Proxy', busy.proxy],
    ['Network', busy.network],
    ['Target', busy.target],
  ];
  return order.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

export function busyPercent(busyMs: number, wallMs: number, lanes: number): number {
  if (wallMs <= 0) return 0;
  return Math.min(100, Math.round((busyMs / (wallMs * Math.max(1, lanes))) * 100));
}
