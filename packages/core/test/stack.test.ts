import '@tensorflow/tfjs-backend-cpu';
import './grad-setup';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  disposeStackWeights, initStackWeights, stackForward, stackFromReference, stackSpec, stackToReference, zeroState,
  type CellType,
} from '../src';
import { maxAbsDiff } from './util';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const spec2 = (cell: CellType) => stackSpec({ cell, inputSize: 5, hiddenSize: 6, numLayers: 2, sharingRates: [0.5, 0.5] });

describe('stackForward', () => {
  it('returns [batch, steps, lastHidden] outputs and one final state per layer', () => {
    const spec = stackSpec({ cell: 'lstm', inputSize: 5, hiddenSize: 6, numLayers: 2, sharingRates: 0.3, outputSize: 3 });
    const w = initStackWeights(spec, { seed: 1 });
    const x = tf.ones([2, 4, 5]) as tf.Tensor3D;
    const { outputs, final } = stackForward(w, x);
    expect(outputs.shape).toEqual([2, 4, 3]);
    expect(final.h.map((t) => t.shape)).toEqual([[2, 6], [2, 3]]);
    expect(final.c!.map((t) => t.shape)).toEqual([[2, 6], [2, 3]]);
    // the last output step is the last layer's final h
    expect(maxAbsDiff(tf.squeeze(tf.slice(outputs, [0, 3, 0], [2, 1, 3]), [1]).arraySync() as number[][], final.h[1].arraySync())).toBe(0);
    tf.dispose([x, outputs, final.h, final.c!]);
    disposeStackWeights(w);
  });

  it('continues from a given state: two halves equal the whole sequence', () => {
    for (const cell of ['rnn', 'gru', 'lstm'] as CellType[]) {
      const w = initStackWeights(spec2(cell), { seed: 2 });
      const x = tf.randomNormal([2, 6, 5], 0, 1, 'float32', 3) as tf.Tensor3D;
      const whole = stackForward(w, x);
      const a = stackForward(w, tf.slice(x, [0, 0, 0], [2, 3, 5]));
      const b = stackForward(w, tf.slice(x, [0, 3, 0], [2, 3, 5]), { initialState: a.final });
      expect(maxAbsDiff(tf.concat([a.outputs, b.outputs], 1).arraySync(), whole.outputs.arraySync())).toBeLessThan(1e-6);
      expect(maxAbsDiff(b.final.h.map((t) => t.arraySync()), whole.final.h.map((t) => t.arraySync()))).toBeLessThan(1e-6);
      disposeStackWeights(w);
    }
  });

  it('initialises weights uniformly in (-1/sqrt(K), 1/sqrt(K)), reproducibly with a seed', () => {
    const spec = stackSpec({ cell: 'gru', inputSize: 16, hiddenSize: 9, numLayers: 1, sharingRates: 0.5 });
    const w1 = initStackWeights(spec, { seed: 9 });
    const w2 = initStackWeights(spec, { seed: 9, name: 'named', trainable: false });
    const v = w1.layers[0].pool.dataSync();
    const a = 1 / Math.sqrt(16);
    expect(Math.max(...v)).toBeLessThanOrEqual(a);
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-a);
    expect(Math.max(...v)).toBeGreaterThan(0.9 * a);
    expect(w2.layers[0].pool.name).toBe('named/l0/pool');
    expect(w2.layers[0].pool.trainable).toBe(false);
    expect(maxAbsDiff(stackToReference(w1)[0].pool, stackToReference(w2)[0].pool)).toBe(0);
    disposeStackWeights(w1);
    disposeStackWeights(w2);
  });

  it('applies dropout between layers only when training, reproducibly with a seed', () => {
    const w = initStackWeights(spec2('lstm'), { seed: 4 });
    const x = tf.randomNormal([3, 5, 5], 0, 1, 'float32', 5) as tf.Tensor3D;
    const out = (o: Parameters<typeof stackForward>[2]) => stackForward(w, x, o).outputs.arraySync();
    const plain = out({});
    expect(maxAbsDiff(out({ dropout: 0.5, training: false }), plain)).toBe(0);
    const d1 = out({ dropout: 0.5, training: true, seed: 1 });
    expect(maxAbsDiff(d1, plain)).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(out({ dropout: 0.5, training: true, seed: 1 }), d1)).toBe(0);
    expect(maxAbsDiff(out({ dropout: 0.5, training: true, seed: 2 }), d1)).toBeGreaterThan(1e-3);
    // a single layer has nothing between layers to drop
    const one = initStackWeights(stackSpec({ cell: 'rnn', inputSize: 5, hiddenSize: 4, numLayers: 1, sharingRates: 0 }), { seed: 1 });
    expect(maxAbsDiff(stackForward(one, x, { dropout: 0.5, training: true, seed: 1 }).outputs.arraySync(), stackForward(one, x).outputs.arraySync())).toBe(0);
    disposeStackWeights(w);
    disposeStackWeights(one);
  });

  it('round-trips weights through the reference format', () => {
    const w = initStackWeights(spec2('gru'), { seed: 6 });
    const ref = stackToReference(w);
    expect(ref.map((l) => [l.poolRows, l.poolCols, l.pool.length, l.pool[0].length, l.bias.length])).toEqual([[21, 6, 21, 6, 21], [21, 6, 21, 6, 21]]);
    const back = stackFromReference('gru', [0.5, 0.5], JSON.parse(JSON.stringify(ref)));
    expect(maxAbsDiff(stackToReference(back).map((l) => l.pool), ref.map((l) => l.pool))).toBe(0);
    const x = tf.randomNormal([2, 3, 5], 0, 1, 'float32', 7) as tf.Tensor3D;
    expect(maxAbsDiff(stackForward(back, x).outputs.arraySync(), stackForward(w, x).outputs.arraySync())).toBe(0);
    disposeStackWeights(w);
    disposeStackWeights(back);
  });
});

describe('tensor hygiene', () => {
  it('keeps the tensor count flat over 100 forward/backward/update steps', () => {
    for (const cell of ['rnn', 'gru', 'lstm'] as CellType[]) {
      const spec = spec2(cell);
      const w = initStackWeights(spec, { seed: 8 });
      const opt = tf.train.sgd(0.01);
      const x = tf.randomNormal([2, 4, 5], 0, 1, 'float32', 9) as tf.Tensor3D;
      let state = zeroState(spec, 2);
      const counts: number[] = [];
      for (let i = 0; i < 100; i++) {
        let next: typeof state | undefined;
        tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => {
            const { outputs, final } = stackForward(w, x, { initialState: state, training: true, dropout: 0.2, seed: i });
            // carry the final state to the next window (as truncated BPTT does): kept, so the tape's tidy spares it
            next = { h: final.h.map((t) => tf.keep(t)) };
            if (final.c) next.c = final.c.map((t) => tf.keep(t));
            return tf.mean(tf.square(outputs)) as tf.Scalar;
          });
          opt.applyGradients(grads);
          value.dataSync();
        });
        tf.dispose([state.h, state.c ?? []]);
        state = next!;
        counts.push(tf.memory().numTensors);
      }
      expect(new Set(counts.slice(1)).size, `tensor counts ${counts.slice(0, 5).join(',')}...${counts.slice(-3).join(',')}`).toBe(1);
      tf.dispose([x, state.h, state.c ?? []]);
      disposeStackWeights(w);
      opt.dispose();
    }
  });

  it('creating and disposing weights leaves the tensor count as it was', () => {
    const before = tf.memory().numTensors;
    const w = initStackWeights(spec2('lstm'), { seed: 1 });
    expect(tf.memory().numTensors - before).toBe(4); // two variables per layer, nothing else
    const back = stackFromReference('lstm', [0.5, 0.5], stackToReference(w));
    expect(tf.memory().numTensors - before).toBe(8);
    disposeStackWeights(w);
    disposeStackWeights(back);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('makes no tensors besides its result when called outside a tidy', () => {
    const w = initStackWeights(spec2('lstm'), { seed: 1 });
    const x = tf.ones([1, 3, 5]) as tf.Tensor3D;
    const before = tf.memory().numTensors;
    const { outputs, final } = stackForward(w, x, { training: true, dropout: 0.3, seed: 1 });
    expect(tf.memory().numTensors - before).toBe(1 + 2 + 2);
    tf.dispose([outputs, final.h, final.c!]);
    expect(tf.memory().numTensors).toBe(before);
    disposeStackWeights(w);
  });
});

describe('bad input', () => {
  const w = initStackWeights(spec2('lstm'), { seed: 1 });
  it.each([
    [() => stackForward(w, tf.ones([2, 3, 4]) as tf.Tensor3D), 'inputs must have shape [batch, steps, inputSize=5], got [2, 3, 4]'],
    [() => stackForward(w, tf.ones([3, 5]) as unknown as tf.Tensor3D), 'inputs must have shape [batch, steps, inputSize=5], got [3, 5]'],
    [() => stackForward(w, tf.ones([2, 3, 5]) as tf.Tensor3D, { initialState: zeroState(spec2('lstm'), 3) }),
      'initialState.h[0] must have shape [2, 6], got [3, 6]'],
    [() => stackForward(w, tf.ones([2, 3, 5]) as tf.Tensor3D, { initialState: { h: zeroState(spec2('lstm'), 2).h } }),
      'initialState.c must hold one [batch, hidden] tensor per layer (2), got undefined'],
    [() => stackForward(w, tf.ones([2, 3, 5]) as tf.Tensor3D, { dropout: 1, training: true }), 'dropout must be in [0, 1), got 1'],
    [() => stackForward({ spec: spec2('gru'), layers: w.layers }, tf.ones([2, 3, 5]) as tf.Tensor3D),
      'pool of layer 0 must have shape [21, 6] (gru, inputSize 5, hiddenSize 6, sharingRate 0.5), got [27, 6]'],
    [() => stackFromReference('rnn', [0.5], [{ inputSize: 3, hiddenSize: 4, poolRows: 5, poolCols: 4, pool: [], bias: [] }]),
      'pool of layer 0 must have shape [6, 4] (rnn, inputSize 3, hiddenSize 4, sharingRate 0.5), got [5, 4]'],
    [() => stackFromReference('rnn', [0.5], [{ inputSize: 3, hiddenSize: 4, poolRows: 6, poolCols: 4, pool: [[1, 2, 3]], bias: [] }]),
      'pool of layer 0 must have shape [6, 4] (rnn, inputSize 3, hiddenSize 4, sharingRate 0.5), got [1, 3]'],
    [() => stackFromReference('rnn', [1.5], [{ inputSize: 3, hiddenSize: 4, poolRows: 6, poolCols: 4, pool: [], bias: [] }]),
      'sharingRate must be in [0, 1], got 1.5 (layer 0)'],
    [() => zeroState(spec2('rnn'), 0), 'batch must be a positive integer, got 0'],
  ] as const)('%#: throws a message naming the problem', (f, msg) => {
    expect(f).toThrow(msg);
  });
});
