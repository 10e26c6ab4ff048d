/**
 * The blocks of one restricted layer's pool matrix, for drawing: shared rows, each branch's
 * private rows per gate, the columns a branch never reads, and the bias column.
 * Rows follow the core layout (`sharingLayout`): `[0, s)` shared, then input-branch gates 0..G-1,
 * then hidden-branch gates 0..G-1, `p` rows each. Columns: the input branch reads `[0, I)`,
 * the hidden branch `[0, H)`, of `K = max(I, H)`.
 */
import type { CellType, SharingLayout } from '@rrnn/core';

export type BlockKind = 'shared' | 'input' | 'hidden' | 'unused';

export interface PoolBlock {
  kind: BlockKind;
  /** Gate index for private blocks, -1 otherwise. */
  gate: number;
  row0: number;
  rows: number;
  col0: number;
  cols: number;
  label: string;
}

/** Gate names in private-block order. */
export const GATE_NAMES: Record<CellType, string[]> = { rnn: ['h'], gru: ['r', 'z', 'n'], lstm: ['i', 'f', 'g', 'o'] };

/** The blocks covering the `R x K` weight part of the pool (the bias column is drawn separately). */
export function poolBlocks(l: SharingLayout): PoolBlock[] {
  const { sharedUnits: s, privateUnits: p, gates: G, inputSize: I, hiddenSize: H, poolCols: K } = l;
  const names = GATE_NAMES[l.cell];
  const blocks: PoolBlock[] = [];
  if (s > 0) blocks.push({ kind: 'shared', gate: -1, row0: 0, rows: s, col0: 0, cols: K, label: `shared (${s} rows, all gates, both branches)` });
  if (p === 0) return blocks;
  const branches: [BlockKind, number, string][] = [['input', I, 'x'], ['hidden', H, 'h']];
  branches.forEach(([kind, width, sym], b) => {
    for (let g = 0; g < G; g++) {
      const row0 = s + (b * G + g) * p;
      blocks.push({ kind, gate: g, row0, rows: p, col0: 0, cols: width, label: `${kind} branch, gate ${names[g]}: W_${sym}` });
      if (width < K) blocks.push({ kind: 'unused', gate: g, row0, rows: p, col0: width, cols: K - width, label: 'columns this branch never reads' });
    }
  });
  return blocks;
}
