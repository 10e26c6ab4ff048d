import type { TokenWindow } from '../step';

/** Rows [start, end) of one shard of a batch. */
export interface RowRange {
  start: number;
  end: number;
}

/**
 * Split `batch` streams into `k` contiguous shards as evenly as possible, the
 * larger shards first: 5 into 2 -> [0, 3), [3, 5). Shards never go empty:
 * asks for more shards than rows get `batch` shards.
 */
export function shardRows(batch: number, k: number): RowRange[] {
  const n = Math.max(1, Math.min(k, batch));
  const base = Math.floor(batch / n);
  const extra = batch % n;
  const out: RowRange[] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    const end = start + base + (i < extra ? 1 : 0);
    out.push({ start, end });
    start = end;
  }
  return out;
}

/** The rows of a window (row-major [batch, len] token ids), as views. */
export function windowRows(w: TokenWindow, r: RowRange): TokenWindow {
  return { inputs: w.inputs.subarray(r.start * w.len, r.end * w.len), targets: w.targets.subarray(r.start * w.len, r.end * w.len), batch: r.end - r.start, len: w.len };
}

/** The rows of a row-major [batch, width] matrix, copied. */
export function matrixRows(values: Float32Array, width: number, r: RowRange): Float32Array {
  return values.slice(r.start * width, r.end * width);
}

/**
 * A different dropout seed for every shard but the first, so one shard (one
 * thread) draws exactly the masks of the single-threaded step.
 */
export function shardSeed(seed: number, shard: number): number {
  return (seed + shard * 0x9e3779b1) >>> 0;
}
