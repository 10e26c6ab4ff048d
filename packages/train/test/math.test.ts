import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { stackForward } from '@rrnn/core';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  applyGradients, clipByGlobalNorm, createLanguageModel, createOptimizer, createRng, crossEntropy,
  disposeLanguageModel, disposeState, initialState, modelForward, modelLoss, nextFloat, nextUint32, scheduleInit, scheduleStep,
} from '../src';
import { tokenCrossEntropy } from '../src/loss';
import { cosineLr, scheduleRebase } from '../src/schedule';
import { lossAndGradients, tinyModel } from './helpers';

beforeAll(() => tf.setBackend('cpu'));

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(tol);
};

describe('schedules', () => {
  test('cosine: lr at epoch e of E is lr (1 + cos(pi e / E)) / 2, stepped per epoch', () => {
    let s = scheduleInit('cosine', 1, 4);
    const lrs = [s.lr];
    for (let e = 0; e < 4; e++) lrs.push((s = scheduleStep(s, 0)).lr);
    close(lrs, [1, (1 + Math.SQRT1_2) / 2, 0.5, (1 - Math.SQRT1_2) / 2, 0], 1e-12);
    expect(cosineLr(2, 0.5, 2, 4)).toBeCloseTo(1.25, 12);
  });
  test('step halves every stepEpochs; none stays; plateau cuts after patience bad epochs', () => {
    let s = scheduleInit('step', 8, 10);
    const lrs = [];
    for (let e = 0; e < 4; e++) lrs.push((s = scheduleStep(s, 0, { stepEpochs: 2, gamma: 0.5 })).lr);
    expect(lrs).toEqual([8, 4, 4, 2]);
    expect(scheduleStep(scheduleInit('none', 3, 2), 0).lr).toBe(3);
    let p = scheduleInit('plateau', 1, 10);
    const seen = [5, 4, 4.5, 4.2, 3].map((v) => (p = scheduleStep(p, v, { patience: 1, factor: 0.1 })).lr);
    close(seen, [1, 1, 1, 0.1, 0.1], 1e-12);
  });
  test('rebase keeps an unchanged schedule and recomputes a changed lr', () => {
    const s = scheduleStep(scheduleInit('cosine', 1, 4), 0);
    expect(scheduleRebase(s, 'cosine', 1, 4)).toBe(s);
    expect(scheduleRebase(s, 'cosine', 0.1, 4).lr).toBeCloseTo(0.1 * (1 + Math.SQRT1_2) / 2, 12);
    expect(scheduleRebase(s, 'none', 0.3, 4).lr).toBe(0.3);
  });
  test('bad schedule settings are named', () => {
    expect(() => scheduleInit('linear' as never, 1, 1)).toThrow(/unknown schedule "linear"; use one of cosine, step, plateau, none/);
    expect(() => scheduleInit('cosine', 0, 1)).toThrow(/lr must be a positive number/);
  });
});

describe('rng', () => {
  test('same seed, same stream; the state saves and restores the stream', () => {
    const a = createRng(42);
    const b = createRng(42);
    const xs = Array.from({ length: 5 }, () => nextUint32(a));
    expect(Array.from({ length: 5 }, () => nextUint32(b))).toEqual(xs);
    const saved = a.state;
    const next = [nextFloat(a), nextFloat(a)];
    const restored = { state: saved };
    expect([nextFloat(restored), nextFloat(restored)]).toEqual(next);
    const r = createRng(1);
    let mean = 0;
    for (let i = 0; i < 10000; i++) mean += nextFloat(r) / 10000;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
  });
});

describe('clipping and optimizers', () => {
  test('global-norm clipping scales every gradient by maxNorm / norm', () => {
    tf.tidy(() => {
      const g = { a: tf.tensor1d([3, 0]), b: tf.tensor2d([[0, 4]]) }; // norm 5
      const { grads, norm } = clipByGlobalNorm(g, 1);
      expect(norm.dataSync()[0]).toBeCloseTo(5, 6);
      close(grads.a.dataSync(), [3 / (5 + 1e-6), 0], 1e-6);
      close(grads.b.dataSync(), [0, 4 / (5 + 1e-6)], 1e-6);
      close(clipByGlobalNorm(g, 10).grads.a.dataSync(), [3, 0], 1e-7);
      expect(clipByGlobalNorm(g, 0).grads).toBe(g);
    });
  });
  test('SGD with weight decay: p - lr (g + wd p); Adam first step: p - lr g / (|g| + eps)', () => {
    const p = { w: tf.variable(tf.tensor1d([1, -2])) };
    const g = { w: tf.tensor1d([0.5, 0.25]) };
    const sgd = createOptimizer('sgd', p, { weightDecay: 0.1 });
    applyGradients(sgd, p, g, 2);
    close(p.w.dataSync(), [1 - 2 * (0.5 + 0.1), -2 - 2 * (0.25 - 0.2)], 1e-6);
    const q = { w: tf.variable(tf.tensor1d([1, -2])) };
    const adam = createOptimizer('adam', q);
    applyGradients(adam, q, g, 0.1);
    close(q.w.dataSync(), [0.9, -2.1], 1e-6);
    expect(adam.t).toBe(1);
    expect(Object.keys(adam.slots).sort()).toEqual(['m/w', 'v/w']);
    close(adam.slots['v/w'].dataSync(), [0.001 * 0.25, 0.001 * 0.0625], 1e-9);
    expect(() => createOptimizer('rmsprop' as never, p)).toThrow(/unknown optimizer "rmsprop"; use sgd or adam/);
  });
});

describe('model', () => {
  test('tied: logits = stack(E[x]) · Eᵀ + b, the last layer has embedding-size units', () => {
    const m = createLanguageModel(tinyModel({ hiddenSize: 7 }), 5);
    expect(m.stack.spec.layers.map((l) => l.hiddenSize)).toEqual([7, 8]);
    expect(m.decoderWeight).toBeNull();
    m.decoderBias.assign(tf.tidy(() => tf.div(tf.range(0, 12), 10)));
    tf.tidy(() => {
      const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]], [2, 3], 'int32');
      const s = initialState(m, 2);
      const { logits, state } = modelForward(m, x, s, { training: false });
      expect(logits.shape).toEqual([2, 3, 12]);
      const { outputs } = stackForward(m.stack, tf.gather(m.embedding, x) as tf.Tensor3D);
      const manual = tf.add(tf.matMul(tf.reshape(outputs, [6, 8]), m.embedding, false, true), m.decoderBias);
      close(logits.dataSync(), manual.dataSync(), 1e-5);
      disposeState(s);
      disposeState(state);
    });
    disposeLanguageModel(m);
  });

  test('training mode applies dropout reproducibly by seed; evaluation has none', () => {
    const m = createLanguageModel(tinyModel({ dropout: 0.5, tied: false }), 1);
    tf.tidy(() => {
      const x = tf.tensor2d([[1, 2, 3, 4]], [1, 4], 'int32');
      const s = initialState(m, 1);
      const run = (o: { training?: boolean; seed?: number }) => modelForward(m, x, s, o).logits.dataSync();
      close(run({ training: true, seed: 3 }), run({ training: true, seed: 3 }), 0);
      expect(Array.from(run({ training: true, seed: 3 }))).not.toEqual(Array.from(run({ training: true, seed: 4 })));
      close(run({ training: false, seed: 3 }), run({}), 0);
    });
    disposeLanguageModel(m);
  });

  test.each([true, false])('modelLoss (fused decoder + loss) equals crossEntropy(modelForward) in value, state and every gradient; tied=%s', (tied) => {
    const m = createLanguageModel(tinyModel({ tied, dropout: 0.3, hiddenSize: 6 }), 4);
    const x = tf.tensor2d([[1, 2, 3, 4], [5, 6, 7, 8]], [2, 4], 'int32');
    const y = tf.tensor2d([[2, 3, 4, 11], [6, 7, 8, 0]], [2, 4], 'int32');
    const before = tf.memory().numTensors;
    const fused = lossAndGradients(m, x, y, true, 9);
    const plain = lossAndGradients(m, x, y, false, 9);
    expect(Math.abs(fused.value - plain.value)).toBeLessThan(1e-6);
    close(fused.lastH, plain.lastH, 0);
    fused.grads.forEach((g, i) => close(g, plain.grads[i], 1e-6));
    expect(tf.memory().numTensors).toBe(before);
    const short = tf.tensor2d([[1, 2, 3]], [1, 3], 'int32');
    const s0 = initialState(m, 2);
    expect(() => modelLoss(m, x, short, s0)).toThrow("modelLoss: targets must have the inputs' shape [2,4], got [1,3]");
    disposeState(s0);
    tf.dispose([x, y, short]);
    disposeLanguageModel(m);
  });

  test('tokenCrossEntropy is -log softmax at each target', () => {
    const logits = tf.tensor3d([[[1, 2, 0.5], [0, 0, 3]]]);
    const targets = tf.tensor2d([[1, 0]], [1, 2], 'int32');
    const lse = (v: number[]) => Math.log(v.reduce((a, b) => a + Math.exp(b), 0));
    const got = tokenCrossEntropy(logits, targets);
    expect(got.shape).toEqual([1, 2]);
    close(got.dataSync(), [lse([1, 2, 0.5]) - 2, lse([0, 0, 3]) - 0], 1e-6);
    tf.dispose([logits, targets, got]);
  });

  test('mean cross-entropy equals -mean log softmax at the targets, and its gradient matches finite differences', () => {
    const logits = tf.tensor3d([[[1, 2, 0.5], [0, 0, 3]]]);
    const targets = tf.tensor2d([[1, 2]], [1, 2], 'int32');
    const lse = (v: number[]) => Math.log(v.reduce((a, b) => a + Math.exp(b), 0));
    const want = ((lse([1, 2, 0.5]) - 2) + (lse([0, 0, 3]) - 3)) / 2;
    expect(crossEntropy(logits, targets).dataSync()[0]).toBeCloseTo(want, 6);
    const m = createLanguageModel(tinyModel({ numLayers: 1, sharingRates: [0.5], dropout: 0, vocabSize: 12 }), 2);
    const x = tf.tensor2d([[1, 2, 3]], [1, 3], 'int32');
    const y = tf.tensor2d([[2, 3, 4]], [1, 3], 'int32');
    const loss = () => tf.tidy(() => {
      const s = initialState(m, 1);
      const out = modelForward(m, x, s);
      disposeState(s);
      return crossEntropy(out.logits, y);
    });
    const { grads } = tf.variableGrads(loss as () => tf.Scalar, [m.embedding]);
    const g = grads[m.embedding.name].arraySync() as number[][];
    const eps = 1e-2;
    for (const [r, c] of [[2, 0], [3, 5], [4, 7], [9, 1]]) {
      const base = m.embedding.arraySync() as number[][];
      const at = (d: number) => {
        const e = base.map((row) => row.slice());
        e[r][c] += d;
        m.embedding.assign(tf.tensor2d(e));
        return loss().dataSync()[0];
      };
      const fd = (at(eps) - at(-eps)) / (2 * eps);
      m.embedding.assign(tf.tensor2d(base));
      expect(Math.abs(fd - g[r][c])).toBeLessThan(2e-3);
    }
    disposeLanguageModel(m);
  });
});
