/**
 * Per-step math of the three cells on pre-activations in the compact layout.
 *
 * A branch's pre-activation for one step holds `s + G*p` units along `axis` (the fast path keeps
 * units on axis 0, `[units, batch]`, so gate blocks are contiguous rows): units `[0, s)` are the
 * shared ones (identical for every gate), then `p` private units per gate. Gate g's `H` units are
 * the shared ones followed by its own private ones. Everything else is elementwise.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fusedGruCellActive, gruStepFused } from './gru-cell';
import { fusedLstmCellActive, lstmStepFused } from './lstm-cell';
import { fusedRnnCellActive, rnnStepFused } from './rnn-cell';
import { concatRows, splitRows } from './split-rows';

/** Shared and private unit counts of a layer and its gate count. */
export interface Dims { s: number; p: number; gates: number; /** the unit axis */ axis: 0 | 1 }

/** RNN: `h = tanh(a_x + a_h)`; `pre = a_x + a_h` has H units (either axis: it is elementwise). Fused kernels when the backend has them (rnn-cell.ts). */
export function rnnStep(pre: tf.Tensor2D): tf.Tensor2D {
  return fusedRnnCellActive() ? rnnStepFused(pre) : tf.tanh(pre);
}

/** Split along the unit axis: contiguous row blocks on axis 0 ({@link splitRows}), tf.split otherwise. */
function split(x: tf.Tensor2D, sizes: number[], axis: 0 | 1): tf.Tensor2D[] {
  return axis === 0 ? splitRows(x, sizes) : (tf.split(x, sizes, axis) as tf.Tensor2D[]);
}

/** The compact pre-activation cut into the shared units (null when s = 0) and each gate's private units (p > 0). */
function partsOf(pre: tf.Tensor2D, d: Dims): { shared: tf.Tensor2D | null; priv: tf.Tensor2D[] } {
  if (d.s === 0) return { shared: null, priv: d.gates === 1 ? [pre] : split(pre, Array.from({ length: d.gates }, () => d.p), d.axis) };
  const [shared, ...priv] = split(pre, [d.s, ...Array.from({ length: d.gates }, () => d.p)], d.axis);
  return { shared, priv };
}

/** Gates `gs` stacked along the unit axis in one concat (fewer, larger ops): `[S, P_g0, S, P_g1, ...]`. */
function joinGates(parts: { shared: tf.Tensor2D | null; priv: tf.Tensor2D[] }, gs: number[], axis: 0 | 1): tf.Tensor2D {
  const pieces = gs.flatMap((g) => (parts.shared ? [parts.shared, parts.priv[g]] : [parts.priv[g]]));
  if (pieces.length === 1) return pieces[0];
  return axis === 0 ? concatRows(pieces) : (tf.concat(pieces, axis) as tf.Tensor2D);
}

/**
 * LSTM (i, f, g, o): `c = f*c + i*g`, `h = o*tanh(c)`; `pre = a_x + a_h`. Differentiable w.r.t.
 * `pre` and `c`.
 *
 * With units on axis 0 and a backend that has the fused kernels (`RrnnLstmCell`, see kernels.ts and
 * lstm-cell.ts: core's loops on `cpu`, @rrnn/backend's SIMD module on `wasm`), the step is one
 * kernel forward and one backward; otherwise it is {@link lstmStepOps}. Both give the same values
 * within float32 rounding. {@link setFusedLstmCell} turns the kernels off.
 */
export function lstmStep(pre: tf.Tensor2D, c: tf.Tensor2D, d: Dims): { h: tf.Tensor2D; c: tf.Tensor2D } {
  if (d.axis === 0 && d.gates === 4 && fusedLstmCellActive()) return lstmStepFused(pre, c, d.s, d.p);
  return lstmStepOps(pre, c, d);
}

/**
 * {@link lstmStep} as tfjs ops, on either unit axis.
 * The three sigmoid gates are assembled and activated together; at r = 1 (p = 0) every gate has the
 * same pre-activation, so `i = f = o = sig(pre)`, `g = tanh(pre)`.
 */
export function lstmStepOps(pre: tf.Tensor2D, c: tf.Tensor2D, d: Dims): { h: tf.Tensor2D; c: tf.Tensor2D } {
  if (d.p === 0) {
    const sg = tf.sigmoid(pre);
    const cNext = tf.mul(sg, tf.add(c, tf.tanh(pre))) as tf.Tensor2D;
    return { h: tf.mul(sg, tf.tanh(cNext)), c: cNext };
  }
  const parts = partsOf(pre, d);
  const H = d.s + d.p;
  const [i, f, o] = split(tf.sigmoid(joinGates(parts, [0, 1, 3], d.axis)), [H, H, H], d.axis);
  const g = tf.tanh(joinGates(parts, [2], d.axis));
  const cNext = tf.add(tf.mul(f, c), tf.mul(i, g)) as tf.Tensor2D;
  return { h: tf.mul(o, tf.tanh(cNext)), c: cNext };
}

/**
 * GRU (r, z, n): `n = tanh(a_x[n] + r*a_h[n])`, `h = (1-z)*n + z*h = n + z*(h - n)`.
 * Differentiable w.r.t. `ax`, `ah` and `h`.
 *
 * With units on axis 0 and a backend that has the fused kernels (`RrnnGruCell`, see kernels.ts and
 * gru-cell.ts: core's loops on `cpu`, @rrnn/backend's SIMD module on `wasm`), the step is one
 * kernel forward and one backward; otherwise it is {@link gruStepOps}. Both give the same values
 * within float32 rounding. {@link setFusedGruCell} turns the kernels off.
 */
export function gruStep(ax: tf.Tensor2D, ah: tf.Tensor2D, h: tf.Tensor2D, d: Dims): tf.Tensor2D {
  if (d.axis === 0 && d.gates === 3 && fusedGruCellActive()) return gruStepFused(ax, ah, h, d.s, d.p);
  return gruStepOps(ax, ah, h, d);
}

/**
 * {@link gruStep} as tfjs ops, on either unit axis. At r = 1 (p = 0) every gate reads the same
 * pre-activation rows, so `r = z`.
 */
export function gruStepOps(ax: tf.Tensor2D, ah: tf.Tensor2D, h: tf.Tensor2D, d: Dims): tf.Tensor2D {
  let r: tf.Tensor2D;
  let z: tf.Tensor2D;
  let xn = ax;
  let hn = ah;
  if (d.p === 0) {
    r = z = tf.sigmoid(tf.add(ax, ah)) as tf.Tensor2D;
  } else {
    [r, z] = split(tf.sigmoid(joinGates(partsOf(tf.add(ax, ah), d), [0, 1], d.axis)), [d.s + d.p, d.s + d.p], d.axis);
    xn = joinGates(partsOf(ax, d), [2], d.axis);
    hn = joinGates(partsOf(ah, d), [2], d.axis);
  }
  const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
  return tf.add(n, tf.mul(z, tf.sub(h, n)));
}
