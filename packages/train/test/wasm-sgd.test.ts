/**
 * Training steps on wasm with @rrnn/backend's fused SGD-momentum kernel (`RrnnSgdMomentum`) against the
 * same steps with it unregistered (the ops written out in optimizer.ts): the weights and momentum
 * buffers after every step are the same bits, with clipping on and off, weight decay on and off, and
 * Nesterov; and the step leaves no tensor behind.
 */
import * as tf from '@tensorflow/tfjs-core';
import { SGD_MOMENTUM } from '@rrnn/core/kernels';
import { useBackend } from '@rrnn/backend';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  createLanguageModel, createOptimizer, disposeLanguageModel, disposeOptimizer, disposeState, initialState, modelParameters, trainStep,
  type ModelConfig, type TokenWindow,
} from '../src';
import { tinyCorpus } from './helpers';

beforeAll(() => useBackend('wasm'));

// sizes that are not multiples of the kernel's four lanes (and a decoder bias of 23 + 2 ids)
const config: ModelConfig = { cell: 'gru', vocabSize: 0, embeddingSize: 7, hiddenSize: 9, numLayers: 2, sharingRates: [0.5, 0], tied: true, dropout: 0.1 };

function windows(ids: Int32Array, batch: number, len: number, count: number): TokenWindow[] {
  return Array.from({ length: count }, (_, k) => {
    const at = (j: number) => (k * batch * len + j) % (ids.length - 1);
    return { inputs: Int32Array.from({ length: batch * len }, (_, j) => ids[at(j)]), targets: Int32Array.from({ length: batch * len }, (_, j) => ids[at(j) + 1]), batch, len };
  });
}

/** Four steps; after each, every weight and momentum buffer as arrays. */
function run(settings: { weightDecay: number; nesterov: boolean }, clip: number): Float32Array[][] {
  const corpus = tinyCorpus();
  const m = createLanguageModel({ ...config, vocabSize: corpus.vocab.tokens.length }, 3);
  const params = modelParameters(m);
  const opt = createOptimizer('sgd', params, { momentum: 0.9, ...settings });
  let state = initialState(m, 3);
  const after: Float32Array[][] = [];
  for (const [i, w] of windows(corpus.train, 3, 6, 4).entries()) {
    const r = trainStep(m, params, opt, w, state, { lr: 0.7 - 0.1 * i, clip, seed: i, step: i + 1 });
    disposeState(state);
    state = r.state;
    after.push([...Object.values(params), ...Object.values(opt.slots)].map((t) => t.dataSync() as Float32Array));
  }
  disposeState(state);
  disposeOptimizer(opt);
  disposeLanguageModel(m);
  return after;
}

function unfused<T>(f: () => T): T {
  const kernel = tf.getKernel(SGD_MOMENTUM, 'wasm');
  expect(kernel).toBeDefined();
  tf.unregisterKernel(SGD_MOMENTUM, 'wasm');
  try {
    return f();
  } finally {
    tf.registerKernel(kernel!);
  }
}

describe('SGD with momentum on wasm, fused and unfused', () => {
  test.each([
    [{ weightDecay: 1e-6, nesterov: false }, 0.25],
    [{ weightDecay: 1e-6, nesterov: false }, 0],
    [{ weightDecay: 0, nesterov: false }, 0.25],
    [{ weightDecay: 1e-3, nesterov: true }, 0.25],
  ])('give the same bits after every step (%o, clip %d), and leave no tensor behind', (settings, clip) => {
    const before = tf.memory().numTensors;
    const fused = run(settings, clip);
    expect(tf.memory().numTensors).toBe(before);
    const plain = unfused(() => run(settings, clip));
    expect(fused.length).toBe(4);
    fused.forEach((arrays, step) => arrays.forEach((a, j) => expect(Array.from(a), `step ${step + 1}, tensor ${j}`).toEqual(Array.from(plain[step][j]))));
    // the steps did move the weights
    expect(Array.from(fused[3][0])).not.toEqual(Array.from(fused[0][0]));
  });
});
