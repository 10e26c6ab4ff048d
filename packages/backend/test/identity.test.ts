// Identity on wasm shares its input's memory (tfjs clones every tensor an op saves for its backward
// with it): no new data, reference counts right, and gradients of ops that save tensors unchanged.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { registerWasmKernels, useBackend } from '../src/index';

const dataIds = () => tf.engine().backend.numDataIds();

describe('Identity on wasm', () => {
  it('a clone shares the data; either tensor may be disposed first', async () => {
    await useBackend('wasm');
    expect(registerWasmKernels()).toEqual([]); // in place already, and idempotent
    for (const disposeFirst of ['x', 'y'] as const) {
      const before = dataIds();
      const x = tf.tensor2d([1.5, -2, 3, 4.25, 0, -7], [2, 3]);
      const y = tf.clone(x);
      expect(dataIds()).toBe(before + 1); // one buffer for both
      expect(y.shape).toEqual([2, 3]);
      expect(y.dtype).toBe('float32');
      const [first, second] = disposeFirst === 'x' ? [x, y] : [y, x];
      first.dispose();
      expect(Array.from(second.dataSync())).toEqual([1.5, -2, 3, 4.25, 0, -7]);
      expect(dataIds()).toBe(before + 1);
      second.dispose();
      expect(dataIds()).toBe(before); // freed with the last reference
    }
    const ids = tf.tensor1d([3, 1, 4], 'int32');
    const c = tf.clone(ids);
    expect(c.dtype).toBe('int32');
    expect(Array.from(c.dataSync())).toEqual([3, 1, 4]);
    tf.dispose([ids, c]);
  });

  it('gradients of ops that save their inputs and outputs equal cpu', async () => {
    const grads = async (backend: string) => {
      await useBackend(backend);
      const x = tf.tensor2d([0.3, -1.2, 2.0, 0.7, -0.4, 1.1], [2, 3]);
      const w = tf.tensor2d([0.5, -0.25, 1.0, 0.75, -1.5, 0.2], [3, 2]);
      // exp and tanh save their outputs, matMul and mul their inputs: each saved tensor is a clone
      const f = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.tanh(tf.matMul(tf.exp(a) as tf.Tensor2D, b as tf.Tensor2D)), tf.sigmoid(tf.sum(a))));
      const [ga, gb] = tf.grads(f)([x, w]);
      const out = [Array.from(ga.dataSync()), Array.from(gb.dataSync())];
      tf.dispose([x, w, ga, gb]);
      return out;
    };
    const [cpu, wasm] = [await grads('cpu'), await grads('wasm')];
    for (let i = 0; i < 2; i++) wasm[i].forEach((v, j) => expect(v).toBeCloseTo(cpu[i][j], 5));
  });
});
