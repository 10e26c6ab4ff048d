/**
 * The size of the weight data a tfjs weights manifest describes: what `@rrnn/train` checks its
 * artifacts against and `@rrnn/backend`'s `file://` handler checks the files it loads against.
 */
import type * as tf from '@tensorflow/tfjs-core';

/** Bytes per value of a quantized weight (tfjs's quantization dtypes). */
const QUANTIZED_BYTES: Record<string, number> = { uint8: 1, uint16: 2, float16: 2 };

/**
 * Bytes of weight data that `specs` describe: each entry's element count times 4 (float32 and int32)
 * or, when quantized, its quantization dtype's size. Throws for a quantization dtype tfjs does not write.
 */
export function manifestBytes(specs: tf.io.WeightsManifestEntry[]): number {
  return specs.reduce((n, s) => {
    const q = s.quantization?.dtype;
    if (q !== undefined && !(q in QUANTIZED_BYTES)) throw new Error(`weights manifest: ${s.name} has quantization dtype "${q}"; tfjs writes ${Object.keys(QUANTIZED_BYTES).join(', ')}`);
    return n + s.shape.reduce((a, b) => a * b, 1) * (q === undefined ? 4 : QUANTIZED_BYTES[q]);
  }, 0);
}
