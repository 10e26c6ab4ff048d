import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { manifestBytes } from '../src';

describe('manifestBytes', () => {
  it('counts 4 bytes per float32 or int32 value and the stored size of quantized ones', () => {
    expect(manifestBytes([])).toBe(0);
    expect(manifestBytes([
      { name: 'a', shape: [3, 5], dtype: 'float32' },
      { name: 'b', shape: [7], dtype: 'int32' },
      { name: 'c', shape: [2, 3], dtype: 'float32', quantization: { dtype: 'uint8', min: 0, scale: 1 } },
      { name: 'd', shape: [4], dtype: 'float32', quantization: { dtype: 'float16' } },
      { name: 'e', shape: [], dtype: 'float32', quantization: { dtype: 'uint16', min: 0, scale: 1 } },
    ])).toBe(15 * 4 + 7 * 4 + 6 * 1 + 4 * 2 + 1 * 2);
  });

  it('agrees with what tf.io.encodeWeights writes', async () => {
    const t = { w: tf.ones([3, 4]), ids: tf.tensor1d([1, 2, 3], 'int32') };
    const { data, specs } = await tf.io.encodeWeights(t);
    expect(manifestBytes(specs)).toBe((data as ArrayBuffer).byteLength);
    tf.dispose(Object.values(t));
  });

  it('names a quantization dtype tfjs does not write', () => {
    expect(() => manifestBytes([{ name: 'x', shape: [2], dtype: 'float32', quantization: { dtype: 'int4' as 'uint8' } }])).toThrow(
      'weights manifest: x has quantization dtype "int4"; tfjs writes uint8, uint16, float16',
    );
  });
});
