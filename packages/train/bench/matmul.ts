import { useBackend } from '@rrnn/backend';
import * as tf from '@tensorflow/tfjs-core';
const backend = await useBackend(process.argv[2] ?? 'wasm');
console.log(backend);
const a = tf.randomNormal([700, 200]);
const b = tf.randomNormal([13845, 200]);
const bt = tf.randomNormal([200, 13845]);
const g = tf.randomNormal([700, 13845]);
for (const [name, f] of [
  ['a·ET (plain)', () => tf.matMul(a, bt)],
  ['transpose E', () => tf.transpose(b)],
  ['transpose g', () => tf.transpose(g)],
  ['g·E plain', () => tf.matMul(g, b)],
  ['transpose(g)·a', () => tf.matMul(tf.transpose(g), a)],
  ['h·Eᵀ', () => tf.matMul(a, b, false, true)],
] as const) {
  f().dispose();
  const t = performance.now();
  for (let i = 0; i < 3; i++) f().dataSync();
  const ms = (performance.now() - t) / 3;
  console.log(name, ms.toFixed(1), 'ms', ((2 * 700 * 200 * 13845) / ms / 1e6).toFixed(2), 'GFLOP/s (matmul-equivalent)');
}
