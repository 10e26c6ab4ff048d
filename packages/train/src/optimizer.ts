import * as tf from '@tensorflow/tfjs-core';

/**
 * SGD and Adam with L2 weight decay, written out so that their slots can be
 * saved in a checkpoint and the math is visible. Weight decay follows
 * `torch.optim` (the paper's reference): g <- g + wd * p inside the step,
 * i.e. after gradient clipping.
 *
 * - sgd:  p <- p - lr * g
 * - adam: m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2;
 *         p <- p - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 */

/** Optimizer names accepted by {@link TrainConfig.optimizer}. */
export type OptimizerName = 'sgd' | 'adam';

/** Optimizer state: the step count and, for Adam, the first and second moment of every parameter. */
export interface OptimizerState {
  name: OptimizerName;
  weightDecay: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Updates applied so far. */
  t: number;
  /** Slot variables by name, e.g. `m/embedding`, `v/embedding` (Adam only). */
  slots: Record<string, tf.Variable>;
}

/** A fresh optimizer for the given parameters (Adam slots start at zero). */
export function createOptimizer(
  name: OptimizerName,
  params: Record<string, tf.Variable>,
  o: { weightDecay?: number; beta1?: number; beta2?: number; epsilon?: number } = {},
): OptimizerState {
  if (name !== 'sgd' && name !== 'adam') throw new Error(`optimizer: unknown optimizer "${name}"; use sgd or adam`);
  const weightDecay = o.weightDecay ?? 0;
  if (!(weightDecay >= 0)) throw new Error(`optimizer: weightDecay must be >= 0, got ${weightDecay}`);
  const slots: Record<string, tf.Variable> = {};
  if (name === 'adam') {
    for (const [k, p] of Object.entries(params)) {
      slots[`m/${k}`] = tf.tidy(() => tf.variable(tf.zerosLike(p), false));
      slots[`v/${k}`] = tf.tidy(() => tf.variable(tf.zerosLike(p), false));
    }
  }
  return { name, weightDecay, beta1: o.beta1 ?? 0.9, beta2: o.beta2 ?? 0.999, epsilon: o.epsilon ?? 1e-8, t: 0, slots };
}

/** Apply one update with learning rate `lr`. Gradients are not disposed (the caller's tidy owns them). */
export function applyGradients(
  opt: OptimizerState,
  params: Record<string, tf.Variable>,
  grads: tf.NamedTensorMap,
  lr: number,
): void {
  opt.t += 1;
  const { beta1: b1, beta2: b2, epsilon: eps, t } = opt;
  for (const [k, p] of Object.entries(params)) {
    const raw = grads[k];
    if (raw === undefined) throw new Error(`optimizer: no gradient for parameter "${k}"`);
    tf.tidy(() => {
      const g = opt.weightDecay > 0 ? tf.add(raw, tf.mul(p, opt.weightDecay)) : raw;
      if (opt.name === 'sgd') {
        p.assign(tf.sub(p, tf.mul(g, lr)));
        return;
      }
      const m = opt.slots[`m/${k}`];
      const v = opt.slots[`v/${k}`];
      m.assign(tf.add(tf.mul(m, b1), tf.mul(g, 1 - b1)));
      v.assign(tf.add(tf.mul(v, b2), tf.mul(tf.square(g), 1 - b2)));
      const mHat = tf.div(m, 1 - Math.pow(b1, t));
      const vHat = tf.div(v, 1 - Math.pow(b2, t));
      p.assign(tf.sub(p, tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), eps)), lr)));
    });
  }
}

/** Dispose the optimizer's slot variables. */
export function disposeOptimizer(opt: OptimizerState): void {
  for (const v of Object.values(opt.slots)) v.dispose();
  opt.slots = {};
}
