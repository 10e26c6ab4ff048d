// dropout(x, rate, seed): tf.dropout(x, rate, undefined, seed) bit for bit, through core's mask kernel on
// cpu (RrnnDropoutMask, dropout-mask-loops.ts): many seeds and rates, odd sizes, signed zeros, the
// gradient; the kernel turned off; unseeded masks; and the inputs it refuses.
import '@tensorflow/tfjs-backend-cpu';
import './grad-setup';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { dropout, fusedDropoutMaskActive, setFusedDropoutMask } from '../src/dropout';
import { DROPOUT_MASK, aleaState, checkDropoutMaskAttrs, dropoutMaskFill, type DropoutMaskAttrs } from '../src/kernels';

beforeAll(() => tf.setBackend('cpu'));

const bits = (t: tf.Tensor) => Array.from(new Uint32Array(Float32Array.from(t.dataSync() as Float32Array).buffer));
const SEEDS = [0, 1, 2, 7, 12345, 2 ** 31 + 5, 3.5, -2];
const RATES = [0.2, 0.5, 0.65, 0.05, 0.999];
const SHAPES = [[0], [1], [3], [5, 7], [35, 4, 20], [2, 3, 4, 5]];

describe('dropout with a seed', () => {
  it('runs the mask kernel on cpu', () => {
    expect(fusedDropoutMaskActive()).toBe(true);
    expect(tf.getKernel(DROPOUT_MASK, 'cpu')).toBeDefined();
  });

  it("gives tf.dropout's bits for every seed, rate and shape (negative values and zeros included)", () => {
    const before = tf.memory().numTensors;
    for (const shape of SHAPES) {
      const x = tf.tidy(() => tf.mul(tf.randomNormal(shape, 0, 1, 'float32', 11), tf.cast(tf.greater(tf.randomUniform(shape, 0, 1, 'float32', 12), 0.1), 'float32')));
      for (const seed of SEEDS) {
        for (const rate of RATES) {
          const [ours, theirs] = [dropout(x, rate, seed), tf.dropout(x, rate, undefined, seed)];
          expect(ours.shape).toEqual(shape);
          expect(bits(ours), `[${shape}] seed ${seed} rate ${rate}`).toEqual(bits(theirs));
          tf.dispose([ours, theirs]);
        }
      }
      x.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('drops about `rate` of a large tensor and scales the rest by 1 / (1 - rate)', () => {
    const y = dropout(tf.ones([200, 500]), 0.3, 42);
    const v = y.dataSync();
    const kept = v.filter((e) => e !== 0);
    expect(Math.abs(1 - kept.length / v.length - 0.3)).toBeLessThan(0.005);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / Math.fround(0.7))]));
  });

  it("has tf.dropout's gradient: the mask", () => {
    const x = tf.randomNormal([6, 9], 0, 1, 'float32', 5);
    const w = tf.randomNormal([6, 9], 0, 1, 'float32', 6);
    const grad = (f: (t: tf.Tensor) => tf.Tensor) => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t), w)))(x);
    expect(bits(grad((t) => dropout(t, 0.4, 3)))).toEqual(bits(grad((t) => tf.dropout(t, 0.4, undefined, 3))));
  });

  it('gives the same bits with the kernel turned off (then it is tf.dropout)', () => {
    const x = tf.randomNormal([17, 3], 0, 1, 'float32', 8);
    const on = dropout(x, 0.25, 99);
    setFusedDropoutMask(false);
    try {
      expect(fusedDropoutMaskActive()).toBe(false);
      expect(bits(dropout(x, 0.25, 99))).toEqual(bits(on));
    } finally {
      setFusedDropoutMask(true);
    }
  });

  it('draws a fresh mask without a seed, and returns x itself at rate 0', () => {
    const x = tf.ones([40, 50]);
    const [a, b] = [dropout(x, 0.5), dropout(x, 0.5)];
    expect(bits(a)).not.toEqual(bits(b));
    expect(new Set(a.dataSync())).toEqual(new Set([0, 2]));
    expect(dropout(x, 0, 5)).toBe(x);
  });

  it('refuses rates outside [0, 1) and non-float32 inputs, naming them', () => {
    const x = tf.ones([2, 2]);
    for (const rate of [1, -0.1, Number.NaN, 1.5]) expect(() => dropout(x, rate, 1)).toThrow(`dropout: rate must be in [0, 1), got ${rate}`);
    expect(() => dropout(tf.ones([2], 'int32'), 0.5, 1)).toThrow('dropout: x must be float32, got int32');
  });
});

describe('the mask kernel and its loop', () => {
  const attrs = (o: Partial<DropoutMaskAttrs> = {}): DropoutMaskAttrs => ({ shape: [3, 4], keep: Math.fround(0.8), ...aleaState('5'), ...o });

  it("fills tf.randomUniform's Alea draws (seeded with the string) into tf.dropout's multiplier", () => {
    for (const seed of ['1', '0.5', 'abc', '']) {
      const out = new Float32Array(1000);
      dropoutMaskFill(out, aleaState(seed), Math.fround(0.6));
      const u = tf.randomUniform([1000], 0, 1, 'float32', seed).dataSync();
      const want = u.map((e) => (Math.fround(e + Math.fround(0.6)) >= 1 ? Math.fround(1 / Math.fround(0.6)) : 0));
      expect(Array.from(out), `seed '${seed}'`).toEqual(Array.from(want));
    }
  });

  it('keeps an element whose draw plus keep is exactly 1, as floor(u + keep) / keep does', () => {
    // 2091639 * 513 + 731017 = 2^30: the first draw is u = 0.25, and 0.25 + 0.75 = 1
    const a = attrs({ shape: [2], keep: 0.75, s0: 513, s1: 0, s2: 0, c: 731017 });
    const mask = tf.engine().runKernel(DROPOUT_MASK, {}, a as unknown as tf.NamedAttrMap) as tf.Tensor;
    const want = tf.div(tf.floor(tf.add(tf.scalar(0.25), 0.75)), 0.75);
    expect(mask.dataSync()[0]).toBe(want.dataSync()[0]);
    expect(mask.dataSync()[0]).toBe(Math.fround(4 / 3));
  });

  it('states its seeding in integers below 2^32 and a carry of 1', () => {
    for (const seed of ['0', '7', '12345']) {
      const s = aleaState(seed);
      expect(s.c).toBe(1);
      for (const v of [s.s0, s.s1, s.s2]) expect(Number.isInteger(v) && v >= 0 && v < 2 ** 32).toBe(true);
    }
  });

  it('refuses attrs outside its contract, naming the attr and the fix', () => {
    expect(checkDropoutMaskAttrs(attrs())).toBe(12);
    expect(() => checkDropoutMaskAttrs(attrs({ keep: 0.8 }))).toThrow(`${DROPOUT_MASK}: keep must be a float32 value in (0, 1] (Math.fround(1 - rate)), got 0.8`);
    expect(() => checkDropoutMaskAttrs(attrs({ keep: 0 }))).toThrow('keep must be a float32 value in (0, 1]');
    expect(() => checkDropoutMaskAttrs(attrs({ shape: [2, -1] }))).toThrow(`${DROPOUT_MASK}: shape must be a list of non-negative integers, got [2,-1]`);
    expect(() => checkDropoutMaskAttrs(attrs({ s1: 2 ** 32 }))).toThrow(`${DROPOUT_MASK}: s1 must be an integer in [0, 2^32) (aleaState), got 4294967296`);
    expect(() => checkDropoutMaskAttrs(attrs({ c: 0.5 }))).toThrow(`${DROPOUT_MASK}: c must be an integer in [0, 2091639] (aleaState), got 0.5`);
    expect(() => tf.engine().runKernel(DROPOUT_MASK, {}, attrs({ s0: -1 }) as unknown as tf.NamedAttrMap)).toThrow('s0 must be an integer');
  });
});
