// The first fast path (batch-major states, gate splits along the last axis), kept to A/B the layout.

import * as tf from '@tensorflow/tfjs-core';
import { gruStep, lstmStep, rnnStep, type Dims } from '../src/cells';
import type { SharingLayout } from '../src/layout';

/** The per-call weight views of one layer. */
interface BranchViews { wx: tf.Tensor2D; bx: tf.Tensor1D; wh: tf.Tensor2D; bh: tf.Tensor1D }

/** Builds the input- and hidden-branch weight views from the pool (differentiable). */
function branchViews(l: SharingLayout, pool: tf.Tensor2D, bias: tf.Tensor1D): BranchViews {
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
interface LayerRun { hs: tf.Tensor2D[]; h: tf.Tensor2D; c?: tf.Tensor2D }

/**
 * Runs one layer over `xs` `[batch, steps, inputSize]` from `h0` (and `c0` for LSTM).
 * Makes intermediate tensors freely: call inside `tf.tidy`.
 */
function layerSequence(
  l: SharingLayout, pool: tf.Tensor2D, bias: tf.Tensor1D, xs: tf.Tensor3D, h0: tf.Tensor2D, c0?: tf.Tensor2D,
): LayerRun {
  const [batch, steps] = xs.shape;
  const v = branchViews(l, pool, bias);
  const d: Dims = { s: l.sharedUnits, p: l.privateUnits, gates: l.gates, axis: 1 };
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

import { stackLayouts } from '../src/params';
import { fmtShape } from '../src/validate';
import { checkPoolShape, type StackState, type StackWeights } from '../src/weights';

/** Options of {@link stackForward}. */
interface StackForwardOptions {
  /** Default: zeros. One `[batch, hidden_l]` per layer (`c` too for LSTM). */
  initialState?: StackState;
  /** Dropout between layers applies only when training. */
  training?: boolean;
  /** Dropout rate on each layer's output that feeds the next layer (not after the last). Default 0. */
  dropout?: number;
  /** Seed of the dropout masks (layer l uses `seed + l`); vary it per step for fresh masks. */
  seed?: number;
}

/**
 * Runs the stack: returns the last layer's `h` at every step, `[batch, steps, lastHidden]`, and the
 * final state of every layer. Differentiable w.r.t. the pools and biases; everything it makes besides
 * the result is disposed.
 */
export function stackForwardBatchMajor(
  w: StackWeights, inputs: tf.Tensor3D, o: StackForwardOptions = {},
): { outputs: tf.Tensor3D; final: StackState } {
  const layouts = stackLayouts(w.spec);
  if (w.layers.length !== layouts.length) {
    throw new Error(`weights have ${w.layers.length} layers but the spec has ${layouts.length}`);
  }
  layouts.forEach((l, i) => checkPoolShape(l, w.layers[i].pool.shape, w.layers[i].bias.shape, i));
  const inputSize = layouts[0].inputSize;
  if (inputs.rank !== 3 || inputs.shape[2] !== inputSize) {
    throw new Error(`inputs must have shape [batch, steps, inputSize=${inputSize}], got ${fmtShape(inputs.shape)}`);
  }
  const [batch, steps] = inputs.shape;
  if (steps < 1) throw new Error(`inputs must have at least one step, got shape ${fmtShape(inputs.shape)}`);
  const dropout = o.dropout ?? 0;
  if (!(dropout >= 0 && dropout < 1)) throw new Error(`dropout must be in [0, 1), got ${dropout}`);
  const isLstm = w.spec.cell === 'lstm';
  checkState(o.initialState, layouts.map((l) => l.hiddenSize), batch, isLstm);

  return tf.tidy(() => {
    let xs: tf.Tensor3D = inputs.dtype === 'float32' ? inputs : tf.cast(inputs, 'float32');
    const h: tf.Tensor2D[] = [];
    const c: tf.Tensor2D[] = [];
    layouts.forEach((l, i) => {
      if (i > 0) {
        if (o.training && dropout > 0) {
          xs = tf.dropout(xs, dropout, undefined, o.seed === undefined ? undefined : o.seed + i) as tf.Tensor3D;
        }
      }
      const h0 = o.initialState?.h[i] ?? tf.zeros([batch, l.hiddenSize]);
      const c0 = isLstm ? (o.initialState?.c?.[i] ?? tf.zeros([batch, l.hiddenSize])) : undefined;
      const run = layerSequence(l, w.layers[i].pool as tf.Tensor2D, w.layers[i].bias as tf.Tensor1D, xs, h0 as tf.Tensor2D, c0 as tf.Tensor2D);
      xs = tf.stack(run.hs, 1) as tf.Tensor3D;
      h.push(run.h);
      if (run.c) c.push(run.c);
    });
    return { outputs: xs, final: isLstm ? { h, c } : { h } };
  });
}

function checkState(s: StackState | undefined, hidden: number[], batch: number, isLstm: boolean): void {
  if (s === undefined) return;
  const parts: ['h' | 'c', tf.Tensor2D[] | undefined][] = [['h', s.h]];
  if (isLstm) parts.push(['c', s.c]);
  for (const [name, ts] of parts) {
    if (!Array.isArray(ts) || ts.length !== hidden.length) {
      throw new Error(`initialState.${name} must hold one [batch, hidden] tensor per layer (${hidden.length}), got ${Array.isArray(ts) ? ts.length : String(ts)}`);
    }
    ts.forEach((t, i) => {
      if (t.rank !== 2 || t.shape[0] !== batch || t.shape[1] !== hidden[i]) {
        throw new Error(`initialState.${name}[${i}] must have shape [${batch}, ${hidden[i]}], got ${fmtShape(t.shape)}`);
      }
    });
  }
}
