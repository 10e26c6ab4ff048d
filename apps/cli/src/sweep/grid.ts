import type { CellType } from '@rrnn/core';

/** One run of a sweep. */
export interface GridPoint {
  cell: CellType;
  sharingRate: number;
  seed: number;
  /** Folder name inside the sweep folder, e.g. `lstm-r0.5-s0`. */
  name: string;
}

/** Every cell x rate x seed, in that nesting order (rates as given, e.g. 1 ... 0 like the paper). */
export function gridPoints(o: { cells: CellType[]; rates: number[]; seeds: number[] }): GridPoint[] {
  return o.cells.flatMap((cell) => o.rates.flatMap((sharingRate) => o.seeds.map((seed) => ({ cell, sharingRate, seed, name: `${cell}-r${sharingRate}-s${seed}` }))));
}
