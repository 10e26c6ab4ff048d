import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
for (const be of ['wasm', 'cpu']) {
await tf.setBackend(be);
const x = tf.randomNormal([35, 300, 32]);
const x2 = tf.randomNormal([35 * 300, 32]);
const t = (name: string, f: () => void, n = 20) => { for (let i = 0; i < 3; i++) tf.tidy(f); const t0 = performance.now(); for (let i = 0; i < n; i++) tf.tidy(f); console.log(be, name.padEnd(36), ((performance.now() - t0) / n).toFixed(3), 'ms'); };
for (let k = 0; k < 2; k++) {
t('unstack axis0', () => { tf.unstack(x).forEach((y) => y.dataSync()); });
t('slice x35 + reshape', () => { for (let i = 0; i < 35; i++) tf.reshape(tf.slice(x, [i, 0, 0], [1, 300, 32]), [300, 32]).dataSync(); });
t('split 35 axis0 + reshape', () => { tf.split(x, 35, 0).forEach((y) => tf.reshape(y, [300, 32]).dataSync()); });
t('2D split rows x35', () => { tf.split(x2, 35, 0).forEach((y) => y.dataSync()); });
t('2D slice rows x35', () => { for (let i = 0; i < 35; i++) tf.slice(x2, [i * 300, 0], [300, 32]).dataSync(); });
t('stack 35', () => { const parts = tf.unstack(x); tf.stack(parts).dataSync(); });
t('concat 35 axis0 (2D)', () => { const parts = tf.split(x2, 35, 0); tf.concat(parts, 0).dataSync(); });
}
}
