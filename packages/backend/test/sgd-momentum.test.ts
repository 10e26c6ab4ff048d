// The fused SGD-momentum step on wasm (sgd_momentum.wat, kernel RrnnSgdMomentum) against the tfjs ops it
// replaces, run on wasm too, and against core's plain loop: the same bits for every remainder mod 4 (the
// module's overlapping last vector), tensors under 4 elements (core's loop), the paper's [200, 800]
// block, with and without weight decay, Nesterov, a clipping factor below 1; and inputs it refuses.
import * as tf from '@tensorflow/tfjs-core';
import { SGD_MOMENTUM, sgdMomentumStep, type SgdMomentumAttrs } from '@rrnn/core/kernels';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../src/index';
import { rng } from './lm';

beforeAll(() => useBackend('wasm'));

const SHAPES: number[][] = [[1], [3], [4], [5], [6], [7], [2, 9], [13, 11], [200, 800]];
const ATTRS: SgdMomentumAttrs[] = [
  { lr: 1, momentum: 0.9, weightDecay: 1e-6, nesterov: false },
  { lr: 0.37, momentum: 0.9, weightDecay: 0, nesterov: false },
  { lr: 0.05, momentum: 0.5, weightDecay: 1e-3, nesterov: true },
];

function inputs(shape: number[], seed: number) {
  const r = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const make = (s: number) => tf.tensor(Float32Array.from({ length: n }, () => (r() * 2 - 1) * s), shape);
  return { p: make(0.3), v: make(0.05), g: make(2) };
}

/** The step written out as optimizer.ts writes it (clip factor, weight decay, momentum, step), on the active backend. */
function ops(p: tf.Tensor, v: tf.Tensor, g: tf.Tensor, scale: tf.Scalar, a: SgdMomentumAttrs): tf.Tensor[] {
  return tf.tidy(() => {
    const raw = tf.mul(g, scale);
    const d = a.weightDecay > 0 ? tf.add(raw, tf.mul(p, a.weightDecay)) : raw;
    const vn = tf.add(tf.mul(v, a.momentum), d);
    const step = a.nesterov ? tf.add(d, tf.mul(vn, a.momentum)) : vn;
    return [tf.sub(p, tf.mul(step, a.lr)), vn];
  });
}

const bits = (t: tf.Tensor) => Array.from(new Uint32Array((t.dataSync() as Float32Array).slice().buffer));

describe('the fused SGD-momentum kernel on wasm', () => {
  it('is registered for wasm', () => expect(tf.getKernel(SGD_MOMENTUM, 'wasm')).toBeDefined());

  for (const shape of SHAPES) {
    it(`gives the ops' bits and the plain loop's for [${shape}]`, () => {
      for (const [i, a] of ATTRS.entries()) {
        const before = tf.memory().numTensors;
        const { p, v, g } = inputs(shape, 7 + i);
        const scale = tf.scalar(i === 1 ? 1 : 0.0731);
        const fused = tf.engine().runKernel(SGD_MOMENTUM, { p, v, g, scale }, a as unknown as tf.NamedAttrMap) as tf.Tensor[];
        const written = ops(p, v, g, scale, a);
        expect(bits(fused[0]), `p', attrs ${i}`).toEqual(bits(written[0]));
        expect(bits(fused[1]), `v', attrs ${i}`).toEqual(bits(written[1]));
        const [pOut, vOut] = [new Float32Array(p.size), new Float32Array(p.size)];
        sgdMomentumStep(p.dataSync(), v.dataSync(), g.dataSync(), scale.dataSync()[0], a, pOut, vOut);
        expect(Array.from(new Uint32Array(pOut.buffer)), `loop p', attrs ${i}`).toEqual(bits(written[0]));
        expect(Array.from(new Uint32Array(vOut.buffer)), `loop v', attrs ${i}`).toEqual(bits(written[1]));
        // the inputs are untouched, and the step moved p
        expect(bits(p)).not.toEqual(bits(fused[0]));
        tf.dispose([p, v, g, scale, ...fused, ...written]);
        expect(tf.memory().numTensors).toBe(before);
      }
    });
  }

  it('refuses mismatched shapes, other dtypes and a clip factor that is not a scalar, naming the input', () => {
    const a = ATTRS[0] as unknown as tf.NamedAttrMap;
    const p = tf.zeros([4, 3]);
    const run = (o: Record<string, tf.Tensor>) => () => tf.engine().runKernel(SGD_MOMENTUM, { p, v: p, g: p, scale: tf.scalar(1), ...o }, a);
    expect(run({ g: tf.zeros([3, 4]) })).toThrow(/^RrnnSgdMomentum: g must be float32 \[4,3\] like p, got float32 \[3,4\]$/);
    expect(run({ v: tf.zeros([4, 3], 'int32') })).toThrow(/^RrnnSgdMomentum: v must be float32 \[4,3\] like p, got int32 \[4,3\]$/);
    expect(run({ scale: tf.ones([1]) })).toThrow(/^RrnnSgdMomentum: scale must be a float32 scalar, got float32 \[1\]$/);
  });
});
