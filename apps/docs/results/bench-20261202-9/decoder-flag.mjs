// Diagnostic: the decoder's forward + backward (decoderCrossEntropy, n x 200 -> 10,000) with OpenBLAS's products and the
// native loss passes, FREE_TRANSPOSE_FLAG off (old: D^T and G^T materialized) and on (new), interleaved, 8 rounds.
// usage (after pnpm build): node apps/docs/results/bench-20261202-9/decoder-flag.mjs 2800
const { useBackend } = await import('@rrnn/backend');
const tf = await import('@tensorflow/tfjs-core');
const core = await import('@rrnn/core');
const n = Number(process.argv[2] ?? 2800), V = 10000, H = 200;
await useBackend('wasm', { blas: 'openblas' });
const targets = tf.tensor1d(Int32Array.from({ length: n }, (_, i) => (i * 37) % V), 'int32');
const h = tf.randomNormal([n, H], 0, 1, 'float32', 6), d = tf.randomNormal([V, H], 0, 0.1, 'float32', 7), b = tf.randomNormal([V], 0, 0.1, 'float32', 8);
const g = tf.valueAndGrads((hh, dd, bb) => core.decoderCrossEntropy(hh, dd, bb, targets));
const T = { old: [], new: [] };
for (let r = 0; r < 8; r++) for (const k of ['old', 'new']) {
  tf.env().set('RRNN_FREE_TRANSPOSE', k === 'new');
  const t0 = performance.now(); tf.tidy(() => { const x = g([h, d, b]); x.grads[1].dataSync(); }); T[k].push(performance.now() - t0);
}
for (const [k, v] of Object.entries(T)) { v.sort((a, b) => a - b); console.log(n, k.padEnd(5), 'min', v[0].toFixed(1), 'med', v[4].toFixed(1)); }
