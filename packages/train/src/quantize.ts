/**
 * Weight quantization in tfjs's own encoding (the one `tf.io.decodeWeights` and `tf.loadLayersModel`
 * read back): `float16` halves the bytes, `uint8` quarters them with one affine map per tensor,
 * `w ≈ q * scale + min`. Browser-safe.
 */
import * as tf from '@tensorflow/tfjs-core';

import { QUANTIZATIONS, type Quantization } from './setting-names';

export type { Quantization };

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The IEEE half-precision bits of a number, rounded to nearest even (overflow to ±Infinity, NaN kept). */
export function toFloat16Bits(x: number): number {
  f32[0] = x;
  const bits = u32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  let mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf / NaN
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // too large: Infinity
  if (e <= 0) {
    if (e < -10) return sign; // below the smallest subnormal: zero
    mant |= 0x800000; // subnormal half: shift in the implicit bit
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let m = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    if (rest > half || (rest === half && (m & 1))) m += 1;
    return sign | m;
  }
  let m = mant >>> 13;
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (m & 1))) {
    m += 1;
    if (m === 0x400) {
      m = 0;
      e += 1;
      if (e >= 0x1f) return sign | 0x7c00;
    }
  }
  return sign | (e << 10) | m;
}

/**
 * Re-encode float32 weight data (as `tf.io.encodeWeights` or a layers model's save writes it) with
 * `quantization`. Non-float32 weights (e.g. int32) are kept as they are.
 */
export function quantizeWeightData(
  data: ArrayBuffer, specs: tf.io.WeightsManifestEntry[], quantization: Quantization,
): { data: ArrayBuffer; specs: tf.io.WeightsManifestEntry[] } {
  if (!QUANTIZATIONS.includes(quantization)) throw new Error(`quantize: unknown quantization "${String(quantization)}"; use ${QUANTIZATIONS.join(' or ')}`);
  const parts: ArrayBuffer[] = [];
  const out: tf.io.WeightsManifestEntry[] = [];
  let offset = 0;
  for (const s of specs) {
    if (s.quantization) throw new Error(`quantize: weight "${s.name}" is already quantized (${s.quantization.dtype})`);
    const n = s.shape.reduce((a, b) => a * b, 1);
    const bytes = n * 4; // float32 and int32 alike
    if (offset + bytes > data.byteLength) throw new Error(`quantize: the weight data ends before weight "${s.name}" (${data.byteLength} bytes)`);
    if (s.dtype !== 'float32') {
      parts.push(data.slice(offset, offset + bytes));
      out.push(s);
      offset += bytes;
      continue;
    }
    const v = new Float32Array(data.slice(offset, offset + bytes));
    offset += bytes;
    if (quantization === 'float16') {
      parts.push(Uint16Array.from(v, toFloat16Bits).buffer);
      out.push({ ...s, quantization: { dtype: 'float16' } });
      continue;
    }
    let min = Infinity;
    let max = -Infinity;
    for (const x of v) {
      if (x < min) min = x;
      if (x > max) max = x;
    }
    if (n === 0) [min, max] = [0, 0];
    const scale = max > min ? (max - min) / 255 : 1;
    parts.push(Uint8Array.from(v, (x) => Math.round((x - min) / scale)).buffer);
    out.push({ ...s, quantization: { dtype: 'uint8', min, scale } });
  }
  if (offset !== data.byteLength) throw new Error(`quantize: ${data.byteLength} bytes of weight data but the specs describe ${offset}`);
  return { data: tf.io.concatenateArrayBuffers(parts), specs: out };
}
