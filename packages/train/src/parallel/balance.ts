import type { RowRange } from './shards';

/**
 * How a data-parallel step splits its rows between threads that do not run equally fast. Cores of
 * one machine can differ a lot: on our 2-core test machine one core multiplies at ~23 GFLOP/s and
 * the other at ~34.5 (apps/docs/results/bench-20261202-6/cores.txt), and laptops mix performance and
 * efficiency cores. An even split makes every step wait for the slowest thread; this one gives each
 * thread rows in proportion to how fast it finished its shard in the steps before, so the threads
 * finish together. It learns as it goes (the OS may move a thread to another core at any time).
 *
 * Plain data: `shares[i]` is thread i's share of the rows (this thread first, then the peers in
 * order), summing to 1. Create one per run with {@link createShardBalance} and pass it to every step
 * and evaluation of that run.
 */
export interface ShardBalance {
  shares: number[];
}

/** How much of a new measurement enters the shares (the rest is the shares before it). */
export const BALANCE_RATE = 0.5;

/** No thread gets less than this fraction of an even share, so a thread slowed for one step is still measured. */
export const MIN_SHARE_OF_EVEN = 0.25;

/** Now, in ms since the epoch: comparable between threads (each has its own `performance.timeOrigin`). */
export const epochMs = (): number => performance.timeOrigin + performance.now();

/** An even split between `threads` threads, to be learnt from the first step on. */
export function createShardBalance(threads: number): ShardBalance {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`createShardBalance: threads must be a positive integer, got ${threads}`);
  return { shares: Array.from({ length: threads }, () => 1 / threads) };
}

/**
 * Split `batch` rows into contiguous shards in proportion to `shares` (largest remainders get the
 * rows left over; every shard at least one row; with more shards than rows, one row each):
 * `balancedRows(10, [0.6, 0.4])` -> [0, 6), [6, 10).
 */
export function balancedRows(batch: number, shares: number[]): RowRange[] {
  const n = Math.max(1, Math.min(shares.length, batch));
  const s = shares.slice(0, n);
  const total = s.reduce((a, b) => a + b, 0);
  const spare = batch - n; // rows beyond the one each shard is given
  const ideal = s.map((x) => (spare * x) / total);
  const rows = ideal.map((x) => 1 + Math.floor(x));
  let left = batch - rows.reduce((a, b) => a + b, 0);
  const byRemainder = ideal.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) if (left-- > 0) rows[i] += 1;
  const out: RowRange[] = [];
  let start = 0;
  for (const r of rows) out.push({ start, end: (start += r) });
  return out;
}

/**
 * Learn from one step that started at `startedAt`: thread i finished the rows of `ranges[i]` at
 * `finishedAt[i]` (ms since the epoch, see {@link epochMs}; transfers included). Its speed in rows
 * per second becomes its new share, blended into the old ones at {@link BALANCE_RATE}.
 */
export function recordShardTimes(b: ShardBalance, ranges: RowRange[], startedAt: number, finishedAt: number[]): void {
  if (ranges.length !== b.shares.length || finishedAt.length !== ranges.length) return; // fewer rows than threads: nothing to learn
  const seconds = finishedAt.map((t) => (t - startedAt) / 1000);
  if (!seconds.every((s) => s > 0 && Number.isFinite(s))) return;
  const speeds = ranges.map((r, i) => (r.end - r.start) / seconds[i]);
  const total = speeds.reduce((a, b) => a + b, 0);
  const floor = MIN_SHARE_OF_EVEN / b.shares.length;
  const blended = b.shares.map((old, i) => Math.max(floor, (1 - BALANCE_RATE) * old + (BALANCE_RATE * speeds[i]) / total));
  const sum = blended.reduce((a, x) => a + x, 0);
  b.shares = blended.map((x) => x / sum);
}
