// Every op (and gradient) rrnn's training and evaluation could reach, as
// small seeded cases: run on two backends with the same inputs, values, dtypes
// and shapes must agree. Used by op-sweep.test.ts (cpu vs wasm, in Node) and by
// the docs site's in-browser kernel checks (cpu vs webgl and webgpu, in Chromium).
import * as tf from '@tensorflow/tfjs-core';

const R = (shape: number[], seed: number, lo = -2, hi = 2) => tf.randomUniform(shape, lo, hi, 'float32', seed);
const P = (shape: number[], seed: number) => tf.randomUniform(shape, 0.1, 3, 'float32', seed);
const I = (shape: number[], n: number, seed: number) => tf.cast(tf.floor(tf.randomUniform(shape, 0, n, 'float32', seed)), 'int32');
/** One case: builds its inputs and returns the op's output (call inside tf.tidy). */
export type Op = () => tf.Tensor;

const UNARY: Record<string, (x: tf.Tensor) => tf.Tensor> = {
  sigmoid: tf.sigmoid, tanh: tf.tanh, exp: tf.exp, neg: tf.neg, abs: tf.abs, square: tf.square, relu: tf.relu, elu: tf.elu,
  softplus: tf.softplus, sign: tf.sign, floor: tf.floor, round: tf.round, sin: tf.sin, cos: tf.cos, erf: tf.erf,
  log1p: (x) => tf.log1p(tf.abs(x)), expm1: tf.expm1, selu: tf.selu, log: (x) => tf.log(tf.abs(x)), sqrt: (x) => tf.sqrt(tf.abs(x)),
  rsqrt: (x) => tf.rsqrt(tf.add(tf.abs(x), 0.1)), reciprocal: (x) => tf.reciprocal(tf.add(tf.abs(x), 0.1)),
};
const BINARY: Record<string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor> = {
  add: tf.add, sub: tf.sub, mul: tf.mul, div: (a, b) => tf.div(a, tf.add(tf.abs(b), 0.1)), minimum: tf.minimum, maximum: tf.maximum,
  squaredDifference: tf.squaredDifference,
};
const REDUCE: Record<string, (x: tf.Tensor, axis?: number | number[], keepDims?: boolean) => tf.Tensor> = {
  sum: tf.sum, mean: tf.mean, max: tf.max, min: tf.min, prod: tf.prod, logSumExp: tf.logSumExp,
};
const grads = (f: (...xs: tf.Tensor[]) => tf.Tensor, xs: () => tf.Tensor[]): Op => () =>
  tf.concat(tf.grads(f)(xs()).map((g) => tf.reshape(g, [-1])));

/** The cases by name. */
export const OPS: Record<string, Op> = {};
for (const [k, f] of Object.entries(UNARY)) OPS[k] = () => f(R([7, 9], 1));
for (const [k, f] of Object.entries(BINARY)) {
  OPS[`${k} [4,5,6]+[6]`] = () => f(R([4, 5, 6], 1), R([6], 2));
  OPS[`${k} [4,5,6]+[5,1]`] = () => f(R([4, 5, 6], 1), R([5, 1], 2));
  OPS[`${k} [4,1,6]+[1,5,1]`] = () => f(R([4, 1, 6], 1), R([1, 5, 1], 2));
}
OPS.pow = () => tf.pow(P([5, 6], 1), R([6], 2));
for (const [axis, keepDims] of [[0, false], [1, true], [2, false], [[0, 2], false], [-1, true], [undefined, false]] as const) {
  for (const [k, f] of Object.entries(REDUCE)) {
    OPS[`${k} axis=${axis} keepDims=${keepDims}`] = () => f(k === 'prod' ? R([3, 4, 5], 3, 0.5, 1.5) : R([3, 4, 5], 3), axis as number | number[] | undefined, keepDims);
  }
}
Object.assign(OPS, {
  'softmax [3,4,7]': () => tf.softmax(R([3, 4, 7], 1)),
  'logSoftmax [3,4,7]': () => tf.logSoftmax(R([3, 4, 7], 1)),
  'transpose [2,0,1]': () => tf.transpose(R([2, 3, 4], 1), [2, 0, 1]),
  'transpose [0,2,1]': () => tf.transpose(R([2, 3, 4], 1), [0, 2, 1]),
  'transpose 4-D': () => tf.transpose(R([2, 3, 4, 5], 1), [3, 1, 0, 2]),
  'concat axis 1': () => tf.concat([R([2, 3, 2], 1), R([2, 1, 2], 2), R([2, 4, 2], 3)], 1),
  'split sizes': () => tf.concat(tf.split(R([3, 10], 1), [1, 4, 5], 1).map((t, i) => tf.mul(t, i + 1)), 1),
  'gather axis 0': () => tf.gather(R([10, 4], 1), I([7], 10, 2)),
  'gather axis 1, 2-D indices': () => tf.gather(R([3, 10, 4], 1), I([2, 5], 10, 2), 1),
  'gather batchDims 1': () => tf.gather(R([3, 10, 4], 1), I([3, 5], 10, 2), 1, 1),
  oneHot: () => tf.oneHot(I([3, 4], 7, 1), 7, 0.9, 0.1),
  slice: () => tf.slice(R([4, 5, 6], 1), [1, 0, 2], [2, -1, 3]),
  stridedSlice: () => tf.stridedSlice(R([6, 8], 1), [1, 0], [5, 8], [2, 3]),
  tile: () => tf.tile(R([2, 3], 1), [3, 2]),
  pad: () => tf.pad(R([2, 3], 1), [[1, 0], [2, 1]], 0.5),
  'cast to int32': () => tf.cast(R([5, 5], 1, -5, 5), 'int32'),
  where: () => tf.where(tf.greater(R([4, 5], 1), 0), R([4, 5], 2), R([4, 5], 3)),
  clipByValue: () => tf.clipByValue(R([6, 6], 1), -0.5, 0.7),
  'cumsum exclusive reverse': () => tf.cumsum(R([4, 6], 1), 0, true, true),
  argMax: () => tf.argMax(R([5, 9], 1), 1),
  'topk values': () => tf.topk(R([5, 9], 1), 3).values,
  'topk indices': () => tf.topk(R([5, 9], 1), 3).indices,
  'matMul broadcast batch': () => tf.matMul(R([3, 4, 5], 1), R([5, 2], 2)),
  'matMul transposeA': () => tf.matMul(R([5, 4], 1), R([5, 3], 2), true, false),
  'matMul both transposed, batched': () => tf.matMul(R([2, 5, 4], 1), R([2, 3, 5], 2), true, true),
  'fused matMul transposeB + bias + sigmoid': () => tf.fused.matMul({ a: R([6, 4], 1), b: R([5, 4], 2), transposeB: true, bias: R([5], 3), activation: 'sigmoid' }),
  'norm axis 1': () => tf.norm(R([4, 5], 1), 'euclidean', 1),
  'softmaxCrossEntropy, label smoothing': () => tf.losses.softmaxCrossEntropy(tf.oneHot(I([8], 5, 1), 5), R([8, 5], 2), undefined, 0.1),
  'dropout (seeded)': () => tf.dropout(R([6, 7], 1), 0.3, undefined, 5),
  'int add/mul/sum': () => tf.sum(tf.mul(tf.add(I([3, 4], 100, 1), I([4], 100, 2)), I([3, 1], 100, 3)), 1),
  'mod/floorDiv': () => tf.stack([tf.mod(I([10], 17, 1), tf.scalar(4, 'int32')), tf.floorDiv(I([10], 17, 1), tf.scalar(4, 'int32'))]),
  isNaN: () => tf.isNaN(tf.div(R([6], 1), tf.tensor1d([0, 1, 0, 2, 0, 3]))),
  "grad logSoftmax": grads((x) => tf.sum(tf.mul(tf.logSoftmax(x), R([4, 6], 9))), () => [R([4, 6], 1)]),
  "grad softmaxCrossEntropy": grads((x) => tf.losses.softmaxCrossEntropy(tf.oneHot(I([4], 6, 3), 6), x), () => [R([4, 6], 1)]),
  "grad max": grads((x) => tf.sum(tf.max(x, 1)), () => [R([4, 6], 1)]),
  "grad concat": grads((x, y) => tf.sum(tf.mul(tf.concat([x, y], 1), R([3, 7], 5))), () => [R([3, 3], 1), R([3, 4], 2)]),
  "grad transpose": grads((x) => tf.sum(tf.mul(tf.transpose(x, [2, 0, 1]), R([4, 2, 3], 5))), () => [R([2, 3, 4], 1)]),
  "grad stack/unstack": grads((x) => tf.sum(tf.mul(tf.stack(tf.unstack(x, 1).map((t, i) => tf.mul(t, i + 1))), R([4, 3, 5], 5))), () => [R([3, 4, 5], 1)]),
  "grad slice": grads((x) => tf.sum(tf.mul(tf.slice(x, [1, 1], [2, 3]), R([2, 3], 5))), () => [R([4, 5], 1)]),
  "grad tile": grads((x) => tf.sum(tf.mul(tf.tile(x, [2, 3]), R([4, 9], 5))), () => [R([2, 3], 1)]),
  "grad broadcast add": grads((x, b) => tf.sum(tf.square(tf.add(x, b))), () => [R([3, 4, 5], 1), R([4, 1], 2)]),
  "grad div": grads((x, y) => tf.sum(tf.div(x, y)), () => [R([3, 4], 1), P([4], 2)]),
  "grad sigmoid*tanh": grads((x) => tf.sum(tf.mul(tf.sigmoid(x), tf.tanh(x))), () => [R([5, 5], 1)]),
  "grad gather axis 1": grads((x) => tf.sum(tf.mul(tf.gather(x, I([2, 5], 10, 2), 1), R([3, 2, 5, 4], 5))), () => [R([3, 10, 4], 1)]),
  "grad clipByValue": grads((x) => tf.sum(tf.clipByValue(x, -0.5, 0.5)), () => [R([5, 5], 1)]),
  "grad norm": grads((x) => tf.norm(x), () => [R([5, 5], 1)]),
  "grad minimum": grads((x, y) => tf.sum(tf.minimum(x, y)), () => [R([5, 5], 1), R([5, 5], 2)]),
  "grad batched matMul transposeB": grads((x, y) => tf.sum(tf.matMul(x, y, false, true)), () => [R([2, 3, 4], 1), R([2, 5, 4], 2)]),
  "grad cumsum": grads((x) => tf.sum(tf.mul(tf.cumsum(x, 1), R([3, 5], 5))), () => [R([3, 5], 1)]),
  "grad prod": grads((x) => tf.sum(tf.prod(x, 1)), () => [R([3, 4], 1, 0.5, 1.5)]),
});

/** Largest difference relative to max(1, |reference value|); NaN on both sides counts as equal; Infinity for a length mismatch. */
export function worst(reference: ArrayLike<number>, got: ArrayLike<number>): number {
  if (reference.length !== got.length) return Infinity;
  let m = 0;
  for (let i = 0; i < reference.length; i++) {
    const v = reference[i];
    if (Number.isNaN(v) && Number.isNaN(got[i])) continue;
    const d = Math.abs(v - got[i]) / Math.max(1, Math.abs(v));
    m = Number.isNaN(d) ? Infinity : Math.max(m, d);
  }
  return m;
}
