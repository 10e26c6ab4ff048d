import * as tf from '@tensorflow/tfjs-core';
import { SGD_MOMENTUM, type SgdMomentumAttrs } from '@rrnn/core/kernels';

/**
 * SGD (with optional momentum) and Adam with L2 weight decay, written out so
 * that their slots can be saved in a checkpoint and the math is visible.
 * Everything follows `torch.optim` (the paper's reference): weight decay is
 * added to the gradient inside the step, i.e. after gradient clipping.
 *
 * - sgd:           d <- g + wd p;  p <- p - lr d
 * - sgd, momentum: d <- g + wd p;  v <- mu v + d  (v starts at 0);
 *                  p <- p - lr v                  (nesterov: p <- p - lr (d + mu v))
 * - adam:          d <- g + wd p;  m <- b1 m + (1 - b1) d;  v <- b2 v + (1 - b2) d^2;
 *                  p <- p - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 */

import { OPTIMIZERS, type OptimizerName } from './setting-names';

export type { OptimizerName };

/** The optimizer's settings (everything but its slots), as saved in a checkpoint. */
export interface OptimizerSettings {
  weightDecay: number;
  /** SGD momentum factor `mu` in [0, 1); 0 is plain SGD (no slots). Ignored by Adam. */
  momentum: number;
  /** SGD only: Nesterov momentum (needs momentum > 0). */
  nesterov: boolean;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** Optimizer state: settings, the step count and the slots (SGD momentum buffers, Adam moments). */
export interface OptimizerState extends OptimizerSettings {
  name: OptimizerName;
  /** Updates applied so far. */
  t: number;
  /** Slot variables by name: `momentum/<param>` (SGD with momentum), `m/<param>` and `v/<param>` (Adam). */
  slots: Record<string, tf.Variable>;
}

/** Throws an Error naming the setting when `name` or a setting is out of range. */
export function validateOptimizer(name: OptimizerName, o: Partial<OptimizerSettings>, where = 'optimizer'): void {
  if (!OPTIMIZERS.includes(name)) throw new Error(`${where}: unknown optimizer "${String(name)}"; use ${OPTIMIZERS.join(' or ')}`);
  if (o.weightDecay !== undefined && !(o.weightDecay >= 0)) throw new Error(`${where}: weightDecay must be >= 0, got ${o.weightDecay}`);
  if (o.momentum !== undefined && !(o.momentum >= 0 && o.momentum < 1)) {
    throw new Error(`${where}: momentum must be in [0, 1) (0 is plain SGD; the paper uses 0.9), got ${o.momentum}`);
  }
  if (o.nesterov && !((o.momentum ?? 0) > 0)) throw new Error(`${where}: nesterov needs a momentum above 0 (e.g. momentum 0.9)`);
  if (name === 'adam' && (o.momentum ?? 0) > 0) throw new Error(`${where}: momentum applies to sgd only; Adam has beta1 instead`);
}

/** A fresh optimizer for the given parameters (slots start at zero). */
export function createOptimizer(
  name: OptimizerName,
  params: Record<string, tf.Variable>,
  o: Partial<OptimizerSettings> = {},
): OptimizerState {
  validateOptimizer(name, o);
  const settings: OptimizerSettings = {
    weightDecay: o.weightDecay ?? 0,
    momentum: name === 'sgd' ? o.momentum ?? 0 : 0,
    nesterov: name === 'sgd' ? o.nesterov ?? false : false,
    beta1: o.beta1 ?? 0.9,
    beta2: o.beta2 ?? 0.999,
    epsilon: o.epsilon ?? 1e-8,
  };
  const slotNames = name === 'adam' ? ['m', 'v'] : settings.momentum > 0 ? ['momentum'] : [];
  const slots: Record<string, tf.Variable> = {};
  for (const [k, p] of Object.entries(params)) {
    for (const s of slotNames) slots[`${s}/${k}`] = tf.tidy(() => tf.variable(tf.zerosLike(p), false));
  }
  return { name, ...settings, t: 0, slots };
}

/** The settings of `opt` (what a checkpoint saves beside the slots). */
export function optimizerSettings(opt: OptimizerState): OptimizerSettings & { name: OptimizerName; t: number } {
  const { name, t, weightDecay, momentum, nesterov, beta1, beta2, epsilon } = opt;
  return { name, t, weightDecay, momentum, nesterov, beta1, beta2, epsilon };
}

/**
 * Apply one update with learning rate `lr`. Gradients are not disposed (the caller's tidy owns them).
 * `scale` (clip.ts's `clipScale`) multiplies every gradient first; SGD with momentum folds it into
 * the backend's `RrnnSgdMomentum` kernel where there is one, with the bits of the ops written out here.
 */
export function applyGradients(
  opt: OptimizerState,
  params: Record<string, tf.Variable>,
  grads: tf.NamedTensorMap,
  lr: number,
  scale?: tf.Scalar,
): void {
  opt.t += 1;
  const { beta1: b1, beta2: b2, epsilon: eps, momentum: mu, t } = opt;
  // SGD with momentum as one kernel per parameter where the backend has it (wasm: @rrnn/backend), with the same bits
  const fused = opt.name === 'sgd' && mu > 0 && tf.getKernel(SGD_MOMENTUM, tf.getBackend()) != null;
  for (const [k, p] of Object.entries(params)) {
    const given = grads[k];
    if (given === undefined) throw new Error(`optimizer: no gradient for parameter "${k}"`);
    tf.tidy(() => {
      if (fused) {
        const v = opt.slots[`momentum/${k}`];
        const attrs: SgdMomentumAttrs = { lr, momentum: mu, weightDecay: opt.weightDecay, nesterov: opt.nesterov };
        const [pNext, vNext] = tf.engine().runKernel(SGD_MOMENTUM, { p, v, g: given, scale: scale ?? tf.scalar(1) }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        v.assign(vNext);
        return void p.assign(pNext);
      }
      const raw = scale ? tf.mul(given, scale) : given;
      const d = opt.weightDecay > 0 ? tf.add(raw, tf.mul(p, opt.weightDecay)) : raw;
      if (opt.name === 'sgd') {
        if (mu === 0) return void p.assign(tf.sub(p, tf.mul(d, lr)));
        const v = opt.slots[`momentum/${k}`];
        v.assign(tf.add(tf.mul(v, mu), d));
        const step = opt.nesterov ? tf.add(d, tf.mul(v, mu)) : v;
        return void p.assign(tf.sub(p, tf.mul(step, lr)));
      }
      const m = opt.slots[`m/${k}`];
      const v = opt.slots[`v/${k}`];
      m.assign(tf.add(tf.mul(m, b1), tf.mul(d, 1 - b1)));
      v.assign(tf.add(tf.mul(v, b2), tf.mul(tf.square(d), 1 - b2)));
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
