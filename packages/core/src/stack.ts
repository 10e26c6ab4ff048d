/** Forward pass of a stack of restricted layers over a `[batch, steps, features]` sequence. */
import * as tf from '@tensorflow/tfjs-core';
import { stackLayouts } from './params';
import { dropout } from './dropout';
import { layerSequence, type LayerInput } from './sequence';
import { splitRows } from './split-rows';
import { fmtShape } from './validate';
import { checkPoolShape, type StackState, type StackWeights } from './weights';

/** Options of {@link stackForward}. */
export interface StackForwardOptions {
  /** Default: zeros. One `[batch, hidden_l]` per layer (`c` too for LSTM). */
  initialState?: StackState;
  /** Dropout between layers applies only when training. */
  training?: boolean;
  /** Dropout rate on each layer's output that feeds the next layer (not after the last). Default 0. */
  dropout?: number;
  /** Seed of the dropout masks (layer l uses `seed + l`); vary it per step for fresh masks. */
  seed?: number;
  /**
   * `[batch, steps]`, nonzero where a step is real: at a zero the stack keeps its previous `h` (and `c`)
   * as that step's output and state, as Keras/tfjs-layers masking does (e.g. after `embedding({maskZero})`).
   */
  mask?: tf.Tensor;
  /** Process the sequence from its last step to its first; outputs come in processing order (tfjs-layers' `goBackwards`). */
  goBackwards?: boolean;
  /** Per layer, a `[batch, hidden_l]` multiplier of `h_{t-1}` before the hidden-branch product at every step (recurrent dropout). */
  recurrentMasks?: (tf.Tensor2D | undefined)[];
}

/**
 * Runs the stack: returns the last layer's `h` at every step, `[batch, steps, lastHidden]`, and the
 * final state of every layer. Differentiable w.r.t. the pools and biases; everything it makes besides
 * the result is disposed.
 */
export function stackForward(
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
  const rate = o.dropout ?? 0;
  if (!(rate >= 0 && rate < 1)) throw new Error(`dropout must be in [0, 1), got ${rate}`);
  const isLstm = w.spec.cell === 'lstm';
  checkState(o.initialState, layouts.map((l) => l.hiddenSize), batch, isLstm);

  if (o.mask !== undefined && (o.mask.rank !== 2 || o.mask.shape[0] !== batch || o.mask.shape[1] !== steps)) {
    throw new Error(`mask must have shape [batch, steps] = [${batch}, ${steps}], got ${fmtShape(o.mask.shape)}`);
  }
  return tf.tidy(() => {
    const x = o.goBackwards ? tf.reverse(inputs, 1) : inputs;
    // each layer transposes its input once into the layout it reads (sequence.ts); between layers the
    // sequence stays feature-major: step t's h [H, batch] in rows [t*H, (t+1)*H)
    let input: LayerInput = { batchMajor: x.dtype === 'float32' ? x : tf.cast(x, 'float32') };
    const stepMasks = o.mask === undefined ? undefined : maskPerStep(o.mask, steps, o.goBackwards ?? false);
    let seq: tf.Tensor2D | undefined; // the last layer's output so far
    const h: tf.Tensor2D[] = [];
    const c: tf.Tensor2D[] = [];
    layouts.forEach((l, i) => {
      if (seq) input = { featureMajor: o.training && rate > 0 ? dropout(seq, rate, o.seed === undefined ? undefined : o.seed + i) : seq };
      const h0 = o.initialState ? tf.transpose(o.initialState.h[i]) : tf.zeros([l.hiddenSize, batch]);
      const c0 = !isLstm ? undefined : o.initialState?.c ? tf.transpose(o.initialState.c[i]) : tf.zeros([l.hiddenSize, batch]);
      const hidden = o.recurrentMasks?.[i];
      const run = layerSequence(l, w.layers[i].pool as tf.Tensor2D, w.layers[i].bias as tf.Tensor1D, input, steps, h0 as tf.Tensor2D, c0 as tf.Tensor2D, {
        steps: stepMasks, hidden: hidden && tf.transpose(hidden),
      });
      seq = run.seq;
      h.push(tf.transpose(run.h));
      if (run.c) c.push(tf.transpose(run.c));
    });
    const H = layouts[layouts.length - 1].hiddenSize;
    const outputs = tf.transpose(tf.reshape(seq as tf.Tensor2D, [steps, H, batch]), [2, 0, 1]) as tf.Tensor3D; // [steps, H, batch] -> [batch, steps, H]
    return { outputs, final: isLstm ? { h, c } : { h } };
  });
}

/** `[batch, steps]` (any dtype) -> one float 0/1 `[1, batch]` per step, in processing order. */
function maskPerStep(mask: tf.Tensor, steps: number, backwards: boolean): tf.Tensor2D[] {
  const m = tf.transpose(tf.cast(tf.notEqual(mask, 0), 'float32')) as tf.Tensor2D; // [steps, batch]
  return splitRows(backwards ? tf.reverse(m, 0) : m, Array.from({ length: steps }, () => 1));
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
