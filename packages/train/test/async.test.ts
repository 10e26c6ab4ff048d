// trainStepAsync and evaluateLossAsync (the read paths webgpu needs) give the
// sync versions' numbers, keep the tensor count flat, and keep the errors.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  createLanguageModel, createOptimizer, DivergenceError, disposeLanguageModel, disposeOptimizer, disposeState, evaluateLoss,
  evaluateLossAsync, initialState, modelParameters, trainStep, trainStepAsync, type ModelConfig, type TokenWindow,
} from '../src';
import { tinyCorpus } from './helpers';

beforeAll(() => tf.setBackend('cpu'));

const config: ModelConfig = { cell: 'lstm', vocabSize: 0, embeddingSize: 6, hiddenSize: 5, numLayers: 2, sharingRates: [0.5, 0], tied: false, dropout: 0.2 };

function windows(ids: Int32Array, batch: number, len: number, count: number): TokenWindow[] {
  return Array.from({ length: count }, (_, k) => {
    const inputs = Int32Array.from({ length: batch * len }, (_, j) => ids[(k * batch * len + j) % (ids.length - 1)]);
    const targets = Int32Array.from({ length: batch * len }, (_, j) => ids[(k * batch * len + j) % (ids.length - 1) + 1]);
    return { inputs, targets, batch, len };
  });
}

async function run(asyncSteps: boolean) {
  const corpus = tinyCorpus();
  const m = createLanguageModel({ ...config, vocabSize: corpus.vocab.tokens.length }, 3);
  const params = modelParameters(m);
  const opt = createOptimizer('adam', params);
  let state = initialState(m, 4);
  const losses: number[] = [];
  for (const [i, w] of windows(corpus.train, 4, 7, 4).entries()) {
    const o = { lr: 0.01, clip: 1, seed: i, step: i + 1 };
    const r = asyncSteps ? await trainStepAsync(m, params, opt, w, state, o) : trainStep(m, params, opt, w, state, o);
    disposeState(state);
    state = r.state;
    losses.push(r.loss);
  }
  disposeState(state);
  const evaluated = asyncSteps
    ? await evaluateLossAsync(m, corpus.valid, { batchSize: 2, bptt: 5, perToken: true })
    : evaluateLoss(m, corpus.valid, { batchSize: 2, bptt: 5, perToken: true });
  disposeOptimizer(opt);
  disposeLanguageModel(m);
  return { losses, evaluated };
}

describe('async steps and evaluation', () => {
  test('equal the sync ones, with no tensor left behind', async () => {
    const before = tf.memory().numTensors;
    const sync = await run(false);
    const asyncRun = await run(true);
    expect(asyncRun.losses).toEqual(sync.losses);
    expect(sync.losses[3]).not.toBe(sync.losses[0]);
    expect(asyncRun.evaluated.loss).toBe(sync.evaluated.loss);
    expect(asyncRun.evaluated.tokens).toBe(sync.evaluated.tokens);
    expect(Array.from(asyncRun.evaluated.perToken!)).toEqual(Array.from(sync.evaluated.perToken!));
    expect(tf.memory().numTensors).toBe(before);
  });

  test('a non-finite loss throws DivergenceError before the weights change, and leaks nothing', async () => {
    const corpus = tinyCorpus();
    const m = createLanguageModel({ ...config, vocabSize: corpus.vocab.tokens.length }, 3);
    const params = modelParameters(m);
    params[Object.keys(params)[0]].assign(tf.fill(params[Object.keys(params)[0]].shape, NaN));
    const opt = createOptimizer('sgd', params);
    const state = initialState(m, 4);
    const before = tf.memory().numTensors;
    const snapshot = Object.values(params).map((v) => Array.from(v.dataSync()));
    await expect(trainStepAsync(m, params, opt, windows(corpus.train, 4, 7, 1)[0], state, { lr: 1, clip: 1, seed: 0, step: 5 })).rejects.toThrow(DivergenceError);
    expect(Object.values(params).map((v) => Array.from(v.dataSync()))).toEqual(snapshot);
    expect(tf.memory().numTensors).toBe(before);
    disposeState(state);
    disposeOptimizer(opt);
    disposeLanguageModel(m);
  });
});
