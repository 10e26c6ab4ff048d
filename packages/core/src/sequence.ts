/**
 * One restricted layer over a sequence, the cheap way:
 * 1. weight views built once per call (slices/concat of the pool, no gathers):
 *    input branch  `W_x = pool[0 : s+G*p, 0 : I]` (a contiguous block),
 *    hidden branch `W_h = pool[[0, s) ∪ [s+G*p, s+2*G*p), 0 : H]`, both `[s + G*p, ·]`;
 * 2. the input branch of all steps as one matrix product `[steps*batch, I] x W_x^T`;
 * 3. per step one product `W_h x h` of width `s + G*p`: shared units computed once, reused by every gate.
 * For RNN and LSTM the hidden-branch bias is folded into the input branch (it is only ever summed);
 * the GRU needs `a_h[n]` with its own bias, so it adds it per step.
 *
 * Fully shared RNN and LSTM layers (`p = 0`, `I <= H`) take a cheaper route: both branches are the
 * same rows `S = pool[0 : H, 0 : H]`, so `a_x + a_h = S x + S h = S (x + h)` (x zero-padded to H
 * rows), one product per step and no input-branch product at all: the layer's matrix FLOPs halve
 * (forward and backward). The GRU cannot: its `n` gate scales `a_h` alone by the reset gate.
 *
 * Layout: the recurrence runs feature-major, states `[H, batch]` and pre-activations `[s+G*p, batch]`,
 * so a gate's units are contiguous rows. Splitting along the last axis instead costs a strided copy
 * per gate per step, which on the tfjs cpu backend was slower than the step's matrix product. A
 * layer's output is feature-major too (`seq`, every step's `h` in one tensor), and its input comes in
 * any layout ({@link LayerInput}): the summed form reads feature-major input as it is, the two-branch
 * form transposes it once to time-major for its input product (see bench/ and the package README).
 * Products go through {@link matMulPlain} (no transpose flags, which are slow on wasm).
 *
 * 4. Without masks, on a backend with the cell's fused step kernels (wasm with @rrnn/backend, cpu),
 *    step 3's loop is one op with its own backward (recurrence.ts): nothing recorded per step, and the
 *    hidden weight's gradient as one product over all steps instead of one product and one add per step.
 *    With masks (Keras masking, recurrent dropout) or without the kernels, every step is recorded.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gruStep, lstmStep, rnnStep, type Dims } from './cells';
import { sumsBranches, type SharingLayout } from './layout';
import { matMulPlain } from './matmul';
import { recurrence, fusedRecurrenceActive } from './recurrence';
import { concatRows, splitRows } from './split-rows';

/** The per-call weight views of one layer (rows `s + G*p` each). */
export interface BranchViews { wx: tf.Tensor2D; bx: tf.Tensor1D; wh: tf.Tensor2D; bh: tf.Tensor1D }

/** Builds the input- and hidden-branch weight views from the pool (differentiable). */
export function branchViews(l: SharingLayout, pool: tf.Tensor2D, bias: tf.Tensor1D): BranchViews {
  const s = l.sharedUnits;
  const w = s + l.gates * l.privateUnits;
  const H = l.hiddenSize;
  const wx = tf.slice(pool, [0, 0], [w, l.inputSize]);
  const bx = tf.slice(bias, [0], [w]);
  if (l.privateUnits === 0) return { wx, bx, wh: tf.slice(pool, [0, 0], [s, H]), bh: bx };
  const privH = tf.slice(pool, [w, 0], [w - s, H]);
  const privB = tf.slice(bias, [w], [w - s]);
  if (s === 0) return { wx, bx, wh: privH, bh: privB };
  return {
    wx, bx,
    wh: tf.concat([tf.slice(pool, [0, 0], [s, H]), privH], 0),
    bh: tf.concat([tf.slice(bias, [0], [s]), privB], 0),
  };
}

/** Result of one layer, feature-major: every step's `h` stacked, `seq` `[steps*H, batch]` (step t in rows `[t*H, (t+1)*H)`), and the final state `[H, batch]`. */
export interface LayerRun { seq: tf.Tensor2D; h: tf.Tensor2D; c?: tf.Tensor2D }

/**
 * A layer's input sequence in one of three layouts; the layer transposes it once into the layout its
 * products read (the summed form `S (x + h)` reads feature-major, the two-branch form time-major), so
 * a stack can hand one layer's `seq` to the next without a round trip through another layout.
 */
export type LayerInput =
  /** `[steps*batch, I]`, row `t*batch + b`. */
  | { timeMajor: tf.Tensor2D }
  /** `[steps*I, batch]`, step t's `x` in rows `[t*I, (t+1)*I)` (a {@link LayerRun}'s `seq`). */
  | { featureMajor: tf.Tensor2D }
  /** `[batch, steps, I]` (a model's embedded tokens). */
  | { batchMajor: tf.Tensor3D };

/** The input time-major, `[steps*batch, I]`. */
function timeMajor(x: LayerInput, steps: number, I: number): tf.Tensor2D {
  if ('timeMajor' in x) return x.timeMajor;
  if ('batchMajor' in x) return tf.reshape(tf.transpose(x.batchMajor, [1, 0, 2]), [-1, I]);
  const batch = x.featureMajor.shape[1];
  return tf.reshape(tf.transpose(tf.reshape(x.featureMajor, [steps, I, batch]), [0, 2, 1]), [steps * batch, I]);
}

/** The input feature-major, `[steps*I, batch]`. */
function featureMajor(x: LayerInput, steps: number, I: number): tf.Tensor2D {
  if ('featureMajor' in x) return x.featureMajor;
  if ('batchMajor' in x) return tf.reshape(tf.transpose(x.batchMajor, [1, 2, 0]), [steps * I, -1]);
  const batch = x.timeMajor.shape[0] / steps;
  return tf.reshape(tf.transpose(tf.reshape(x.timeMajor, [steps, batch, I]), [0, 2, 1]), [steps * I, batch]);
}

/** Checks an input's shape against `steps` and the layer's input size. */
function checkInput(x: LayerInput, steps: number, I: number): void {
  const [t, ok, want] =
    'timeMajor' in x ? [x.timeMajor, x.timeMajor.rank === 2 && x.timeMajor.shape[1] === I && x.timeMajor.shape[0] % steps === 0, `[steps*batch, ${I}]`]
    : 'featureMajor' in x ? [x.featureMajor, x.featureMajor.rank === 2 && x.featureMajor.shape[0] === steps * I, `[${steps * I}, batch]`]
    : [x.batchMajor, x.batchMajor.rank === 3 && x.batchMajor.shape[1] === steps && x.batchMajor.shape[2] === I, `[batch, ${steps}, ${I}]`];
  if (!ok) throw new Error(`layerSequence: a ${Object.keys(x)[0]} input must be ${want} (steps = ${steps}, inputSize = ${I}), got [${t.shape}]`);
}

/** Per-step masks of {@link layerSequence}. */
export interface SequenceMasks {
  /** One `[1, batch]` 0/1 tensor per step: where 0, the step keeps the previous `h` (and `c`) as its output and state (Keras masking). */
  steps?: tf.Tensor2D[];
  /** `[H, batch]`: multiplies `h_{t-1}` before the hidden-branch product at every step (recurrent dropout, scaled by the caller). */
  hidden?: tf.Tensor2D;
}

/**
 * Runs one layer. `xs` is the input sequence ({@link LayerInput}; a bare tensor is time-major
 * `[steps*batch, inputSize]`, row `t*batch + b`); `h0`, `c0` and the results are feature-major
 * `[H, batch]`. Makes intermediates freely: call inside `tf.tidy`.
 */
export function layerSequence(
  l: SharingLayout, pool: tf.Tensor2D, bias: tf.Tensor1D, xs: tf.Tensor2D | LayerInput, steps: number, h0: tf.Tensor2D, c0?: tf.Tensor2D,
  masks: SequenceMasks = {},
): LayerRun {
  const x: LayerInput = xs instanceof tf.Tensor ? { timeMajor: xs } : xs;
  checkInput(x, steps, l.inputSize);
  if (!masks.steps && !masks.hidden && fusedRecurrenceActive(l.cell)) return wholeSequence(l, pool, bias, x, steps, h0, c0);
  const step = sumsBranches(l) ? summedStep(l, pool, bias, x, steps) : branchStep(l, pool, bias, x, steps);
  const hs: tf.Tensor2D[] = [];
  let h = h0;
  let c = c0;
  for (let t = 0; t < steps; t++) {
    const hIn = masks.hidden ? tf.mul(h, masks.hidden) as tf.Tensor2D : h;
    ({ h, c } = maskedStep(step(t, hIn, { h, c }), { h, c }, masks.steps?.[t]));
    hs.push(h);
  }
  return { seq: concatRows(hs), h, c };
}

/** Without masks, on a backend with the cell's fused kernels: the whole recurrence as one op (recurrence.ts). */
function wholeSequence(l: SharingLayout, pool: tf.Tensor2D, bias: tf.Tensor1D, x: LayerInput, steps: number, h0: tf.Tensor2D, c0?: tf.Tensor2D): LayerRun {
  const dims = { cell: l.cell, s: l.sharedUnits, p: l.privateUnits, steps };
  let out: tf.Tensor2D;
  if (sumsBranches(l)) {
    const { S, b, xT } = summedInputs(l, pool, bias, x, steps);
    out = recurrence({ ...dims, mode: 'summed' }, { a: xT, w: S, b, h0, c0 });
  } else {
    const { v, axT } = branchInputs(l, pool, bias, x, steps);
    const gru = l.cell === 'gru';
    const b = gru ? tf.reshape(v.bh, [v.bh.shape[0], 1]) as tf.Tensor2D : undefined;
    out = recurrence({ ...dims, mode: gru ? 'gru' : 'branch' }, { a: axT, w: v.wh, b, h0, c0 });
  }
  // the op's value is [h_1; …; h_T] (then c_T for the LSTM): one piece for the steps, not one per step
  const H = l.hiddenSize;
  const [seq, c] = c0 ? splitRows(out, [steps * H, H]) : [out, undefined];
  return { seq, h: tf.slice(seq, [(steps - 1) * H, 0], [H, seq.shape[1]]), c };
}

/** A layer's state `[H, batch]` (`c` for the LSTM only). */
interface State { h: tf.Tensor2D; c?: tf.Tensor2D }

/** Step `t` of one layer: the next state from `hIn` (`h_{t-1}`, hidden mask applied) and the previous state. */
type Step = (t: number, hIn: tf.Tensor2D, prev: State) => State;

/**
 * The input branch of every step as one product up front, biases folded in (not the GRU's hidden one):
 * `axT` `[steps*w, batch]`, step t's `a_x` in rows `[t*w, (t+1)*w)`.
 */
function branchInputs(l: SharingLayout, pool: tf.Tensor2D, bias: tf.Tensor1D, x: LayerInput, steps: number): { v: BranchViews; axT: tf.Tensor2D } {
  const xs = timeMajor(x, steps, l.inputSize);
  const batch = xs.shape[0] / steps;
  const v = branchViews(l, pool, bias);
  const w = v.wx.shape[0];
  const inBias = l.cell === 'gru' ? v.bx : tf.add(v.bx, v.bh);
  const ax = tf.add(matMulPlain(xs, tf.transpose(v.wx), { bT: v.wx }), inBias); // [steps*batch, w]
  // one transpose to steps x [w, batch], stacked
  const axT = tf.reshape(tf.transpose(tf.reshape(ax, [steps, batch, w]), [0, 2, 1]), [steps * w, batch]) as tf.Tensor2D;
  return { v, axT };
}

/** Two branches: per step `pre = a_x[t] + W_h hIn`. */
function branchStep(l: SharingLayout, pool: tf.Tensor2D, bias: tf.Tensor1D, x: LayerInput, steps: number): Step {
  const { v, axT } = branchInputs(l, pool, bias, x, steps);
  const d: Dims = { s: l.sharedUnits, p: l.privateUnits, gates: l.gates, axis: 0 };
  const w = v.wx.shape[0];
  const axs = splitRows(axT, Array.from({ length: steps }, () => w)); // contiguous row blocks, no per-piece copy of the whole
  const bh = tf.reshape(v.bh, [w, 1]);
  const known = { aT: tf.transpose(v.wh) };
  return (t, hIn, prev) => {
    const hw = matMulPlain(v.wh, hIn, known); // [w, batch]: shared rows once, then every private block
    if (l.cell === 'gru') return { h: gruStep(axs[t], tf.add(hw, bh), prev.h, d) };
    return cellStep(l, tf.add(axs[t], hw) as tf.Tensor2D, prev, d);
  };
}

/**
 * A layer where {@link sumsBranches}: the shared rows `S` `[H, H]`, their bias once per branch `b`
 * `[H, 1]`, and `x` feature-major and zero-padded to `H` rows, `xT` `[steps*H, batch]`.
 */
function summedInputs(l: SharingLayout, pool: tf.Tensor2D, bias: tf.Tensor1D, x: LayerInput, steps: number): { S: tf.Tensor2D; b: tf.Tensor2D; xT: tf.Tensor2D } {
  const H = l.hiddenSize;
  const I = l.inputSize;
  const S = tf.slice(pool, [0, 0], [H, H]);
  const b = tf.reshape(tf.mul(tf.slice(bias, [0], [H]), 2), [H, 1]) as tf.Tensor2D;
  const xT = featureMajor(x, steps, I); // the input branch reads columns [0, I) only: pad x to H rows
  if (I === H) return { S, b, xT };
  const batch = xT.shape[1];
  return { S, b, xT: tf.reshape(tf.pad(tf.reshape(xT, [steps, I, batch]), [[0, 0], [0, H - I], [0, 0]]), [steps * H, batch]) as tf.Tensor2D };
}

/** A layer where {@link sumsBranches}: per step `pre = S (x_t + hIn) + b`, one product. */
function summedStep(l: SharingLayout, pool: tf.Tensor2D, bias: tf.Tensor1D, x: LayerInput, steps: number): Step {
  const H = l.hiddenSize;
  const { S, b, xT } = summedInputs(l, pool, bias, x, steps);
  const xts = splitRows(xT, Array.from({ length: steps }, () => H));
  const d: Dims = { s: H, p: 0, gates: l.gates, axis: 0 };
  const known = { aT: tf.transpose(S) };
  return (t, hIn, prev) => cellStep(l, tf.add(matMulPlain(S, tf.add(xts[t], hIn) as tf.Tensor2D, known), b) as tf.Tensor2D, prev, d);
}

/** The RNN or LSTM cell on its summed pre-activation `[G*H, batch]`. */
function cellStep(l: SharingLayout, pre: tf.Tensor2D, prev: State, d: Dims): State {
  return l.cell === 'rnn' ? { h: rnnStep(pre) } : lstmStep(pre, prev.c as tf.Tensor2D, d);
}

/** The step's state where the step mask `m` `[1, batch]` is 1, the previous one where it is 0 (Keras masking); no mask: the step's. */
function maskedStep(next: State, prev: State, m: tf.Tensor2D | undefined): State {
  if (!m) return next;
  const keep = (fresh: tf.Tensor2D, old: tf.Tensor2D) => tf.add(old, tf.mul(m, tf.sub(fresh, old))) as tf.Tensor2D; // m ? fresh : old
  return { h: keep(next.h, prev.h), c: prev.c ? keep(next.c as tf.Tensor2D, prev.c) : undefined };
}
