import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@rrnn/backend';
import { unigramPerplexity, type EncodedCorpus } from '@rrnn/data';
import { loadCorpus } from '@rrnn/data/node';
import { disposeLanguageModel, train, type TrainEvent } from '@rrnn/train';
import { beforeAll, expect, test } from 'vitest';
import { evaluateSplit, perplexity } from '../src';

let corpus: EncodedCorpus;
beforeAll(async () => {
  await useBackend('wasm'); // the fast backend in Node; registers the gradients wasm lacks
  // <repo>/../shared/data/ptb (found by @rrnn/data's defaultDataDir), 2,000 most frequent words kept.
  const ptb = await loadCorpus('ptb', { maxVocab: 2000, download: false });
  corpus = { ...ptb, name: 'ptb-sample', train: ptb.train.slice(0, 50_000), valid: ptb.valid.slice(0, 10_000), test: ptb.test.slice(0, 10_000) };
});

test('a small restricted LSTM trained a few hundred steps on a Penn Treebank sample beats the unigram baseline by far', async () => {
  const V = corpus.vocab.tokens.length;
  expect(V).toBe(2000);
  const events: TrainEvent[] = [];
  const result = await train({
    config: {
      model: { cell: 'lstm', vocabSize: V, embeddingSize: 64, hiddenSize: 64, numLayers: 1, sharingRates: [0.5], tied: true, dropout: 0 },
      epochs: 2, batchSize: 16, bptt: 20, lr: 0.01, optimizer: 'adam', weightDecay: 0, clip: 0.25, schedule: 'none',
      seed: 0, evalBatchSize: 10, logEvery: 1,
    },
    corpus,
    keepModel: true,
    onEvent: (e) => events.push(e),
  });
  const model = result.model!;
  try {
    expect(result.steps).toBeGreaterThanOrEqual(300);
    const valid = evaluateSplit(model, corpus, 'valid', { batchSize: 10 });
    const unigram = unigramPerplexity(corpus.train, corpus.valid, V);
    expect(valid.unigramPerplexity).toBe(unigram);
    console.log(`PTB sample: ${result.steps} steps in ${result.seconds.toFixed(1)} s on ${tf.getBackend()}; valid perplexity ${valid.perplexity.toFixed(1)} (batch 10), unigram ${unigram.toFixed(1)}`);
    expect(valid.perplexity).toBeLessThan(0.75 * unigram);
    expect(valid.perplexity).toBeCloseTo(result.bestValidPerplexity, 3); // the epoch-end validation scored the same way
    const losses = events.flatMap((e) => (e.type === 'step' ? [e.loss] : []));
    expect(losses[0]).toBeCloseTo(Math.log(V), 0); // untrained: about uniform
    const tail = losses.slice(-20).reduce((a, b) => a + b, 0) / 20;
    expect(tail).toBeLessThan(losses[0] - 2);
    const sub = corpus.valid.slice(0, 3000);
    const one = perplexity(model, sub, { batchSize: 1 }); // the standard batch-1 evaluation, one stream
    expect(one.tokens).toBe(2999);
    expect(one.perplexity).toBeLessThan(0.75 * unigramPerplexity(corpus.train, sub, V));
  } finally {
    disposeLanguageModel(model);
  }
});
