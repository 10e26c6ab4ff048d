/**
 * A/B of the wasm softmax cross-entropy module (@rrnn/backend's softmax_ce.wat, kernels RrnnSoftmaxCE /
 * RrnnSoftmaxCEGrad) of this tree against the one committed at a git revision, in one process: the
 * module's instantiation is intercepted and its exports dispatch to this tree's or the old module's
 * functions, both instantiated on the backend's memory, so everything else (tfjs, the kernels' JS
 * side, the model) is the same code. Modes alternate run by run, so drift in the machine's speed hits both.
 *
 *   kernels: both kernels through tfjs on the paper's logits [2800, 10000] (the gradient with its
 *            transpose and column sums, as the decoder loss runs it), median ms of each, and the time
 *            inside the wasm calls alone; also checks that the two modules' outputs are bit-identical.
 *   step:    a full training step of the paper's language model (the sizes of lstm-fused-ab.mjs:
 *            3 x 200 LSTM, r = 0.5, tied, vocabulary 10,000, batch 80, BPTT 35), median ms/step.
 *
 *   pnpm build && node packages/train/bench/ce-ab.mjs [old revision, default main] [runs per mode, default 9] [kernels,step]
 *
 * Plain JavaScript on the built packages (the workspace has no TypeScript runner); the step's harness is ab-harness.mjs.
 */
/* global process, console, performance, Buffer, WebAssembly */
import { execFileSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@rrnn/backend';
import { SOFTMAX_CE, SOFTMAX_CE_GRAD } from '@rrnn/core';
import { PAPER_LM, alternate, median, paperLm, timesLine } from './ab-harness.mjs';

const rev = process.argv[2] ?? 'main';
const runs = Number(process.argv[3] ?? 9);
const modes = (process.argv[4] ?? 'kernels,step').split(',');

// The old module, from the generated file at `rev`.
const oldSource = execFileSync('git', ['show', `${rev}:packages/backend/src/kernels/softmax_ce_wasm.ts`], { encoding: 'utf8' });
const oldBase64 = (name) => oldSource.match(new RegExp(`export const ${name} = '([^']+)'`))[1];
const oldModules = { plain: new WebAssembly.Module(Buffer.from(oldBase64('SOFTMAX_CE_WASM'), 'base64')), shared: new WebAssembly.Module(Buffer.from(oldBase64('SOFTMAX_CE_WASM_SHARED'), 'base64')) };

// Which module the kernels run (true: this tree's), and the ms spent inside its wasm calls.
let useNew = true;
const wasmMs = { true: 0, false: 0 };
const NativeInstance = WebAssembly.Instance;
WebAssembly.Instance = function Instance(module, imports) {
  if (!WebAssembly.Module.exports(module).some((e) => e.name === 'row_max_sumexp')) return new NativeInstance(module, imports);
  const memory = imports.env.memory;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const mine = new NativeInstance(module, imports).exports;
  const old = new NativeInstance(shared ? oldModules.shared : oldModules.plain, imports).exports;
  const exports = {};
  for (const name of ['row_max_sumexp', 'softmax_grad']) {
    exports[name] = (...args) => {
      const t = performance.now();
      (useNew ? mine : old)[name](...args);
      wasmMs[useNew] += performance.now() - t;
    };
  }
  return { exports };
};

const backend = await useBackend(process.env.RRNN_BACKEND ?? 'wasm');
console.log(`backend ${backend}; this tree's softmax_ce module (new) against ${rev}'s (old); median of ${runs} runs per mode, modes alternating`);

if (modes.includes('kernels')) {
  const [n, V] = [2800, 10_000];
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  const logits = tf.tensor2d(Float32Array.from({ length: n * V }, () => random() * 8), [n, V]);
  const targets = tf.tensor1d(Int32Array.from({ length: n }, (_, i) => (i * 7919) % V), 'int32');
  const dy = tf.scalar(0.7);
  const fwd = () => tf.engine().runKernel(SOFTMAX_CE, { logits, targets });
  const grad = (lse) => tf.engine().runKernel(SOFTMAX_CE_GRAD, { logits, targets, lse, dy }, { transposed: true });
  const time = (f) => {
    const t = performance.now();
    const out = f();
    return [performance.now() - t, out];
  };
  // bit-identical outputs, on these logits and on small shapes with lane remainders (both gradient layouts)
  const outputs = (mode, x, t, transposed) => {
    useNew = mode;
    const [lse, rows] = tf.engine().runKernel(SOFTMAX_CE, { logits: x, targets: t });
    const g = tf.engine().runKernel(SOFTMAX_CE_GRAD, { logits: x, targets: t, lse, dy }, { transposed });
    const data = [lse, rows, ...g].map((y) => new Uint32Array(y.dataSync().buffer.slice(0)));
    tf.dispose([lse, rows, ...g]);
    return data;
  };
  const cases = [[logits, targets, true, `[${n}, ${V}]`]];
  for (const [m, W] of [[37, 1003], [9, 6], [5, 13], [7, 11], [1, 3], [6, 2]]) {
    const x = tf.tensor2d(Float32Array.from({ length: m * W }, () => random() * 8), [m, W]);
    const tt = tf.tensor1d(Int32Array.from({ length: m }, (_, i) => (i * 31) % W), 'int32');
    cases.push([x, tt, true, `[${m}, ${W}]`], [x, tt, false, `[${m}, ${W}] untransposed`]);
  }
  const differing = cases.map(([x, tt, transposed, label]) => {
    const [a, b] = [outputs(true, x, tt, transposed), outputs(false, x, tt, transposed)];
    return `${label}: ${a.map((y, i) => y.reduce((c, v, j) => c + (v !== b[i][j] ? 1 : 0), 0)).join('/')}`;
  });
  console.log(`elements of (lse, rows, g[, gT, colSum]) that differ, new vs old: ${differing.join('; ')}`);
  tf.dispose(cases.slice(1).map(([x, tt]) => [x, tt]).flat());
  const t = { fwd: { true: [], false: [] }, grad: { true: [], false: [] }, wfwd: { true: [], false: [] }, wgrad: { true: [], false: [] } };
  for (let i = 0; i < runs; i++) {
    for (const mode of i % 2 ? [false, true] : [true, false]) {
      useNew = mode;
      let w = wasmMs[mode];
      const [ms, [lse, rows]] = time(fwd);
      t.fwd[mode].push(ms);
      t.wfwd[mode].push(wasmMs[mode] - w);
      w = wasmMs[mode];
      const [gms, g] = time(() => grad(lse));
      t.grad[mode].push(gms);
      t.wgrad[mode].push(wasmMs[mode] - w);
      tf.dispose([lse, rows, ...g]);
    }
  }
  console.log(`kernels on [${n}, ${V}]     new ms   old ms   new/old   (inside wasm: new, old ms)`);
  for (const [k, w, label] of [['fwd', 'wfwd', SOFTMAX_CE], ['grad', 'wgrad', `${SOFTMAX_CE_GRAD} (transposed)`]]) {
    const [on, off] = [median(t[k].true), median(t[k].false)];
    console.log(`${label.padEnd(28)} ${on.toFixed(1).padStart(6)} ${off.toFixed(1).padStart(8)} ${(on / off).toFixed(3).padStart(9)}   (${median(t[w].true).toFixed(1)}, ${median(t[w].false).toFixed(1)})`);
    console.log(timesLine(t[k], ['new', 'old'], 1));
  }
  tf.dispose([logits, targets, dy]);
}

if (modes.includes('step')) {
  const rate = 0.5;
  const S = PAPER_LM;
  const lm = paperLm('lstm', rate);
  const { times, on, off, paired } = alternate(runs, (mode) => {
    useNew = mode;
    return lm.step();
  });
  console.log(`training step (LSTM ${S.layers} x ${S.hidden}, r ${rate}, vocab ${S.vocab}, batch ${S.batch}, bptt ${S.bptt}): new ${on.toFixed(0)} ms, old ${off.toFixed(0)} ms, new/old ${(on / off).toFixed(3)}, paired diff ${paired.toFixed(0)} ms`);
  console.log(timesLine(times, ['new', 'old']));
  lm.dispose();
}
