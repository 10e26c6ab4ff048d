/**
 * Learning-rate schedules, stepped once per epoch as in the paper's reference.
 * Each schedule is a pure function of a small serialisable state, so a
 * checkpoint can save and restore it.
 *
 * - cosine:  lr_e = lrMin + (lr - lrMin) * (1 + cos(pi * e / E)) / 2   (PyTorch CosineAnnealingLR, lrMin 0)
 * - step:    lr_e = lr * gamma^floor(e / stepEpochs)                    (PyTorch StepLR)
 * - plateau: lr *= factor after more than `patience` epochs without a relative
 *            validation-loss improvement of 1e-4                        (PyTorch ReduceLROnPlateau)
 * - none:    lr_e = lr
 */

import { SCHEDULES, type ScheduleName } from './setting-names';

export type { ScheduleName };

/** Knobs of the schedules; every field has a default (see {@link DEFAULT_SCHEDULE_OPTIONS}). */
export interface ScheduleOptions {
  /** cosine: the floor the rate anneals to. */
  lrMin: number;
  /** step: epochs between decays. */
  stepEpochs: number;
  /** step: multiplier per decay. */
  gamma: number;
  /** plateau: multiplier per reduction. */
  factor: number;
  /** plateau: epochs without improvement tolerated before reducing. */
  patience: number;
}

/** Defaults: PyTorch's, with StepLR stepping every epoch by 0.5 and ReduceLROnPlateau by 0.25 after 0 bad epochs (the usual LM recipe: divide by 4). */
export const DEFAULT_SCHEDULE_OPTIONS: ScheduleOptions = { lrMin: 0, stepEpochs: 1, gamma: 0.5, factor: 0.25, patience: 0 };

/** Serialisable schedule state; `lr` is the rate of the current epoch. */
export interface ScheduleState {
  name: ScheduleName;
  baseLr: number;
  totalEpochs: number;
  epoch: number;
  lr: number;
  /** plateau: best validation loss seen. */
  best: number;
  /** plateau: consecutive epochs without improvement. */
  badEpochs: number;
}

/** The state at epoch 0. */
export function scheduleInit(name: ScheduleName, baseLr: number, totalEpochs: number): ScheduleState {
  if (!SCHEDULES.includes(name)) {
    throw new Error(`schedule: unknown schedule "${name}"; use one of cosine, step, plateau, none`);
  }
  if (!(baseLr > 0) || !Number.isFinite(baseLr)) throw new Error(`schedule: lr must be a positive number, got ${baseLr}`);
  if (!Number.isInteger(totalEpochs) || totalEpochs < 1) {
    throw new Error(`schedule: epochs must be a positive integer, got ${totalEpochs}`);
  }
  return { name, baseLr, totalEpochs, epoch: 0, lr: baseLr, best: Infinity, badEpochs: 0 };
}

/** The cosine rate of epoch `e` out of `E`. */
export function cosineLr(baseLr: number, lrMin: number, e: number, E: number): number {
  return lrMin + ((baseLr - lrMin) * (1 + Math.cos((Math.PI * e) / E))) / 2;
}

/**
 * Advance to the next epoch. `validLoss` (the epoch just finished) is used by
 * `plateau` only. Returns a new state; the input is not modified.
 */
export function scheduleStep(s: ScheduleState, validLoss: number, o: Partial<ScheduleOptions> = {}): ScheduleState {
  const opt = { ...DEFAULT_SCHEDULE_OPTIONS, ...o };
  const epoch = s.epoch + 1;
  switch (s.name) {
    case 'cosine':
      return { ...s, epoch, lr: cosineLr(s.baseLr, opt.lrMin, epoch, s.totalEpochs) };
    case 'step':
      return { ...s, epoch, lr: s.baseLr * Math.pow(opt.gamma, Math.floor(epoch / opt.stepEpochs)) };
    case 'plateau': {
      if (validLoss < s.best * (1 - 1e-4)) return { ...s, epoch, best: validLoss, badEpochs: 0 };
      const badEpochs = s.badEpochs + 1;
      if (badEpochs > opt.patience) return { ...s, epoch, lr: s.lr * opt.factor, badEpochs: 0 };
      return { ...s, epoch, badEpochs };
    }
    case 'none':
      return { ...s, epoch };
  }
}

/**
 * The schedule of a resumed run whose configuration changed (another base
 * rate, schedule or epoch count, e.g. a lower lr after a divergence): the
 * current epoch's rate under the new settings. Unchanged settings return `s`
 * itself, so a plain resume continues exactly.
 */
export function scheduleRebase(
  s: ScheduleState, name: ScheduleName, baseLr: number, totalEpochs: number, o: Partial<ScheduleOptions> = {},
): ScheduleState {
  if (s.name === name && s.baseLr === baseLr && s.totalEpochs === totalEpochs) return s;
  const opt = { ...DEFAULT_SCHEDULE_OPTIONS, ...o };
  const fresh = scheduleInit(name, baseLr, totalEpochs);
  const lr =
    name === 'cosine' ? cosineLr(baseLr, opt.lrMin, s.epoch, totalEpochs)
    : name === 'step' ? baseLr * Math.pow(opt.gamma, Math.floor(s.epoch / opt.stepEpochs))
    : name === 'plateau' && s.name === 'plateau' ? (s.lr * baseLr) / s.baseLr
    : baseLr;
  return { ...fresh, epoch: s.epoch, lr, best: s.best, badEpochs: s.name === name ? s.badEpochs : 0 };
}
