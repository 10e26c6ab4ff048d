import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { createRequire } from 'node:module';
createRequire(new URL('../../backend/package.json', import.meta.url))('@tensorflow/tfjs-backend-wasm');
for (const be of ['wasm', 'cpu']) {
await tf.setBackend(be);
const W = tf.randomNormal([800, 200]);
const dy = tf.randomNormal([800, 20]);
const hT = tf.randomNormal([200, 20]);
const X = tf.randomNormal([700, 200]);
const t = (name: string, f: () => void, n = be === 'cpu' ? 10 : 100) => { for (let i = 0; i < 3; i++) tf.tidy(f); const t0 = performance.now(); for (let i = 0; i < n; i++) tf.tidy(f); console.log(be, name.padEnd(36), ((performance.now() - t0) / n).toFixed(3), 'ms'); };
t('fwd W . hT', () => { tf.matMul(W, hT).dataSync(); });
t('dh: W^T . dy flag', () => { tf.matMul(W, dy, true, false).dataSync(); });
t('dh: transpose(W) . dy', () => { tf.matMul(tf.transpose(W), dy).dataSync(); });
t('dW: dy . hT^T flag', () => { tf.matMul(dy, hT, false, true).dataSync(); });
t('dW: dy . transpose(hT)', () => { tf.matMul(dy, tf.transpose(hT)).dataSync(); });
t('transpose W only', () => { tf.transpose(W).dataSync(); });
t('input X . W^T flag', () => { tf.matMul(X, W, false, true).dataSync(); }, 10);
t('input X . transpose(W)', () => { tf.matMul(X, tf.transpose(W)).dataSync(); }, 10);
}
