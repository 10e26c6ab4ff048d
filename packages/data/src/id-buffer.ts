/**
 * A growable Int32Array: appends in amortised O(1), doubling capacity. Token
 * ids live here while a split streams in; `toArray()` trims to length.
 * Memory: 4 bytes per token (8 at worst just after a doubling).
 */
export interface IdBuffer {
  data: Int32Array;
  length: number;
}

export function idBuffer(capacity = 1 << 16): IdBuffer {
  return { data: new Int32Array(Math.max(16, capacity)), length: 0 };
}

export function pushId(b: IdBuffer, id: number): void {
  if (b.length === b.data.length) {
    const bigger = new Int32Array(b.data.length * 2);
    bigger.set(b.data);
    b.data = bigger;
  }
  b.data[b.length++] = id;
}

/** The ids appended so far, as an exactly-sized copy. */
export function idsOf(b: IdBuffer): Int32Array {
  return b.data.slice(0, b.length);
}
