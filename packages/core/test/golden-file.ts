// Locates and reads the golden file: $RRNN_GOLDEN (relative to where pnpm/vitest was invoked),
// else <repo root>/../shared/golden/reference-cells.json.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReferenceLayer } from '../src';

export interface GoldenCase {
  cell: 'RNN' | 'GRU' | 'LSTM'; inputSize: number; hiddenSize: number; numLayers: number; sharingRate: number | number[];
  batch: number; steps: number; layers: ReferenceLayer[]; input: number[][][]; output: number[][][];
  final: { h: number[][][]; c?: number[][][] };
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function goldenPath(): string {
  const env = process.env.RRNN_GOLDEN;
  if (env) return resolve(process.env.INIT_CWD ?? process.cwd(), env);
  return resolve(repoRoot, '..', 'shared', 'golden', 'reference-cells.json');
}

export function loadGolden(path = goldenPath()): GoldenCase[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`golden file ${path} cannot be read (${(e as Error).message}): set RRNN_GOLDEN to a reference-cells.json file`);
  }
  const json = JSON.parse(text) as { cases?: GoldenCase[] };
  if (!Array.isArray(json.cases) || json.cases.length === 0) throw new Error(`golden file ${path} has no cases[]`);
  return json.cases;
}
