/**
 * The sharing layout of one restricted layer: which pool rows compute which units.
 *
 * Pool rows (`R = s + 2 * G * p`, columns `K = max(I, H)`):
 * ```
 * [0, s)                      shared rows, used by every gate of both branches
 * [s + g*p, s + (g+1)*p)      input branch, private rows of gate g
 * [s + (G+g)*p, s + (G+g+1)*p) hidden branch, private rows of gate g
 * ```
 * The input branch reads columns `[0, I)`, the hidden branch `[0, H)`.
 *
 * No TensorFlow.js here: `@rrnn/core/layout` serves this file alone, so programs (the CLI's option
 * tables) read the cell names and sizes without loading tfjs.
 */
import { checkRate, checkSize } from './validate';

/** The three recurrent cells, for option lists and validation. */
export const CELLS = ['rnn', 'gru', 'lstm'] as const;
/** A recurrent cell: one of {@link CELLS}. */
export type CellType = (typeof CELLS)[number];

/** Gates per cell (rnn 1, gru 3: r z n, lstm 4: i f g o); the order of the private-row blocks. */
export const GATE_COUNT: Record<CellType, number> = { rnn: 1, gru: 3, lstm: 4 };

/** PyTorch's `round`: halves go to the even neighbour (2.5 -> 2, 1.5 -> 2, 3.5 -> 4). */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** Row and column counts of one layer's pool. */
export interface SharingLayout {
  cell: CellType;
  inputSize: number;
  hiddenSize: number;
  sharingRate: number;
  /** G: 1, 3 or 4. */
  gates: number;
  /** s = roundHalfEven(H * r). */
  sharedUnits: number;
  /** p = H - s. */
  privateUnits: number;
  /** R = s + 2 * G * p. */
  poolRows: number;
  /** K = max(I, H). */
  poolCols: number;
  /** R * K + R (weights and one bias per row). */
  parameters: number;
}

/** Throws unless `cell` is one of 'rnn', 'gru', 'lstm'. */
export function checkCell(cell: string): asserts cell is CellType {
  if (!Object.prototype.hasOwnProperty.call(GATE_COUNT, cell)) {
    throw new Error(`cell must be one of ${CELLS.map((c) => `'${c}'`).join(', ')}, got ${JSON.stringify(cell)}`);
  }
}

/** The layout of one layer; `layer` only labels error messages. */
export function sharingLayout(
  cell: CellType,
  inputSize: number,
  hiddenSize: number,
  sharingRate: number,
  layer?: number,
): SharingLayout {
  checkCell(cell);
  checkSize('inputSize', inputSize, layer);
  checkSize('hiddenSize', hiddenSize, layer);
  checkRate(sharingRate, layer);
  const gates = GATE_COUNT[cell];
  const sharedUnits = roundHalfEven(hiddenSize * sharingRate);
  const privateUnits = hiddenSize - sharedUnits;
  const poolRows = sharedUnits + 2 * gates * privateUnits;
  const poolCols = Math.max(inputSize, hiddenSize);
  return {
    cell, inputSize, hiddenSize, sharingRate, gates, sharedUnits, privateUnits, poolRows, poolCols,
    parameters: poolRows * poolCols + poolRows,
  };
}

/**
 * The pool rows each branch's gate reads, in unit order (the reference's index map):
 * `rowIndex(l, b, g)[u]` is the pool row computing unit `u` of gate `g`, branch `b` (0 input, 1 hidden).
 */
export function rowIndex(l: SharingLayout, branch: 0 | 1, gate: number): number[] {
  const s = l.sharedUnits;
  const p = l.privateUnits;
  const start = s + (branch * l.gates + gate) * p;
  return [...Array.from({ length: s }, (_, u) => u), ...Array.from({ length: p }, (_, u) => start + u)];
}

/**
 * Whether a layer's two branches can run as one: fully shared (`p = 0`), an RNN or LSTM (the GRU's
 * `n` gate scales `a_h` alone by its reset gate) and `I <= H`. Then `a_x + a_h = S x + S h = S (x + h)`
 * with `S` the pool's `H` rows (x zero-padded to `H`), one product instead of two.
 */
export function sumsBranches(l: SharingLayout): boolean {
  return l.privateUnits === 0 && l.cell !== 'gru' && l.inputSize <= l.hiddenSize;
}
