// The reference's way, kept for tests only: every step, gather a full [H, ·] matrix per gate and branch
// from the pool by a row index map, then compute each gate as a classic cell would. Written from the
// spec, independently of src/ (no shared helpers), so agreement with the fast path means something.
import * as tf from '@tensorflow/tfjs-core';
import type { StackState, StackWeights } from '../src';

const GATES = { rnn: 1, gru: 3, lstm: 4 } as const;

function pyRound(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** rows[b][g] = pool rows of gate g, branch b (0 input, 1 hidden), in unit order. */
function indexMap(H: number, rate: number, G: number): number[][][] {
  const s = pyRound(H * rate);
  const p = H - s;
  return [0, 1].map((b) => Array.from({ length: G }, (_, g) => {
    const rows: number[] = [];
    for (let u = 0; u < H; u++) rows.push(u < s ? u : s + (b * G + g) * p + (u - s));
    return rows;
  }));
}

export function naiveForward(w: StackWeights, inputs: tf.Tensor3D, init?: StackState): { outputs: tf.Tensor3D; final: StackState } {
  const cell = w.spec.cell;
  const G = GATES[cell];
  const [batch, steps] = inputs.shape;
  let seq: tf.Tensor2D[] = tf.unstack(inputs, 1) as tf.Tensor2D[];
  const hOut: tf.Tensor2D[] = [];
  const cOut: tf.Tensor2D[] = [];
  w.spec.layers.forEach((ls, l) => {
    const { inputSize: I, hiddenSize: H } = ls;
    const map = indexMap(H, ls.sharingRate, G);
    let h = init?.h[l] ?? tf.zeros([batch, H]) as tf.Tensor2D;
    let c = init?.c?.[l] ?? tf.zeros([batch, H]) as tf.Tensor2D;
    const next: tf.Tensor2D[] = [];
    for (let t = 0; t < steps; t++) {
      const a = [0, 1].map((b) => map[b].map((rows) => {
        const idx = tf.tensor1d(rows, 'int32');
        const W = tf.slice(tf.gather(w.layers[l].pool, idx), [0, 0], [H, b === 0 ? I : H]);
        const bias = tf.gather(w.layers[l].bias, idx);
        return tf.add(tf.matMul(b === 0 ? seq[t] : h, W, false, true), bias) as tf.Tensor2D;
      }));
      const sum = (g: number): tf.Tensor2D => tf.add(a[0][g], a[1][g]);
      if (cell === 'rnn') {
        h = tf.tanh(sum(0));
      } else if (cell === 'lstm') {
        const i = tf.sigmoid(sum(0));
        const f = tf.sigmoid(sum(1));
        const g = tf.tanh(sum(2));
        const o = tf.sigmoid(sum(3));
        c = tf.add(tf.mul(f, c), tf.mul(i, g)) as tf.Tensor2D;
        h = tf.mul(o, tf.tanh(c));
      } else {
        const r = tf.sigmoid(sum(0));
        const z = tf.sigmoid(sum(1));
        const n = tf.tanh(tf.add(a[0][2], tf.mul(r, a[1][2])));
        h = tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h)) as tf.Tensor2D;
      }
      next.push(h);
    }
    seq = next;
    hOut.push(h);
    cOut.push(c);
  });
  const outputs = tf.stack(seq, 1) as tf.Tensor3D;
  return { outputs, final: cell === 'lstm' ? { h: hOut, c: cOut } : { h: hOut } };
}
