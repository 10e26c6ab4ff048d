import type { CellType } from '@rrnn/core';

/** The sharing rates of the paper's table (Table 1), from all shared to none: the default rates of a sweep and of `rrnn params`. */
export const PAPER_RATES = [1, 0.95, 0.9, 0.7, 0.5, 0.3, 0.1, 0];

/** One run of a sweep. */
export interface GridPoint {
  cell: CellType;
  sharingRate: number;
  seed: number;
  /** Folder name inside the sweep folder, e.g. `lstm-r0.5-s0`. */
  name: string;
}

const point = (cell: CellType, sharingRate: number, seed: number): GridPoint => ({ cell, sharingRate, seed, name: `${cell}-r${sharingRate}-s${seed}` });

/** Every cell x rate x seed, in that nesting order (rates as given, e.g. 1 ... 0 like the paper). */
export function gridPoints(o: { cells: CellType[]; rates: number[]; seeds: number[] }): GridPoint[] {
  return o.cells.flatMap((cell) => o.rates.flatMap((sharingRate) => o.seeds.map((seed) => point(cell, sharingRate, seed))));
}

/** Given cell:rate pairs x seeds, in the order given (a comparison across cells, e.g. LSTM r = 1 against RNN r = 0). */
export function pointGrid(o: { points: { cell: CellType; rate: number }[]; seeds: number[] }): GridPoint[] {
  const seen = new Set<string>();
  return o.points.flatMap(({ cell, rate }) => o.seeds.map((seed) => point(cell, rate, seed)))
    .filter((p) => (seen.has(p.name) ? false : (seen.add(p.name), true)));
}
