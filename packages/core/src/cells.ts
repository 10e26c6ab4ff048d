/**
 * Per-step math of the three cells on pre-activations in the compact layout.
 *
 * A branch's pre-activation for one step holds `s + G*p` units along `axis` (the fast path keeps
 * units on axis 0, `[units, batch]`, so gate blocks are contiguous rows): units `[0, s)` are the
 * shared ones (identical for every gate), then `p` private units per gate. Gate g's `H` units are
 * the shared ones followed by its own private ones. Everything else is elementwise.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Shared and private unit counts of a layer and its gate count. */
export interface Dims { s: number; p: number; gates: number; /** the unit axis */ axis: 0 | 1 }

/** Splits a compact `s + G*p`-unit pre-activation into G gate pre-activations of `H` units. */
export function gatesOf(pre: tf.Tensor2D, d: Dims): tf.Tensor2D[] {
  if (d.gates === 1) return [pre]; // [shared | private 0] is already unit order
  if (d.p === 0) return Array.from({ length: d.gates }, () => pre);
  if (d.s === 0) return tf.split(pre, d.gates, d.axis) as tf.Tensor2D[];
  const [shared, ...priv] = tf.split(pre, [d.s, ...Array.from({ length: d.gates }, () => d.p)], d.axis);
  return priv.map((q) => tf.concat([shared, q], d.axis) as tf.Tensor2D);
}

/** RNN: `h = tanh(a_x + a_h)`; `pre = a_x + a_h` has H units. */
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
