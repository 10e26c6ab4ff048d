/**
 * A quick check that the running backend computes what training needs, run by
 * `useBackend` when it picks a backend by itself: a GPU without 32-bit float
 * textures, a driver bug or a broken read path shows up here as wrong numbers,
 * and that backend is skipped. Browser-safe; reads asynchronously.
 */
import * as tf from '@tensorflow/tfjs-core';

/** One probe: tfjs computes `run`, plain JavaScript (doubles) gives `want`. */
interface Probe { name: string; run: () => tf.Tensor; want: number[] }

const A = [0.5, -1.25, 2, 0.75, 3, -0.5, 1.5, -2, 0.25, 1, -1.5, 2.5]; // [3, 4]
const B = [1, -0.5, 0.25, 2, -1, 0.5, 1.5, -0.75]; // [4, 2]
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function matMulJs(a: number[], b: number[], n: number, k: number, m: number): number[] {
  return Array.from({ length: n * m }, (_, ij) => {
    const i = Math.floor(ij / m);
    const j = ij % m;
    let s = 0;
    for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * m + j];
    return s;
  });
}

function logSoftmaxJs(row: number[]): number[] {
  const max = Math.max(...row);
  const lse = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
  return row.map((v) => v - lse);
}

const PROBES: Probe[] = [
  { name: 'matMul', run: () => tf.matMul(tf.tensor2d(A, [3, 4]), tf.tensor2d(B, [4, 2])), want: matMulJs(A, B, 3, 4, 2) },
  { name: 'sigmoid, tanh', run: () => tf.concat([tf.sigmoid(tf.tensor1d(A)), tf.tanh(tf.tensor1d(A))]), want: [...A.map(sigmoid), ...A.map(Math.tanh)] },
  { name: 'logSoftmax', run: () => tf.logSoftmax(tf.tensor2d(A, [3, 4])), want: [0, 1, 2].flatMap((r) => logSoftmaxJs(A.slice(4 * r, 4 * r + 4))) },
  { // 0 with 16-bit floats (a GPU without float32 textures)
    name: 'float32 precision ((1 + 2^-20 - 1) * 2^20)',
    run: () => tf.mul(tf.sub(tf.add(tf.tensor1d([1]), tf.tensor1d([2 ** -20])), tf.tensor1d([1])), tf.tensor1d([2 ** 20])),
    want: [1],
  },
  { name: 'gather (int32 indices)', run: () => tf.gather(tf.tensor2d(A, [3, 4]), tf.tensor1d([2, 0, 2], 'int32')), want: [...A.slice(8), ...A.slice(0, 4), ...A.slice(8)] },
  {
    name: 'gradient of sum(sigmoid(x W))',
    run: () => tf.grad((w: tf.Tensor) => tf.sum(tf.sigmoid(tf.matMul(tf.tensor2d(A, [3, 4]), w))))(tf.tensor2d(B, [4, 2])),
    want: (() => {
      const z = matMulJs(A, B, 3, 4, 2).map((v) => sigmoid(v) * (1 - sigmoid(v))); // [3, 2]
      return Array.from({ length: 8 }, (_, pj) => [0, 1, 2].reduce((s, i) => s + A[i * 4 + Math.floor(pj / 2)] * z[i * 2 + (pj % 2)], 0));
    })(),
  },
];

/**
 * Bits of float precision the running backend stores results with, measured:
 * 32 when (1 + 2^-20) - 1 survives being stored between two ops, else 16.
 * Used instead of tfjs's `floatPrecision()`, which on webgl 4.22 answers 16
 * whenever float32 render targets are enabled (its check only runs when they
 * are not), so every WebGL2 GPU with float32 textures was taken for 16-bit.
 */
export async function measuredFloatBits(): Promise<32 | 16> {
  const y = tf.tidy(() => tf.sub(tf.add(tf.tensor1d([1]), tf.tensor1d([2 ** -20])), tf.tensor1d([1])));
  try {
    return (await y.data())[0] > 0 ? 32 : 16;
  } finally {
    y.dispose();
  }
}

/** Relative tolerance of the self-check: loose enough for GPU transcendental functions, far tighter than any real bug. */
export const SELF_CHECK_TOLERANCE = 1e-3;

/**
 * Run the self-check on the backend tfjs runs now; resolves to '' when every
 * probe agrees with plain JavaScript within `SELF_CHECK_TOLERANCE` (relative to
 * max(1, |want|)), else to a sentence naming the first failing probe.
 */
export async function selfCheck(): Promise<string> {
  for (const probe of PROBES) {
    let got: number[];
    try {
      const y = tf.tidy(probe.run);
      got = Array.from(await y.data());
      y.dispose();
    } catch (err) {
      return `${probe.name} failed: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (got.length !== probe.want.length) return `${probe.name} computes wrong numbers (${got.length} values instead of ${probe.want.length})`;
    const bad = got.findIndex((v, i) => !(Math.abs(v - probe.want[i]) <= SELF_CHECK_TOLERANCE * Math.max(1, Math.abs(probe.want[i]))));
    if (bad !== -1) return `${probe.name} computes wrong numbers (value ${bad} is ${got[bad]}, not ${probe.want[bad]})`;
  }
  return '';
}
