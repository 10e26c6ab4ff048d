import * as tf from '@tensorflow/tfjs-core';
// Training needs the gradient functions, which tfjs-core registers only on request.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { StackState } from '@rrnn/core';
import { clipScale } from './clip';
import { modelLoss, type LanguageModel } from './model';
import { applyGradients, type OptimizerState } from './optimizer';
import { disposeState, keepState } from './state';

/** One BPTT window of token ids, row-major [batch, len]; targets are the inputs shifted by one token. */
export interface TokenWindow {
  inputs: Int32Array;
  targets: Int32Array;
  batch: number;
  len: number;
}

/** Thrown when the loss stops being a finite number; the model's weights are left as they were before the step. */
export class DivergenceError extends Error {
  /**
   * @param limit - when the loss is finite: the limit it passed (a multiple of the
   *   uniform guess's loss, log V), so the message can say why it counts as divergence
   */
  constructor(
    readonly step: number,
    readonly loss: number,
    readonly lr: number,
    readonly limit?: number,
  ) {
    super(
      `training diverged at step ${step}: the loss is ${loss}${limit !== undefined && Number.isFinite(loss) ? `, above ${Number(limit.toPrecision(4))} (far worse than guessing uniformly)` : ''}. ` +
        `Lower the learning rate (e.g. lr ${Number((lr / 10).toPrecision(3))} instead of ${Number(lr.toPrecision(6))}) or clip gradients harder; ` +
        `the last checkpoint was left untouched.`,
    );
    this.name = 'DivergenceError';
  }
}

/** What one optimisation step needs besides the model and data: learning rate, clip norm, dropout seed, step number (for errors). */
export interface StepOptions {
  lr: number;
  clip: number;
  seed: number;
  step: number;
}

/**
 * One training step on one window, all inside one `tf.tidy`:
 * forward from `state` -> mean cross-entropy -> gradients -> global-norm clip
 * -> optimizer update (weight decay inside). Returns the loss and the new state,
 * detached and kept; the caller disposes the old state. A non-finite loss throws
 * {@link DivergenceError} before any weight is touched.
 */
export function trainStep(
  m: LanguageModel,
  params: Record<string, tf.Variable>,
  opt: OptimizerState,
  w: TokenWindow,
  state: StackState,
  o: StepOptions,
): { loss: number; state: StackState } {
  let next: StackState | undefined;
  try {
    const loss = tf.tidy(() => {
      const g = windowGradients(m, params, w, state, o.seed);
      next = g.state;
      const loss = g.loss.dataSync()[0];
      updateFromGradients(opt, params, g.grads, loss, o);
      return loss;
    });
    return { loss, state: next as StackState };
  } catch (e) {
    if (next) disposeState(next);
    throw e;
  }
}

/**
 * {@link trainStep} with the loss read asynchronously (`await loss.data()`):
 * the same numbers and the same errors. Use it on webgpu, where tfjs cannot
 * read GPU data synchronously (`@rrnn/backend` makes such reads throw), and
 * in browsers generally, where it leaves the page responsive while the GPU works.
 */
export async function trainStepAsync(
  m: LanguageModel,
  params: Record<string, tf.Variable>,
  opt: OptimizerState,
  w: TokenWindow,
  state: StackState,
  o: StepOptions,
): Promise<{ loss: number; state: StackState }> {
  let g!: ReturnType<typeof windowGradients>;
  tf.tidy(() => {
    g = windowGradients(m, params, w, state, o.seed); // the state is kept by windowGradients
    tf.keep(g.loss);
    Object.values(g.grads).forEach((t) => tf.keep(t));
  });
  try {
    const loss = (await g.loss.data())[0];
    tf.tidy(() => updateFromGradients(opt, params, g.grads, loss, o));
    return { loss, state: g.state };
  } catch (e) {
    disposeState(g.state);
    throw e;
  } finally {
    tf.dispose([g.loss, ...Object.values(g.grads)]);
  }
}

/**
 * The update half of a step (inside the caller's tidy): a non-finite `loss`
 * throws {@link DivergenceError} before any weight is touched; otherwise the
 * gradients are clipped to the global norm and the optimizer applies them.
 */
export function updateFromGradients(opt: OptimizerState, params: Record<string, tf.Variable>, grads: tf.NamedTensorMap, loss: number, o: StepOptions): void {
  if (!Number.isFinite(loss)) throw new DivergenceError(o.step, loss, o.lr);
  applyGradients(opt, params, grads, o.lr, clipScale(grads, o.clip).scale);
}

/**
 * Forward from `state` over one window, mean cross-entropy, and the gradient of
 * every parameter (keyed like `params`). Call inside `tf.tidy`: the loss and
 * gradients belong to it; the returned state is detached and kept (the caller
 * disposes it). The shared core of {@link trainStep} and the data-parallel step.
 *
 * @param lossScale - the loss and gradients are those of `lossScale` x the mean
 *   cross-entropy (a shard's share of a window in the data-parallel step: the
 *   factor rides on the backward pass's seed instead of a pass over every gradient)
 */
export function windowGradients(
  m: LanguageModel,
  params: Record<string, tf.Variable>,
  w: TokenWindow,
  state: StackState,
  seed: number,
  lossScale = 1,
): { loss: tf.Scalar; grads: tf.NamedTensorMap; state: StackState } {
  const byVarName = new Map(Object.entries(params).map(([k, v]) => [v.name, k]));
  const x = tf.tensor2d(w.inputs, [w.batch, w.len], 'int32');
  const y = tf.tensor2d(w.targets, [w.batch, w.len], 'int32');
  let next: StackState | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const out = modelLoss(m, x, y, state, { training: true, seed });
    next = keepState(out.state); // detached: the next window starts from values, not from this graph
    return lossScale === 1 ? out.loss : tf.mul(out.loss, lossScale);
  }, Object.values(params));
  const named: tf.NamedTensorMap = {};
  for (const [name, g] of Object.entries(grads)) named[byVarName.get(name) ?? name] = g;
  return { loss: value, grads: named, state: next as StackState };
}
