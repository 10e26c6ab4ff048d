// The training demo's runs, in Node on the wasm backend: the loss falls and no tensor leaks.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { useBackend } from '@rrnn/backend';
import { createRun, disposeRun, recentMean, sampleCorpus, stepRun, validPerplexity, DEMO } from '../.vitepress/theme/lib/trainer';
import { DOCS } from './site';

beforeAll(async () => {
  await useBackend('wasm');
});

it('builds the demo corpus from the shipped Brown sample', () => {
  const corpus = sampleCorpus(readFileSync(resolve(DOCS, 'public/data/brown-sample.txt'), 'utf8'));
  expect(corpus.vocab.tokens.length).toBe(DEMO.maxVocab);
  expect(corpus.train.length).toBeGreaterThan(30_000);
  expect(corpus.valid.length).toBeGreaterThan(3_000);
});

it('trains a restricted LSTM: the loss falls and the tensor count stays flat', async () => {
  const corpus = sampleCorpus(readFileSync(resolve(DOCS, 'public/data/brown-sample.txt'), 'utf8'));
  const run = createRun('restricted', corpus, 0.5);
  await stepRun(run);
  await stepRun(run);
  const tensors = tf.memory().numTensors;
  for (let k = 0; k < 18; k++) await stepRun(run);
  expect(tf.memory().numTensors).toBe(tensors);
  expect(run.step).toBe(20);
  expect(recentMean(run.losses, 5)).toBeLessThan(run.losses[0] - 0.5);
  const ppl = await validPerplexity(run);
  expect(ppl).toBeGreaterThan(1);
  expect(ppl).toBeLessThan(DEMO.maxVocab); // better than a uniform guess
  expect(tf.memory().numTensors).toBe(tensors);
  disposeRun(run);
  expect(tf.memory().numTensors).toBeLessThan(tensors);
});
