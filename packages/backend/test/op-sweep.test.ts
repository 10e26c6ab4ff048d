// Every op (and gradient) rrnn's training and evaluation could reach, run on
// cpu and on wasm with the same inputs: values, dtypes and shapes must agree.
// This sweep is how the wasm bugs fixed in src/kernels were found; it guards
// the next tfjs upgrade.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../src/index';
import { OPS, worst } from './op-cases';

interface Result { dtype: string; shape: number[]; values: number[] }

async function runAll(backend: 'cpu' | 'wasm'): Promise<Record<string, Result>> {
  await useBackend(backend);
  const out: Record<string, Result> = {};
  for (const [name, op] of Object.entries(OPS)) {
    out[name] = tf.tidy(() => {
      const y = op();
      return { dtype: y.dtype, shape: y.shape, values: Array.from(y.dataSync()) };
    });
  }
  return out;
}

describe('cpu vs wasm op sweep', () => {
  it(`agrees on ${Object.keys(OPS).length} ops and gradients`, async () => {
    const cpu = await runAll('cpu');
    const wasm = await runAll('wasm');
    const mismatches = Object.keys(OPS).filter((k) =>
      cpu[k].dtype !== wasm[k].dtype || String(cpu[k].shape) !== String(wasm[k].shape) || !(worst(cpu[k].values, wasm[k].values) <= 1e-5));
    expect(mismatches).toEqual([]);
    expect(Object.keys(OPS).length).toBeGreaterThan(100);
  });
});
