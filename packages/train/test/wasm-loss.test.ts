/**
 * The training loss on the Node default backend: wasm with rrnn's fused softmax cross-entropy
 * kernels (what `windowGradients` differentiates) against the same model's unfused ops path on wasm
 * (the kernels unregistered). Sizes that are not multiples of the kernels' four-lane blocks, dropout
 * on, tied and untied: the default run's configuration in small.
 */
import * as tf from '@tensorflow/tfjs-core';
import { SOFTMAX_CE, SOFTMAX_CE_GRAD } from '@rrnn/core';
import { useBackend } from '@rrnn/backend';
import { beforeAll, expect, test } from 'vitest';
import { createLanguageModel, disposeLanguageModel, modelParameters } from '../src';
import { lossAndGradients, tinyModel } from './helpers';

beforeAll(() => useBackend('wasm'));

/** Runs `f` with the fused kernels unregistered from wasm, then registers them again. */
function withoutFusedKernels<T>(f: () => T): T {
  const configs = [SOFTMAX_CE, SOFTMAX_CE_GRAD].map((k) => tf.getKernel(k, 'wasm'));
  expect(configs.every((c) => c != null)).toBe(true);
  for (const c of configs) tf.unregisterKernel(c!.kernelName, 'wasm');
  try {
    return f();
  } finally {
    for (const c of configs) tf.registerKernel(c!);
  }
}

test.each([true, false])('wasm: the fused-kernel loss equals the unfused ops in value and every gradient (tied=%s, dropout 0.1, n and V not multiples of 4)', (tied) => {
  const batch = 3;
  const steps = 7; // n = 21 rows
  const vocabSize = 503;
  const m = createLanguageModel(tinyModel({ vocabSize, tied, dropout: 0.1, embeddingSize: 12, hiddenSize: 12 }), 5);
  const ids = (offset: number) => Array.from({ length: batch * steps }, (_, i) => (i * 97 + offset) % vocabSize);
  const x = tf.tensor2d(ids(1), [batch, steps], 'int32');
  const y = tf.tensor2d(ids(2), [batch, steps], 'int32');
  const vars = Object.values(modelParameters(m));
  const before = tf.memory().numTensors;
  const fused = lossAndGradients(m, x, y, true, 3);
  const plain = withoutFusedKernels(() => lossAndGradients(m, x, y, false, 3));
  expect(Math.abs(fused.value - plain.value)).toBeLessThan(1e-5 * plain.value);
  fused.grads.forEach((g, i) => {
    let scale = 0;
    let diff = 0;
    for (let j = 0; j < g.length; j++) {
      scale = Math.max(scale, Math.abs(plain.grads[i][j]));
      diff = Math.max(diff, Math.abs(g[j] - plain.grads[i][j]));
    }
    expect(scale, `gradient of ${vars[i].name}`).toBeGreaterThan(0);
    expect(diff / scale, `gradient of ${vars[i].name}`).toBeLessThan(1e-5);
  });
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([x, y]);
  disposeLanguageModel(m);
});
