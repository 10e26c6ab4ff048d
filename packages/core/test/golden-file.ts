// Locates and reads the golden file: $RRNN_GOLDEN (relative to where pnpm/vitest was invoked),
// else <repo root>/../shared/golden/reference-cells.json.
import { goldenFilePath, readGoldenCases } from '../../../tooling/golden-files';
import type { ReferenceLayer } from '../src';

export interface GoldenCase {
  cell: 'RNN' | 'GRU' | 'LSTM'; inputSize: number; hiddenSize: number; numLayers: number; sharingRate: number | number[];
  batch: number; steps: number; layers: ReferenceLayer[]; input: number[][][]; output: number[][][];
  final: { h: number[][][]; c?: number[][][] };
}

const FILE = 'reference-cells.json';

export function goldenPath(): string {
  return goldenFilePath('RRNN_GOLDEN', FILE);
}

export function loadGolden(path = goldenPath()): GoldenCase[] {
  return readGoldenCases<GoldenCase>(path, 'RRNN_GOLDEN', FILE);
}
