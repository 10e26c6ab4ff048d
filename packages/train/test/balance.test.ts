import { describe, expect, test } from 'vitest';
import { BALANCE_RATE, MIN_SHARE_OF_EVEN, balancedRows, createShardBalance, recordShardTimes } from '../src/parallel';

const sizes = (rs: { start: number; end: number }[]) => rs.map((r) => r.end - r.start);

describe('balancedRows', () => {
  test('splits contiguously in proportion to the shares, the rows left over by largest remainder', () => {
    expect(balancedRows(10, [0.6, 0.4])).toEqual([{ start: 0, end: 6 }, { start: 6, end: 10 }]);
    expect(sizes(balancedRows(80, [0.5, 0.5]))).toEqual([40, 40]);
    expect(sizes(balancedRows(80, [0.4, 0.6]))).toEqual([32, 48]);
    // 1 row each, then 7 spare rows at 1/3 each: 2.33 -> 2 + 2 + 2, the last one by remainder order (ties: first thread)
    expect(sizes(balancedRows(10, [1 / 3, 1 / 3, 1 / 3]))).toEqual([4, 3, 3]);
    for (const [batch, shares] of [[7, [0.2, 0.5, 0.3]], [33, [0.61, 0.39]], [5, [0.9, 0.05, 0.05]]] as [number, number[]][]) {
      const rs = balancedRows(batch, shares);
      expect(rs[0].start).toBe(0);
      expect(rs.at(-1)!.end).toBe(batch);
      rs.slice(1).forEach((r, i) => expect(r.start).toBe(rs[i].end));
    }
  });

  test('never leaves a shard empty; more threads than rows get a row each', () => {
    expect(sizes(balancedRows(3, [0.98, 0.01, 0.01]))).toEqual([1, 1, 1]);
    expect(sizes(balancedRows(2, [1 / 3, 1 / 3, 1 / 3]))).toEqual([1, 1]);
    expect(sizes(balancedRows(1, [0.5, 0.5]))).toEqual([1]);
  });
});

describe('recordShardTimes', () => {
  test('moves the shares toward each thread\'s speed, at BALANCE_RATE per step', () => {
    const b = createShardBalance(2);
    expect(b.shares).toEqual([0.5, 0.5]);
    // the same 40 rows each; this thread took 2 s, the peer 1 s: speeds 20 and 40 rows/s, i.e. 1/3 and 2/3
    recordShardTimes(b, balancedRows(80, b.shares), 1000, [3000, 2000]);
    expect(b.shares[0]).toBeCloseTo((1 - BALANCE_RATE) * 0.5 + BALANCE_RATE / 3, 12);
    for (let i = 0; i < 30; i++) {
      const rs = balancedRows(80, b.shares);
      // thread 0 computes at 20 rows/s, thread 1 at 40: each finishes after rows / speed seconds
      recordShardTimes(b, rs, 0, [(1000 * sizes(rs)[0]) / 20, (1000 * sizes(rs)[1]) / 40]);
    }
    expect(b.shares[0]).toBeCloseTo(1 / 3, 6);
    expect(sizes(balancedRows(81, b.shares))).toEqual([27, 54]);
  });

  test('keeps a thread that was very slow once at MIN_SHARE_OF_EVEN of an even share at least, so it is measured again', () => {
    const b = createShardBalance(2);
    for (let i = 0; i < 20; i++) recordShardTimes(b, balancedRows(80, b.shares), 0, [1e6, 1]);
    const floor = MIN_SHARE_OF_EVEN / 2;
    expect(b.shares[0]).toBeGreaterThanOrEqual(floor / (1 + floor) - 1e-12);
    expect(b.shares[0]).toBeLessThan(0.15);
    expect(b.shares[0] + b.shares[1]).toBeCloseTo(1, 12);
  });

  test('learns nothing from times it cannot use: a clock that went backwards, NaN, or fewer shards than threads', () => {
    const b = { shares: [0.6, 0.4] };
    recordShardTimes(b, balancedRows(10, b.shares), 1000, [900, 2000]);
    recordShardTimes(b, balancedRows(10, b.shares), 0, [NaN, 2000]);
    recordShardTimes(b, balancedRows(1, b.shares), 0, [1000]);
    expect(b.shares).toEqual([0.6, 0.4]);
  });

  test('createShardBalance refuses a thread count that is not a positive integer', () => {
    expect(() => createShardBalance(0)).toThrow('createShardBalance: threads must be a positive integer, got 0');
    expect(() => createShardBalance(1.5)).toThrow('got 1.5');
  });
});
