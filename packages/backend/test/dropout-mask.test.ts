// The dropout-mask kernel on wasm (dropout_mask.wat, kernel RrnnDropoutMask) against tf.dropout on wasm
// (tfjs's JavaScript draws and three kernels) and core's plain loop: the same bits for many seeds, rates
// and sizes (carries and lags above 2^31 included), the boundary draw u + keep = 1, the gradient through
// core's dropout, and nothing left behind.
import * as tf from '@tensorflow/tfjs-core';
import { dropout, fusedDropoutMaskActive } from '@rrnn/core';
import { DROPOUT_MASK, aleaState, dropoutMaskFill, type DropoutMaskAttrs } from '@rrnn/core/kernels';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../src/index';

beforeAll(() => useBackend('wasm'));

const bits = (t: tf.Tensor | Float32Array) => Array.from(new Uint32Array(Float32Array.from(t instanceof tf.Tensor ? (t.dataSync() as Float32Array) : t).buffer));
const mask = (a: DropoutMaskAttrs) => tf.engine().runKernel(DROPOUT_MASK, {}, a as unknown as tf.NamedAttrMap) as tf.Tensor;

describe('the dropout-mask kernel on wasm', () => {
  it('is registered for wasm and used by core', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel(DROPOUT_MASK, 'wasm')).toBeDefined();
    expect(fusedDropoutMaskActive()).toBe(true);
  });

  it("gives tf.dropout's bits through core's dropout, for many seeds, rates and shapes", () => {
    const before = tf.memory().numTensors;
    for (const shape of [[0], [1], [3], [7, 5], [35, 200, 40]]) {
      const x = tf.randomNormal(shape, 0, 1, 'float32', 4);
      for (const seed of [0, 1, 9, 2 ** 31 + 5, 3.5]) {
        for (const rate of [0.2, 0.5, 0.05, 0.95]) {
          const [ours, theirs] = [dropout(x, rate, seed), tf.dropout(x, rate, undefined, seed)];
          expect(bits(ours), `[${shape}] seed ${seed} rate ${rate}`).toEqual(bits(theirs));
          tf.dispose([ours, theirs]);
        }
      }
      x.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it("gives core's loop's bits for states with lags at and above 2^31", () => {
    const states = [aleaState('5'), { s0: 2 ** 32 - 1, s1: 2 ** 31, s2: 2 ** 31 - 1, c: 2091639 }, { s0: 0, s1: 0, s2: 0, c: 0 }];
    for (const [i, s] of states.entries()) {
      const a: DropoutMaskAttrs = { shape: [4099], keep: Math.fround(0.7), ...s };
      const want = new Float32Array(4099);
      dropoutMaskFill(want, s, a.keep);
      const got = mask(a);
      expect(bits(got), `state ${i}`).toEqual(bits(want));
      got.dispose();
    }
  });

  it('keeps an element whose draw plus keep is exactly 1', () => {
    // 2091639 * 513 + 731017 = 2^30: the first draw is u = 0.25, and 0.25 + 0.75 = 1
    const got = mask({ shape: [1], keep: 0.75, s0: 513, s1: 0, s2: 0, c: 731017 });
    expect(got.dataSync()[0]).toBe(Math.fround(4 / 3));
    got.dispose();
  });

  it("has tf.dropout's gradient through core's dropout", () => {
    const x = tf.randomNormal([30, 20], 0, 1, 'float32', 5);
    const w = tf.randomNormal([30, 20], 0, 1, 'float32', 6);
    const grad = (f: (t: tf.Tensor) => tf.Tensor) => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t), w)))(x);
    expect(bits(grad((t) => dropout(t, 0.4, 3)))).toEqual(bits(grad((t) => tf.dropout(t, 0.4, undefined, 3))));
  });

  it('refuses attrs outside its contract', () => {
    expect(() => mask({ shape: [2], keep: 0.8, ...aleaState('1') })).toThrow(`${DROPOUT_MASK}: keep must be a float32 value in (0, 1]`);
  });
});
