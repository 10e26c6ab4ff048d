// The same small LSTM language-model training step on cpu and on wasm:
// gradients and updated weights must agree, and wasm must not leak tensors.
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { useBackend } from '../src/index';
import { initParams, makeTrainer, maxAbsDiff, randomTokens, SIZES, type StepResult } from './lm';

async function twoSteps(backend: 'cpu' | 'wasm'): Promise<{ sgd: StepResult; adam: StepResult }> {
  expect(await useBackend(backend)).toBe(backend);
  const trainer = makeTrainer(initParams(7), randomTokens(11));
  try {
    const sgd = trainer.sgd();
    const adam = trainer.adam();
    return { sgd, adam };
  } finally {
    trainer.dispose();
  }
}

describe('LM training step, cpu vs wasm', () => {
  afterEach(() => tf.disposeVariables());

  it('gives the same loss, gradients and updated weights (SGD with clip + weight decay, then Adam)', async () => {
    const cpu = await twoSteps('cpu');
    const wasm = await twoSteps('wasm');

    // Near-uniform predictions at init: loss close to ln(vocab).
    expect(Math.abs(cpu.sgd.loss - Math.log(SIZES.vocab))).toBeLessThan(0.5);
    expect(wasm.sgd.loss).toBeCloseTo(cpu.sgd.loss, 5);
    expect(wasm.adam.loss).toBeCloseTo(cpu.adam.loss, 5);
    // The SGD step moved the weights and lowered the loss.
    expect(cpu.adam.loss).toBeLessThan(cpu.sgd.loss);

    expect(maxAbsDiff(cpu.sgd.grads, wasm.sgd.grads)).toBeLessThan(1e-4);
    expect(maxAbsDiff(cpu.sgd.params, wasm.sgd.params)).toBeLessThan(1e-4);
    expect(maxAbsDiff(cpu.adam.grads, wasm.adam.grads)).toBeLessThan(1e-4);
    expect(maxAbsDiff(cpu.adam.params, wasm.adam.params)).toBeLessThan(1e-4);

    // The embedding gradient (UnsortedSegmentSum on wasm) is not trivially zero,
    // and rows of tokens absent from the batch get exactly zero.
    const used = new Set(randomTokens(11).inputs);
    const g = wasm.sgd.grads.embedding;
    const rowNorm = (r: number) => Math.hypot(...g.subarray(r * SIZES.embed, (r + 1) * SIZES.embed));
    for (let r = 0; r < SIZES.vocab; r++) {
      if (used.has(r)) expect(rowNorm(r)).toBeGreaterThan(0);
      else expect(rowNorm(r)).toBe(0);
    }
  });

  it('keeps the tensor count flat over many wasm steps', async () => {
    await useBackend('wasm');
    const trainer = makeTrainer(initParams(3), randomTokens(5));
    trainer.sgd();
    trainer.adam(); // Adam makes its moment variables on the first step
    const before = tf.memory().numTensors;
    let last = Infinity;
    for (let i = 0; i < 15; i++) last = (i % 2 ? trainer.adam() : trainer.sgd()).loss;
    expect(tf.memory().numTensors).toBe(before);
    expect(Number.isFinite(last)).toBe(true);
    trainer.dispose();
  });
});
