import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { vocabularyFromTokens } from '@rrnn/data';
import { createLanguageModel, disposeLanguageModel, initialState, modelForward, disposeState, type LanguageModel, type ModelConfig } from '@rrnn/train';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compressionReport, generate, generateAsync, nextTokenDistribution, perplexity, predictNext, predictNextAsync } from '../src';

const words = ['<unk>', '<eos>', 'a', 'b', 'c', 'd', 'e', 'f'];
const vocab = vocabularyFromTokens(words);
const config: ModelConfig = { cell: 'gru', vocabSize: 8, embeddingSize: 6, hiddenSize: 5, numLayers: 2, sharingRates: [0.5, 1], tied: false, dropout: 0.3 };
let m: LanguageModel;
const ids = Int32Array.from({ length: 203 }, (_, i) => (i * 5 + (i % 3)) % 8);

beforeAll(async () => {
  await tf.setBackend('cpu');
  m = createLanguageModel(config, 3);
});
afterAll(() => disposeLanguageModel(m));

/** Mean loss of one stream read in one go, computed here from the logits. */
function directLoss(stream: Int32Array): number {
  return tf.tidy(() => {
    const x = tf.tensor2d(stream.subarray(0, stream.length - 1), [1, stream.length - 1], 'int32');
    const s = initialState(m, 1);
    const { logits, state } = modelForward(m, x, s);
    disposeState(s);
    disposeState(state);
    const logp = tf.logSoftmax(logits).arraySync()[0] as number[][];
    let sum = 0;
    for (let t = 0; t < stream.length - 1; t++) sum -= logp[t][stream[t + 1]];
    return sum / (stream.length - 1);
  });
}

describe('perplexity', () => {
  test('batch 1, windows of 7 with the state carried, equals reading the stream at once', () => {
    const r = perplexity(m, ids, { batchSize: 1, bptt: 7 });
    expect(r.tokens).toBe(202);
    expect(r.loss).toBeCloseTo(directLoss(ids), 5);
    expect(r.perplexity).toBeCloseTo(Math.exp(r.loss), 10);
  });

  test('the defaults are evaluateLoss\'s (10 streams, windows of 35); onProgress hears every window', () => {
    const seen: [number, number][] = [];
    const r = perplexity(m, ids, { onProgress: (done, total) => seen.push([done, total]) });
    expect(r.loss).toBe(perplexity(m, ids, { batchSize: 10, bptt: 35 }).loss);
    expect(seen).toEqual([[19, 19]]); // 203 ids in 10 streams of 20: one window of 19 steps
    const w: number[] = [];
    perplexity(m, ids, { batchSize: 1, bptt: 70, onProgress: (done) => w.push(done) });
    expect(w).toEqual([70, 140, 202]);
  });

  test('batch 10: ten streams of floor(n/10) tokens, each scored from its own start', () => {
    const r = perplexity(m, ids, { batchSize: 10, bptt: 35, perToken: true });
    expect(r.tokens).toBe(10 * (20 - 1));
    let mean = 0;
    for (let b = 0; b < 10; b++) mean += directLoss(ids.subarray(b * 20, (b + 1) * 20)) / 10;
    expect(r.loss).toBeCloseTo(mean, 5);
    const pt = r.perToken as Float32Array;
    expect(pt).toHaveLength(ids.length);
    expect(Number.isNaN(pt[0]) && Number.isNaN(pt[20]) && Number.isNaN(pt[200])).toBe(true); // stream starts, remainder
    const scored = [...pt].filter((v) => !Number.isNaN(v));
    expect(scored).toHaveLength(r.tokens);
    expect(scored.reduce((a, b) => a + b, 0) / scored.length).toBeCloseTo(r.loss, 5);
  });

  test('a model with zero decoder predicts uniformly: perplexity = vocabulary size', () => {
    const u = createLanguageModel(config, 1);
    u.decoderWeight?.assign(tf.zerosLike(u.decoderWeight));
    expect(perplexity(u, ids, { batchSize: 2, bptt: 9 }).perplexity).toBeCloseTo(8, 4);
    disposeLanguageModel(u);
  });

  test('no tensors leak; bad input is named', () => {
    const before = tf.memory().numTensors;
    perplexity(m, ids, { batchSize: 3, bptt: 4 });
    expect(tf.memory().numTensors).toBe(before);
    expect(() => perplexity(m, Int32Array.from([1, 2, 9, 3]), { batchSize: 1 })).toThrow(/token id 9 at position 2 is outside the model's vocabulary \[0, 8\)/);
    expect(() => perplexity(m, ids, { batchSize: 0 })).toThrow(/batchSize must be a positive integer/);
    expect(() => perplexity(m, ids.subarray(0, 15), { batchSize: 10 })).toThrow(/fewer than one batch/);
  });
});

describe('compressionReport', () => {
  test("the paper's tied LSTM at r = 0.5: 552,700 RNN parameters against 974,800", () => {
    const r = compressionReport(
      { cell: 'lstm', vocabSize: 10000, embeddingSize: 200, hiddenSize: 200, numLayers: 3, sharingRates: [0.5, 0.5, 0.5], tied: true, dropout: 0.2 },
      { perplexity: 103.5, baselinePerplexity: 107 },
    );
    expect(r.rnnParameters).toBe(552700);
    expect(r.baselineRnnParameters).toBe(974800);
    expect(r.compressionRate).toBeCloseTo(552700 / 974800, 12);
    expect(r.saved).toBeCloseTo(1 - 552700 / 974800, 12);
    expect(r.totalParameters).toBe(2552700);
    expect(r.perplexityRatio).toBeCloseTo(103.5 / 107, 12);
  });

  test('r = 0 compresses nothing; a perplexity below 1 is rejected', () => {
    const r = compressionReport({ ...config, sharingRates: [0, 0] });
    expect(r.compressionRate).toBe(1);
    expect(r.perplexity).toBeUndefined();
    expect(() => compressionReport(config, { perplexity: 0.5 })).toThrow(/perplexity must be a perplexity/);
  });
});

describe('generate and predictNext', () => {
  test('predictNext returns the softmax of the last logits, most likely first', () => {
    const top = predictNext(m, vocab, ['a', 'b'], 8);
    expect(top).toHaveLength(8);
    expect(top.reduce((s, t) => s + t.probability, 0)).toBeCloseTo(1, 6);
    for (let i = 1; i < top.length; i++) expect(top[i].probability).toBeLessThanOrEqual(top[i - 1].probability);
    const logits = tf.tidy(() => {
      const s = initialState(m, 1);
      const out = modelForward(m, tf.tensor2d([[1, 2, 3]], [1, 3], 'int32'), s);
      disposeState(s);
      disposeState(out.state);
      return Array.from(tf.softmax(out.logits).arraySync()[0][2] as number[]);
    });
    for (const t of top) expect(t.probability).toBeCloseTo(logits[vocab.index.get(t.word) as number], 5);
    expect(predictNext(m, vocab, ['a', 'b'], 3)).toEqual(top.slice(0, 3));
  });

  test('generation is reproducible by seed; temperature 0 and top-1 are greedy', () => {
    const before = tf.memory().numTensors;
    const a = generate(m, vocab, { prompt: 'a b', length: 12, seed: 7 });
    expect(a).toHaveLength(12);
    expect(generate(m, vocab, { prompt: 'a b', length: 12, seed: 7 })).toEqual(a);
    const seeds = [1, 2, 3, 4].map((seed) => generate(m, vocab, { prompt: 'a b', length: 12, seed }).join(' '));
    expect(new Set(seeds).size).toBeGreaterThan(1);
    const greedy = generate(m, vocab, { prompt: 'a b', length: 5, temperature: 0 });
    expect(generate(m, vocab, { prompt: 'a b', length: 5, topK: 1, seed: 9 })).toEqual(greedy);
    expect(greedy[0]).toBe(predictNext(m, vocab, ['a', 'b'], 1)[0].word);
    expect(greedy[1]).toBe(predictNext(m, vocab, ['a', 'b', greedy[0]], 1)[0].word);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('bad options are named', () => {
    expect(() => generate(m, vocab, { length: 0 })).toThrow(/length must be a positive integer/);
    expect(() => generate(m, vocab, { length: 3, temperature: -1 })).toThrow(/temperature must be >= 0/);
    expect(() => generate(m, vocab, { length: 3, topK: 1.5 })).toThrow(/topK must be a non-negative integer/);
    expect(() => predictNext(m, vocabularyFromTokens(['<unk>', '<eos>']), ['a'], 3)).toThrow(/vocabulary has 2 tokens but the model expects 8/);
  });

  test('nextTokenDistribution: temperature sharpens, top-k zeroes the rest', () => {
    const logits = [1, 3, 2, 0];
    const p = nextTokenDistribution(logits, 1, 2);
    expect(p[0]).toBe(0);
    expect(p[3]).toBe(0);
    expect(p[1]).toBeCloseTo(Math.E / (Math.E + 1), 12);
    const cold = nextTokenDistribution(logits, 0.5);
    expect(cold[1]).toBeGreaterThan(nextTokenDistribution(logits, 1)[1]);
  });
});

describe('predictNextAsync and generateAsync (the read path webgpu needs)', () => {
  test('return what the sync versions return, leaving no tensor behind', async () => {
    const before = tf.memory().numTensors;
    expect(await predictNextAsync(m, vocab, ['a', 'b'], 5)).toEqual(predictNext(m, vocab, ['a', 'b'], 5));
    expect(await generateAsync(m, vocab, { prompt: 'a b', length: 12, seed: 7 })).toEqual(generate(m, vocab, { prompt: 'a b', length: 12, seed: 7 }));
    await expect(generateAsync(m, vocab, { length: 0 })).rejects.toThrow(/length must be a positive integer/);
    await expect(predictNextAsync(m, vocab, ['a'], 0)).rejects.toThrow(/topK must be a positive integer/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
