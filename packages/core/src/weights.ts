/** Pool weights of a stack: creation, disposal, zero states, shape checks. */
import * as tf from '@tensorflow/tfjs-core';
import type { SharingLayout } from './layout';
import { stackLayouts, type StackSpec } from './params';
import { fmtShape } from './validate';

/** One layer's trainable tensors in the reference layout. */
export interface LayerWeights {
  /** [poolRows, poolCols] */
  pool: tf.Variable;
  /** [poolRows] */
  bias: tf.Variable;
}

/** A stack's spec and one pool + bias per layer. */
export interface StackWeights { spec: StackSpec; layers: LayerWeights[] }

/** Recurrent state, one `[batch, hidden_l]` tensor per layer (`c` for LSTM only). */
export interface StackState { h: tf.Tensor2D[]; c?: tf.Tensor2D[] }

/**
 * Creates the pools and biases, uniform in `(-1/sqrt(K), 1/sqrt(K))` as the reference does.
 * `seed` makes it reproducible; `name` prefixes variable names (`<name>/l0/pool`), which must be unique
 * among live variables.
 */
export function initStackWeights(
  spec: StackSpec,
  o: { seed?: number; name?: string; trainable?: boolean } = {},
): StackWeights {
  const layouts = stackLayouts(spec);
  const trainable = o.trainable ?? true;
  // tidy disposes the initial random tensors; the variables (not tracked by tidy) keep their data
  const layers = tf.tidy(() => layouts.map((l, i) => {
    const a = 1 / Math.sqrt(l.poolCols);
    const seed = (k: number) => (o.seed === undefined ? undefined : o.seed + 2 * i + k);
    const name = (what: string) => (o.name === undefined ? undefined : `${o.name}/l${i}/${what}`);
    return {
      pool: tf.variable(tf.randomUniform([l.poolRows, l.poolCols], -a, a, 'float32', seed(0)), trainable, name('pool')),
      bias: tf.variable(tf.randomUniform([l.poolRows], -a, a, 'float32', seed(1)), trainable, name('bias')),
    };
  }));
  return { spec, layers };
}

/** Disposes every variable of the stack. */
export function disposeStackWeights(w: StackWeights): void {
  for (const l of w.layers) {
    l.pool.dispose();
    l.bias.dispose();
  }
}

/** Zero `h` (and `c` for LSTM) for every layer: `[batch, hidden_l]`. */
export function zeroState(spec: StackSpec, batch: number): StackState {
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`batch must be a positive integer, got ${batch}`);
  const h = spec.layers.map((l) => tf.zeros([batch, l.hiddenSize]) as tf.Tensor2D);
  if (spec.cell !== 'lstm') return { h };
  return { h, c: spec.layers.map((l) => tf.zeros([batch, l.hiddenSize]) as tf.Tensor2D) };
}

/** Throws unless the pool is `[poolRows, poolCols]` and the bias `[poolRows]`. */
export function checkPoolShape(l: SharingLayout, pool: readonly number[], bias: readonly number[], layer: number): void {
  const want = [l.poolRows, l.poolCols];
  if (pool.length !== 2 || pool[0] !== want[0] || pool[1] !== want[1]) {
    throw new Error(
      `pool of layer ${layer} must have shape ${fmtShape(want)} (${l.cell}, inputSize ${l.inputSize}, hiddenSize ${l.hiddenSize}, sharingRate ${l.sharingRate}), got ${fmtShape(pool)}`,
    );
  }
  if (bias.length !== 1 || bias[0] !== l.poolRows) {
    throw new Error(`bias of layer ${layer} must have shape [${l.poolRows}], got ${fmtShape(bias)}`);
  }
}
