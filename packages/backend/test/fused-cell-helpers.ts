// Shared by lstm-cell.test.ts and gru-cell.test.ts: the values, comparisons, tensor counts, stacks
// with the kernels on and off and golden replays the fused LSTM and GRU step tests on wasm run alike.
import * as tf from '@tensorflow/tfjs-core';
import { disposeStackWeights, stackForward, stackFromReference, type ReferenceLayer } from '@rrnn/core';
import { expect } from 'vitest';
import { useBackend } from '../src/index';
import { goldenFilePath, readGoldenCases } from '../../../tooling/golden-files';
import { expectSameResults, stackResults } from '../../core/test/fused-cell-helpers';
import { rng } from './lm';

export interface GoldenCase {
  cell: string; hiddenSize: number; sharingRate: number | number[]; layers: ReferenceLayer[];
  input: number[][][]; output: number[][][]; final: { h: number[][][]; c?: number[][][] };
}
export const goldenPath = goldenFilePath('RRNN_GOLDEN', 'reference-cells.json');
/** The golden reference cases of `cell` ('LSTM', 'GRU'). */
export const goldenCases = (cell: string) => readGoldenCases<GoldenCase>(goldenPath, 'RRNN_GOLDEN', 'reference-cells.json').filter((c) => c.cell === cell);

export const values = (n: number, seed: number, scale: number) => {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => (r() * 2 - 1) * scale);
};
export const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

/** `body`'s arrays (in a tidy) on `backend`, and how many tensors it leaked. */
export async function counted(backend: 'cpu' | 'wasm', body: () => tf.TypedArray[]) {
  await useBackend(backend);
  const before = tf.memory().numTensors;
  const out = tf.tidy(body);
  return { out, leaked: tf.memory().numTensors - before };
}

/** Core's `stackResults` of a 3-layer stack (input 6, hidden 9, output 5) on wasm with `setFused(fused)`, and how many tensors it leaked. */
export async function stack(cell: 'lstm' | 'gru' | 'rnn', rate: number, fused: boolean, setFused: (on: boolean) => void) {
  await useBackend('wasm');
  setFused(fused);
  const r = await counted('wasm', () => stackResults({ cell, rates: [rate, rate, rate], inputSize: 6, hiddenSize: 9, outputSize: 5 }));
  setFused(true);
  return r;
}

/** A 3-layer stack gives the same outputs, states and gradients (w.r.t. weights, inputs and initial states) with the kernels on and off, and leaks nothing. */
export async function expectStackOnOffAgree(cell: 'lstm' | 'gru' | 'rnn', rate: number, setFused: (on: boolean) => void) {
  const on = await stack(cell, rate, true, setFused);
  const off = await stack(cell, rate, false, setFused);
  expect(on.leaked).toBe(0);
  expectSameResults(on.out as Float32Array[], off.out as Float32Array[]);
}

/** The golden case replayed on wasm with the fused step active: outputs and final states (h, and c for the LSTM) within 1e-4. */
export async function expectGoldenReplay(cell: 'lstm' | 'gru' | 'rnn', c: GoldenCase, active: () => boolean) {
  await useBackend('wasm');
  expect(active()).toBe(true);
  const rates = Array.isArray(c.sharingRate) ? c.sharingRate : c.layers.map(() => c.sharingRate as number);
  const flat = (x: number[][][]) => x.flat(2);
  const [outputs, h, cs] = tf.tidy(() => {
    const w = stackFromReference(cell, rates, c.layers);
    const r = stackForward(w, tf.tensor3d(c.input));
    const res = [r.outputs.dataSync().slice(), r.final.h.flatMap((t) => [...t.dataSync()])];
    if (cell === 'lstm') res.push(r.final.c!.flatMap((t) => [...t.dataSync()]));
    disposeStackWeights(w);
    return res;
  });
  expect(maxAbs(outputs, flat(c.output))).toBeLessThan(1e-4);
  expect(maxAbs(h, flat(c.final.h))).toBeLessThan(1e-4);
  if (cell === 'lstm') expect(maxAbs(cs, flat(c.final.c!))).toBeLessThan(1e-4);
}

/** `step` (one fused step, warmed once first) leaks nothing 20 times over, nor does a stack; the tensor count stays flat. */
export async function expectFlat(step: () => Promise<{ leaked: number }>, stackOn: () => Promise<{ leaked: number }>) {
  await step();
  const before = tf.memory().numTensors;
  for (let i = 0; i < 20; i++) expect((await step()).leaked).toBe(0);
  expect((await stackOn()).leaked).toBe(0);
  expect(tf.memory().numTensors).toBe(before);
}

/** The cell's kernels are registered for wasm and the step active; `used` checks they run; the switch turns the step off. */
export async function expectRegistered(kernels: string[], active: () => boolean, setFused: (on: boolean) => void, used = async () => {}) {
  await useBackend('wasm');
  for (const k of kernels) expect(tf.getKernel(k, 'wasm')).toBeDefined();
  expect(active()).toBe(true);
  await used();
  setFused(false);
  expect(active()).toBe(false);
}

type Counted = { out: tf.TypedArray[]; leaked: number };

/** The fused step leaked nothing, and each of its first `n` outputs equals the ops' on wasm and on cpu within `tol` (and is not all zeros). */
export function expectSameAsOps(fused: Counted, opsWasm: Counted, opsCpu: Counted, n: number, tol: number): void {
  expect(fused.leaked).toBe(0);
  for (let k = 0; k < n; k++) {
    expect(maxAbs(fused.out[k], opsWasm.out[k]), `output ${k} vs wasm ops`).toBeLessThan(tol);
    expect(maxAbs(fused.out[k], opsCpu.out[k]), `output ${k} vs cpu ops`).toBeLessThan(tol);
    expect(maxAbs(fused.out[k], new Float32Array(fused.out[k].length)), `output ${k} not zero`).toBeGreaterThan(1e-3);
  }
}
