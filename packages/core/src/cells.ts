/**
 * Per-step math of the three cells on pre-activations in the compact layout.
 *
 * A branch's pre-activation for one step is `[batch, s + G*p]`: columns `[0, s)` are the shared
 * units (identical for every gate), then `p` private columns per gate. Gate g's `[batch, H]`
 * pre-activation is the shared columns followed by its own private ones.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Shared and private unit counts of a layer and its gate count. */
export interface Dims { s: number; p: number; gates: number }

/** Splits a compact `[batch, s + G*p]` pre-activation into G gate pre-activations `[batch, H]`. */
export function gatesOf(pre: tf.Tensor2D, d: Dims): tf.Tensor2D[] {
  if (d.gates === 1) return [pre]; // [shared | private 0] is already unit order
  if (d.p === 0) return Array.from({ length: d.gates }, () => pre);
  if (d.s === 0) return tf.split(pre, d.gates, 1) as tf.Tensor2D[];
  const [shared, ...priv] = tf.split(pre, [d.s, ...Array.from({ length: d.gates }, () => d.p)], 1);
  return priv.map((q) => tf.concat([shared, q], 1) as tf.Tensor2D);
}

/** RNN: `h = tanh(a_x + a_h)`; `pre = a_x + a_h` is `[batch, H]`. */
export function rnnStep(pre: tf.Tensor2D): tf.Tensor2D {
  return tf.tanh(pre);
}

/** LSTM (i, f, g, o): `c = f*c + i*g`, `h = o*tanh(c)`; `pre = a_x + a_h`. */
export function lstmStep(pre: tf.Tensor2D, c: tf.Tensor2D, d: Dims): { h: tf.Tensor2D; c: tf.Tensor2D } {
  const [i, f, g, o] = gatesOf(pre, d);
  const cNext = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g))) as tf.Tensor2D;
  return { h: tf.mul(tf.sigmoid(o), tf.tanh(cNext)), c: cNext };
}

/** GRU (r, z, n): `n = tanh(a_x[n] + r*a_h[n])`, `h = (1-z)*n + z*h = n + z*(h - n)`. */
export function gruStep(ax: tf.Tensor2D, ah: tf.Tensor2D, h: tf.Tensor2D, d: Dims): tf.Tensor2D {
  const [xr, xz, xn] = gatesOf(ax, d);
  const [hr, hz, hn] = gatesOf(ah, d);
  const r = tf.sigmoid(tf.add(xr, hr));
  const z = tf.sigmoid(tf.add(xz, hz));
  const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
  return tf.add(n, tf.mul(z, tf.sub(h, n)));
}
