// The RestrictedRNN layer with the standard tfjs-layers RNN features, against tf.layers.lstm and
// tf.layers.simpleRNN at r = 0 with copied weights. (tf.layers.gru applies its reset gate before the
// hidden product, Keras' reset_after = false; the reference's GRU, like PyTorch's, applies it after,
// so no tfjs GRU computes the same function: the GRU is checked against stackForward instead.)
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { stackForward, stackFromReference, type CellType } from '../src';
import { RestrictedRNN } from '../src/layers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const I = 3;
const H = 4;
const T = 5;
const B = 2;

type Ref = 'lstm' | 'rnn';
const gatesOf = (c: Ref) => (c === 'lstm' ? 4 : 1);

/** A tfjs-layers reference layer (sigmoid gates, as the restricted cells use). */
function refLayer(cell: Ref, o: Partial<Parameters<typeof tfl.layers.lstm>[0]> = {}): tfl.layers.Layer {
  const args = { units: H, recurrentInitializer: 'glorotUniform', ...o }; // orthogonal needs chained tensor methods
  return cell === 'lstm' ? tfl.layers.lstm({ recurrentActivation: 'sigmoid', ...args }) : tfl.layers.simpleRNN(args);
}

/** The pool (r = 0) holding a reference layer's kernel [I, G*H], recurrent kernel [H, G*H] and bias [G*H]. */
function poolFrom(kernel: tf.Tensor, recurrent: tf.Tensor, bias: tf.Tensor, gates: number): [tf.Tensor2D, tf.Tensor1D] {
  const K = Math.max(I, H);
  const pad = (w: tf.Tensor, cols: number) => tf.pad(tf.transpose(w), [[0, 0], [0, K - cols]]); // rows = units
  const pool = tf.concat([pad(kernel, I), pad(recurrent, H)], 0) as tf.Tensor2D; // [2*G*H, K]: input gates, then hidden gates
  const b = tf.concat([bias, tf.zeros([gates * H])]) as tf.Tensor1D;
  return [pool, b];
}

/** Gives `ours` (built) the weights of `ref` (built), tensor lists as getWeights orders them. */
function copyWeights(refWeights: tf.Tensor[], gates: number): tf.Tensor[] {
  const out: tf.Tensor[] = [];
  for (let k = 0; k < refWeights.length; k += 3) out.push(...poolFrom(refWeights[k], refWeights[k + 1], refWeights[k + 2], gates));
  return out;
}

const x = () => tf.randomNormal([B, T, I], 0, 1, 'float32', 7);

/** Largest |a - b| of two tensors of one shape. */
function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  return tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
}

function pair(cell: Ref, o: { returnSequences?: boolean; returnState?: boolean; goBackwards?: boolean } = {}) {
  const ref = refLayer(cell, o);
  const ours = new RestrictedRNN({ units: H, cell, sharingRate: 0, ...o });
  ref.apply(x());
  ours.apply(x());
  ours.setWeights(copyWeights(ref.getWeights(), gatesOf(cell)));
  return { ref, ours };
}

const diff = (a: tf.Tensor | tf.Tensor[], b: tf.Tensor | tf.Tensor[]) => {
  const as = Array.isArray(a) ? a : [a];
  const bs = Array.isArray(b) ? b : [b];
  expect(as.map((t) => t.shape)).toEqual(bs.map((t) => t.shape));
  return Math.max(...as.map((t, i) => maxAbsDiff(t, bs[i])));
};

describe.each(['lstm', 'rnn'] as const)('RestrictedRNN(%s, r = 0) equals tf.layers at copied weights', (cell) => {
  it('plain, returnSequences and returnState', () => {
    const { ref, ours } = pair(cell, { returnSequences: true, returnState: true });
    expect(diff(ours.apply(x()) as tf.Tensor[], ref.apply(x()) as tf.Tensor[])).toBeLessThan(1e-5);
  });

  it('goBackwards (outputs in processing order, as tfjs)', () => {
    const { ref, ours } = pair(cell, { returnSequences: true, goBackwards: true });
    expect(diff(ours.apply(x()) as tf.Tensor, ref.apply(x()) as tf.Tensor)).toBeLessThan(1e-5);
  });

  it('initialState through apply, eager and in a functional model', () => {
    const { ref, ours } = pair(cell, { returnSequences: true });
    const states = Array.from({ length: cell === 'lstm' ? 2 : 1 }, (_, k) => tf.randomNormal([B, H], 0, 1, 'float32', 20 + k));
    const eager = ours.apply(x(), { initialState: states }) as tf.Tensor;
    expect(diff(eager, ref.apply(x(), { initialState: states }) as tf.Tensor)).toBeLessThan(1e-5);
    expect(diff(eager, ours.apply(x()) as tf.Tensor)).toBeGreaterThan(1e-3); // the state was used
    const xIn = tfl.input({ shape: [T, I] });
    const sIn = states.map(() => tfl.input({ shape: [H] }));
    const model = tfl.model({ inputs: [xIn, ...sIn], outputs: ours.apply(xIn, { initialState: sIn }) as tfl.SymbolicTensor });
    expect(diff(model.predict([x(), ...states]) as tf.Tensor, eager)).toBeLessThan(1e-6);
  });

  it('masking after embedding({maskZero}): padded and unpadded inputs agree, and equal tfjs', () => {
    const ids = tf.tensor2d([[3, 1, 4, 0, 0], [2, 7, 1, 8, 0]], [2, 5], 'int32');
    const make = (layer: tfl.layers.Layer) => {
      const m = tfl.sequential({ layers: [tfl.layers.embedding({ inputDim: 10, outputDim: I, maskZero: true, inputLength: T, embeddingsInitializer: tfl.initializers.randomNormal({ seed: 3 }) }), layer] });
      return m;
    };
    const ref = refLayer(cell, { returnSequences: true });
    const ours = new RestrictedRNN({ units: H, cell, sharingRate: 0, returnSequences: true });
    const mr = make(ref);
    const mo = make(ours);
    mo.layers[0].setWeights(mr.layers[0].getWeights());
    ours.setWeights(copyWeights(ref.getWeights(), gatesOf(cell)));
    const got = mo.predict(ids) as tf.Tensor3D;
    expect(diff(got, mr.predict(ids) as tf.Tensor)).toBeLessThan(1e-5);
    // the first sequence's output at its last real step is carried through the padding
    const last = (t: tf.Tensor3D, b: number, s: number) => tf.slice(t, [b, s, 0], [1, 1, H]);
    expect(maxAbsDiff(last(got, 0, 4), last(got, 0, 2))).toBe(0);
    const emb = tfl.layers.embedding({ inputDim: 10, outputDim: I, maskZero: true }); // no fixed length: takes both
    emb.apply(ids);
    emb.setWeights(mo.layers[0].getWeights());
    const lastOnly = new RestrictedRNN({ units: H, cell, sharingRate: 0 });
    lastOnly.apply(emb.apply(ids) as tf.Tensor);
    lastOnly.setWeights(ours.getWeights());
    const padded = lastOnly.apply(emb.apply(ids) as tf.Tensor, { mask: emb.computeMask(ids) }) as tf.Tensor;
    const unpadded = lastOnly.apply(emb.apply(tf.tensor2d([[3, 1, 4]], [1, 3], 'int32')) as tf.Tensor) as tf.Tensor;
    expect(maxAbsDiff(unpadded, tf.slice(padded, [0, 0], [1, H]))).toBeLessThan(1e-6);
    expect(maxAbsDiff(padded, lastOnly.apply(emb.apply(ids) as tf.Tensor) as tf.Tensor)).toBeGreaterThan(1e-3); // without the mask the padding counts
  });

  it('inside bidirectional and timeDistributed', () => {
    const bi = (l: tfl.layers.Layer) => tfl.layers.bidirectional({ layer: l as tfl.RNN, mergeMode: 'concat' });
    const refBi = bi(refLayer(cell, { returnSequences: true }));
    const ourBi = bi(new RestrictedRNN({ units: H, cell, sharingRate: 0, returnSequences: true }));
    refBi.apply(x());
    ourBi.apply(x());
    ourBi.setWeights(copyWeights(refBi.getWeights(), gatesOf(cell)));
    const y = ourBi.apply(x()) as tf.Tensor;
    expect(diff(y, refBi.apply(x()) as tf.Tensor)).toBeLessThan(1e-5);
    const halves = tf.split(y, 2, -1);
    expect(maxAbsDiff(halves[0], halves[1])).toBeGreaterThan(1e-3); // the backward half is its own

    const x4 = tf.randomNormal([B, 2, T, I], 0, 1, 'float32', 9);
    const refTd = tfl.layers.timeDistributed({ layer: refLayer(cell) });
    const ourTd = tfl.layers.timeDistributed({ layer: new RestrictedRNN({ units: H, cell, sharingRate: 0 }) });
    refTd.apply(x4);
    ourTd.apply(x4);
    ourTd.setWeights(copyWeights(refTd.getWeights(), gatesOf(cell)));
    expect(diff(ourTd.apply(x4) as tf.Tensor, refTd.apply(x4) as tf.Tensor)).toBeLessThan(1e-5);
  });
});

describe('RestrictedRNN options', () => {
  it('getConfig / fromConfig round-trips every option', () => {
    const args = { units: 6, cell: 'gru' as CellType, sharingRate: 0.3, returnSequences: true, returnState: true, stateful: false, goBackwards: true, dropout: 0.25, recurrentDropout: 0.1 };
    const layer = new RestrictedRNN(args);
    const back = tf.serialization.SerializationMap.getMap().classNameMap.RestrictedRNN;
    const copy = back[1](back[0], layer.getConfig()) as RestrictedRNN;
    const { units, cell, sharingRate, returnSequences, returnState, stateful, goBackwards, dropout, recurrentDropout } = copy;
    expect({ units, cell, sharingRate, returnSequences, returnState, stateful, goBackwards, dropout, recurrentDropout }).toEqual(args);
  });

  it('GRU: goBackwards, masks and initial state equal stackForward on the reversed, masked sequence', () => {
    const layer = new RestrictedRNN({ units: H, cell: 'gru', sharingRate: 0.5, returnSequences: true, goBackwards: true });
    const xs = x();
    layer.apply(xs);
    const [pool, bias] = layer.getWeights();
    const w = stackFromReference('gru', [0.5], [{ inputSize: I, hiddenSize: H, poolRows: pool.shape[0] as number, poolCols: pool.shape[1] as number, pool: pool.arraySync() as number[][], bias: bias.arraySync() as number[] }]);
    const mask = tf.tensor2d([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]]);
    const h0 = tf.randomNormal([B, H], 0, 1, 'float32', 4);
    const got = layer.call([xs, h0], { mask }) as tf.Tensor;
    const want = stackForward(w, tf.reverse(xs, 1) as tf.Tensor3D, { initialState: { h: [h0 as tf.Tensor2D] }, mask: tf.reverse(mask, 1) });
    expect(maxAbsDiff(got, want.outputs)).toBeLessThan(1e-6);
    // a masked step repeats the previous output: sequence 0 processed backwards starts with two masked steps (h0)
    expect(maxAbsDiff(tf.reshape(tf.slice(got, [0, 0, 0], [1, 1, H]), [1, H]), tf.slice(h0, [0, 0], [1, H]))).toBe(0);
  });

  it('dropout and recurrentDropout act only when training, with one mask per sequence; fit still learns', async () => {
    const layer = new RestrictedRNN({ units: H, cell: 'lstm', sharingRate: 0.5, returnSequences: true, dropout: 0.5, recurrentDropout: 0.5 });
    const plain = new RestrictedRNN({ units: H, cell: 'lstm', sharingRate: 0.5, returnSequences: true });
    layer.apply(x());
    plain.apply(x());
    plain.setWeights(layer.getWeights());
    expect(maxAbsDiff(layer.call(x(), { training: false }) as tf.Tensor, plain.call(x(), {}) as tf.Tensor)).toBe(0);
    const trained = layer.call(x(), { training: true }) as tf.Tensor;
    expect(maxAbsDiff(trained, plain.call(x(), {}) as tf.Tensor)).toBeGreaterThan(1e-3);
    expect(tf.any(tf.isNaN(trained)).dataSync()[0]).toBe(0);

    const model = tfl.sequential({ layers: [new RestrictedRNN({ units: 8, cell: 'lstm', sharingRate: 0.5, dropout: 0.2, recurrentDropout: 0.2, inputShape: [T, I] }), tfl.layers.dense({ units: 1 })] });
    model.compile({ optimizer: tf.train.adam(0.03), loss: 'meanSquaredError' });
    const xs = tf.randomNormal([32, T, I], 0, 1, 'float32', 11);
    const ys = tf.div(tf.reshape(tf.sum(xs, [1, 2]), [32, 1]), 4);
    const first = await model.fit(xs, ys, { epochs: 1, batchSize: 16, verbose: 0 });
    const before = tf.memory().numTensors; // optimizer slots exist now
    const h = await model.fit(xs, ys, { epochs: 20, batchSize: 16, verbose: 0 });
    const loss = h.history.loss as number[];
    expect(loss[loss.length - 1]).toBeLessThan((first.history.loss[0] as number) * 0.7);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects rates outside [0, 1) naming the option, and a wrong initial state naming its shape', () => {
    expect(() => new RestrictedRNN({ units: 4, dropout: 1 })).toThrow(/dropout must be a number in \[0, 1\), got 1/);
    expect(() => new RestrictedRNN({ units: 4, recurrentDropout: -0.1 })).toThrow(/recurrentDropout must be a number in \[0, 1\)/);
    const layer = new RestrictedRNN({ units: H, cell: 'lstm' });
    layer.apply(x());
    expect(() => layer.apply(x(), { initialState: [tf.zeros([B, H])] })).toThrow(/initialState must hold \[h, c\] \(each \[batch, 4\]\), got 1 tensor/);
  });
});
