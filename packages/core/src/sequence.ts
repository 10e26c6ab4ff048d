/**
 * One restricted layer over a sequence, the cheap way:
 * 1. weight views built once per call (slices/concat of the pool, no gathers):
 *    input branch  `W_x = pool[0 : s+G*p, 0 : I]` (a contiguous block),
 *    hidden branch `W_h = pool[[0, s) ∪ [s+G*p, s+2*G*p), 0 : H]`, both `[s + G*p, ·]`;
 * 2. the input branch of all steps as one matrix product `[batch*steps, I] x W_x^T`;
 * 3. per step one product `h x W_h^T` of width `s + G*p`: shared units computed once, reused by every gate.
 * For RNN and LSTM the hidden-branch bias is folded into the input branch (it is only ever summed);
 * the GRU needs `a_h[n]` with its own bias, so it keeps it per step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gruStep, lstmStep, rnnStep, type Dims } from './cells';
import type { SharingLayout } from './layout';

/** The per-call weight views of one layer. */
export interface BranchViews { wx: tf.Tensor2D; bx: tf.Tensor1D; wh: tf.Tensor2D; bh: tf.Tensor1D }

/** Builds the input- and hidden-branch weight views from the pool (differentiable). */
export function branchViews(l: SharingLayout, pool: tf.Tensor2D, bias: tf.Tensor1D): BranchViews {
  const s = l.sharedUnits;
  const w = s + l.gates * l.privateUnits;
  const H = l.hiddenSize;
  const wx = tf.slice(pool, [0, 0], [w, l.inputSize]);
  const bx = tf.slice(bias, [0], [w]);
  if (l.privateUnits === 0) {
    return { wx, bx, wh: tf.slice(pool, [0, 0], [s, H]), bh: bx };
  }
  const privH = tf.slice(pool, [w, 0], [w - s, H]);
  const privB = tf.slice(bias, [w], [w - s]);
  if (s === 0) return { wx, bx, wh: privH, bh: privB };
  return {
    wx, bx,
    wh: tf.concat([tf.slice(pool, [0, 0], [s, H]), privH], 0),
    bh: tf.concat([tf.slice(bias, [0], [s]), privB], 0),
  };
}

/** Result of one layer: every step's `h` and the final state. */
export interface LayerRun { hs: tf.Tensor2D[]; h: tf.Tensor2D; c?: tf.Tensor2D }

/**
 * Runs one layer over `xs` `[batch, steps, inputSize]` from `h0` (and `c0` for LSTM).
 * Makes intermediate tensors freely: call inside `tf.tidy`.
 */
export function layerSequence(
  l: SharingLayout, pool: tf.Tensor2D, bias: tf.Tensor1D, xs: tf.Tensor3D, h0: tf.Tensor2D, c0?: tf.Tensor2D,
): LayerRun {
  const [batch, steps] = xs.shape;
  const v = branchViews(l, pool, bias);
  const d: Dims = { s: l.sharedUnits, p: l.privateUnits, gates: l.gates };
  const w = v.wx.shape[0];
  const inBias = l.cell === 'gru' ? v.bx : tf.add(v.bx, v.bh);
  const ax2 = tf.fused.matMul({ a: tf.reshape(xs, [batch * steps, l.inputSize]), b: v.wx, transposeB: true, bias: inBias });
  const axs = tf.unstack(tf.reshape(ax2, [batch, steps, w]), 1) as tf.Tensor2D[];
  const hs: tf.Tensor2D[] = [];
  let h = h0;
  let c = c0;
  for (let t = 0; t < steps; t++) {
    if (l.cell === 'gru') {
      const ah = tf.fused.matMul({ a: h, b: v.wh, transposeB: true, bias: v.bh });
      h = gruStep(axs[t], ah as tf.Tensor2D, h, d);
    } else {
      const pre = tf.add(axs[t], tf.matMul(h, v.wh, false, true)) as tf.Tensor2D;
      if (l.cell === 'rnn') h = rnnStep(pre);
      else ({ h, c } = lstmStep(pre, c as tf.Tensor2D, d));
    }
    hs.push(h);
  }
  return { hs, h, c };
}
