/**
 * Where a two-thread training step loses against two halves: the paper's model, four measurements
 * in one run, medians of `runs` steps after 3 warm-up ones.
 *
 * 1. In this process, step by step in turn (so drift in the machine's speed hits all three): the
 *    two-thread step (`trainStepParallel`, a gradient worker computing half the batch), a one-thread
 *    step of the whole batch (80 streams) and one of half of it (40).
 * 2. The cost of a one-thread step at 80, 40, 20 and 10 streams, in turn, fitted as
 *    `fixed + perStream * streams`: what a step costs that does not shrink with its batch.
 * 3. A half-batch step in a second process alone, then in two processes at once (no shared
 *    memory, allocator or V8 between them): how much two halves slow each other when they do not
 *    share a process.
 *
 * The two-thread step's excess over a half (1.) is its serial part plus what each half loses to the
 * other; (3.) shows whether that loss needs the shared process.
 *
 *   pnpm build && node --single-threaded-gc packages/train/bench/concurrency.mjs [cell=lstm] [rate=0.5] [runs=10] [parts=123]
 *   (a child given `half <cell> <rate> <runs>` runs only the half-batch steps of 3.)
 */
/* global console, process, performance, URL */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { useBackend } from '@rrnn/backend';
import { createLanguageModel, createOptimizer, disposeState, initialState, modelParameters } from '@rrnn/train';
import { portPeer, trainStepParallel } from '@rrnn/train/parallel';
import { PAPER_LM, median, paperConfig, paperLm, paperWindow } from './ab-harness.mjs';

const S = PAPER_LM;
const backend = await useBackend('wasm');
const fmt = (xs) => `${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)})`;

/** `runs` one-thread steps of a `batch`-stream model after 3 warm-up ones: their ms. */
function steps(lm, batch, runs) {
  const t = [];
  for (let i = 0; i < runs + 3; i++) {
    S.batch = batch;
    const ms = lm.step();
    if (i >= 3) t.push(ms);
  }
  return t;
}

if (process.argv[2] === 'half') {
  const [cell, rate, runs] = [process.argv[3], Number(process.argv[4]), Number(process.argv[5])];
  S.batch = 40;
  console.log(JSON.stringify(steps(paperLm(cell, rate), 40, runs)));
  process.exit(0);
}

const cell = process.argv[2] ?? 'lstm', rate = Number(process.argv[3] ?? 0.5), runs = Number(process.argv[4] ?? 10), parts = process.argv[5] ?? '123';
console.log(`${cell} r = ${rate}, ${runs} steps each after 3 warm-up, wasm (${process.env.RRNN_BLAS ?? 'auto'} BLAS), node ${process.execArgv.join(' ')}`);

/** 1. The two-thread step, a whole batch and a half, in turn. */
async function twoThreads() {
  const config = paperConfig(cell, rate);
  const model = createLanguageModel(config, 0);
  const params = modelParameters(model);
  const opt = createOptimizer('sgd', params, { momentum: 0.9, weightDecay: 1e-6 });
  const peer = portPeer(new Worker(new URL('./ab-worker.mjs', import.meta.url), { workerData: { backend } }), config);
  let state = initialState(model, 80);
  S.batch = 80;
  const whole = paperLm(cell, rate);
  S.batch = 40;
  const half = paperLm(cell, rate);
  const T = { two: [], whole: [], half: [] };
  for (let n = 1; n <= runs + 3; n++) {
    S.batch = 80;
    const t0 = performance.now();
    const r = await trainStepParallel(model, params, opt, paperWindow(n), state, { lr: S.lr, clip: S.clip, seed: n, step: n }, [peer]);
    const two = performance.now() - t0;
    disposeState(state);
    state = r.state;
    const w = whole.step();
    S.batch = 40;
    const h = half.step();
    if (n > 3) {
      T.two.push(two);
      T.whole.push(w);
      T.half.push(h);
    }
  }
  await peer.close();
  const [two, one, halfMs] = [median(T.two), median(T.whole), median(T.half)];
  console.log(`1. two threads ${fmt(T.two)}; one thread, 80 streams ${fmt(T.whole)}; one thread, 40 streams ${fmt(T.half)}`);
  console.log(`   two threads over one: ${(one / two).toFixed(2)}x; a half costs ${(100 * halfMs / one).toFixed(1)} % of a whole; the two-thread step exceeds a half by ${(two - halfMs).toFixed(1)} ms (${(100 * (two / halfMs - 1)).toFixed(1)} %)`);
}

/** 2. The fixed and per-stream cost of a one-thread step. */
function batchSizes() {
  const sizes = [80, 40, 20, 10];
  const lms = sizes.map((b) => ((S.batch = b), paperLm(cell, rate)));
  const times = sizes.map(() => []);
  for (let r = 0; r < runs + 3; r++) {
    sizes.forEach((b, i) => {
      S.batch = b;
      const ms = lms[i].step();
      if (r >= 3) times[i].push(ms);
    });
  }
  const m = times.map((t) => median(t));
  const n = sizes.length, sx = sizes.reduce((a, b) => a + b, 0), sy = m.reduce((a, b) => a + b, 0);
  const sxy = sizes.reduce((a, b, i) => a + b * m[i], 0), sxx = sizes.reduce((a, b) => a + b * b, 0);
  const perStream = (n * sxy - sx * sy) / (n * sxx - sx * sx), fixed = (sy - perStream * sx) / n;
  console.log(`2. one thread at ${sizes.map((b, i) => `${b} streams ${m[i].toFixed(1)}`).join(', ')} ms: fixed ${fixed.toFixed(1)} ms + ${perStream.toFixed(2)} ms per stream`);
}

/** 3. Half-batch steps in other processes: one alone, then two at once. */
async function processes() {
  const child = () => new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), 'half', cell, String(rate), String(runs)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`half-batch child exited with ${code}`))));
  });
  const alone = await child();
  const [a, b] = await Promise.all([child(), child()]);
  const both = median([median(a), median(b)]);
  console.log(`3. a half in a process alone ${fmt(alone)}; two such processes at once ${fmt(a)} and ${fmt(b)}: ${(100 * (both / median(alone) - 1)).toFixed(1)} % slower`);
}

if (parts.includes('1')) await twoThreads();
if (parts.includes('2')) batchSizes();
if (parts.includes('3')) await processes();
