/**
 * Does tfjs-backend-wasm's threaded build pay in Node? One process, `threads` XNNPACK threads
 * (1 = the plain SIMD build), the paper's training step (3 x 200, vocabulary 10,000, batch 80, BPTT 35)
 * of LSTM r = 0.5, RNN r = 1 and GRU r = 0.5 (medians and best of 7 after 3 warm-up), and the
 * matMul rate of the decoder's product.
 *
 * tfjs-backend-wasm turns the threaded build off in Node; three things make it run there:
 * 1. the flag `WASM_HAS_MULTITHREAD_SUPPORT` set on the tfjs-core instance the backend uses;
 * 2. its pthread worker script written to a file: tfjs hands Emscripten a `blob:` URL, which Node's
 *    worker_threads reject (the script itself already supports Node; the main script is `require`d);
 * 3. `os.cpus()` doubled while the module starts: tfjs caps XNNPACK's pool at half the logical cores
 *    (one thread on a 2-core machine), assuming two hyperthreads per core.
 * It is an experiment (the training CLI does not do this): measured on the 2-core machine it trains
 * about as fast as the data-parallel two-thread step (see the Performance page).
 *
 *   pnpm build && node packages/train/bench/wasm-threads.mjs [threads=2]
 */
/* global console, process, performance, URL */
import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

const require = createRequire(import.meta.url);
const threads = Number(process.argv[2] ?? 2);
const wasmMain = require.resolve('@tensorflow/tfjs-backend-wasm', { paths: [require.resolve('@rrnn/backend')] });
const wasmBackend = require(wasmMain);
if (threads > 1) {
  const base = wasmMain.replace(/dist\/.*$/, '');
  const { wasmWorkerContents } = require(`${base}wasm-out/tfjs-backend-wasm-threaded-simd.worker.js`);
  const workerFile = join(mkdtempSync(join(tmpdir(), 'rrnn-wasm-threads-')), 'worker.cjs');
  const mainScript = JSON.stringify(`${base}wasm-out/tfjs-backend-wasm-threaded-simd.js`);
  // the script's string literals hold "\n" escapes that tfjs escapes again before making its blob
  writeFileSync(workerFile, `${wasmWorkerContents.replace(/\n/g, '\\n')}\n;global.importScripts = () => {}; global.WasmBackendModuleThreadedSimd = require(${mainScript});\n`);
  const createObjectURL = URL.createObjectURL;
  URL.createObjectURL = (blob) => (blob?.type === 'application/javascript' ? workerFile : createObjectURL(blob));
  const os = require('node:os');
  const cpus = os.cpus;
  os.cpus = () => [...cpus(), ...cpus()];
  require(require.resolve('@tensorflow/tfjs-core', { paths: [base] })).env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasmBackend.setThreadsCount(threads);
  const { useBackend } = await import('@rrnn/backend');
  await useBackend('wasm');
  os.cpus = cpus;
  URL.createObjectURL = createObjectURL;
} else {
  const { useBackend } = await import('@rrnn/backend');
  await useBackend('wasm');
}
const { paperLm, median } = await import('./ab-harness.mjs');
const shared = tf.backend().wasm.HEAPU8.buffer instanceof SharedArrayBuffer;
console.log(`wasm, XNNPACK threads ${wasmBackend.getThreadsCount()}, ${shared ? 'threaded' : 'plain'} SIMD build`);
const [A, B] = [tf.randomNormal([2800, 200]), tf.randomNormal([200, 10000])];
const mm = [];
for (let i = 0; i < 9; i++) { const t = performance.now(); tf.matMul(A, B).dispose(); mm.push(performance.now() - t); }
console.log(`matMul [2800,200]x[200,10000]: ${((2 * 2800 * 200 * 10000) / median(mm.slice(2)) / 1e6).toFixed(1)} GFLOP/s (median of 7)`);
tf.dispose([A, B]);
for (const [cell, rate] of [['lstm', 0.5], ['rnn', 1], ['gru', 0.5]]) {
  const lm = paperLm(cell, rate);
  for (let i = 0; i < 3; i++) lm.step();
  const ts = Array.from({ length: 7 }, () => lm.step());
  console.log(`${cell} r=${rate}: training step median ${median(ts).toFixed(0)} ms, best ${Math.min(...ts).toFixed(0)} ms (${Math.round(2800_000 / Math.min(...ts))} tokens/s); ${ts.map((x) => x.toFixed(0)).join(' ')}`);
  lm.dispose();
}
process.exit(0);
