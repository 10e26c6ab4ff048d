// Diagnostic: core's softmax cross-entropy kernels at [2800 x 10000], wasm's SIMD module (blas off, with the transpose)
// against the native addon's passes (blas openblas, column sums alone), interleaved in one process, 8 rounds.
// usage (after pnpm build): node apps/docs/results/bench-20261202-9/ce-kernels.mjs
const { useBackend } = await import('@rrnn/backend');
const tf = await import('@tensorflow/tfjs-core');
const n = 2800, V = 10000;
await useBackend('wasm', { blas: 'openblas' });
const logits = tf.tidy(() => tf.mul(tf.randomNormal([n, V], 0, 1, 'float32', 5), 3)); const targets = tf.tensor1d(Int32Array.from({ length: n }, (_, i) => (i * 37) % V), 'int32');
const dy = tf.scalar(1);
const T = { wasmFwd: [], natFwd: [], wasmGradT: [], natGradSums: [] };
for (let r = 0; r < 8; r++) {
  for (const blas of ['off', 'openblas']) {
    await useBackend('wasm', { blas });
    let t0 = performance.now(); const [lse, rows] = tf.engine().runKernel('RrnnSoftmaxCE', { logits, targets }); rows.dataSync(); T[blas === 'off' ? 'wasmFwd' : 'natFwd'].push(performance.now() - t0);
    t0 = performance.now(); const out = tf.engine().runKernel('RrnnSoftmaxCEGrad', { logits, targets, lse, dy }, blas === 'off' ? { transposed: true } : { transposed: false, columnSums: true }); out[out.length - 1].dataSync(); T[blas === 'off' ? 'wasmGradT' : 'natGradSums'].push(performance.now() - t0);
    tf.dispose([lse, rows, ...out]);
  }
}
for (const [k, v] of Object.entries(T)) { v.sort((a, b) => a - b); console.log(k.padEnd(12), 'min', v[0].toFixed(1), 'med', v[4].toFixed(1)); }
