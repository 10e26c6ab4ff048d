// Small helpers shared by the tests.
type Nested = number | Nested[];

/** Largest |a - b| over two nested arrays of the same shape (throws on a shape mismatch). */
export function maxAbsDiff(a: Nested, b: Nested): number {
  if (typeof a === 'number' || typeof b === 'number') {
    if (typeof a !== 'number' || typeof b !== 'number') throw new Error('shape mismatch: number vs array');
    return Math.abs(a - b);
  }
  if (a.length !== b.length) throw new Error(`shape mismatch: length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, maxAbsDiff(a[i], b[i]));
  return m;
}
