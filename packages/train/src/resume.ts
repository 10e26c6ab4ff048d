/**
 * The resume policy: which settings of a saved run a resume may change. It
 * lives here, once; the CLI's train command, sweeps, queued runs and the
 * queue worker all ask it.
 *
 * Fixed: everything that decides the model's parameters or the data stream
 * (architecture, vocabulary, batch size, BPTT, seed, optimizer and its momentum,
 * initialisation, dropout placement). Changing any of them would make the
 * saved weights, optimizer slots or carried state mean something else.
 *
 * Changeable: optimisation settings that only steer later updates (learning
 * rate, clipping, dropout rate, schedule and its options, weight decay) and the
 * run's length and reporting (epochs, max steps, evaluation batch, log cadence).
 * The dropout rate may change: it draws no extra random numbers (the step seed
 * is drawn either way) and changes no parameter, so it is a regularisation knob
 * like weight decay. Every change is recorded in the run's history.
 */
import type { TrainConfig } from './config';

/** Settings (dotted paths into {@link TrainConfig}) a resumed run may change. */
export const RESUME_CHANGEABLE = [
  'lr', 'clip', 'model.dropout', 'schedule', 'scheduleOptions', 'weightDecay',
  'epochs', 'maxSteps', 'evalBatchSize', 'logEvery',
] as const;

/** One of {@link RESUME_CHANGEABLE}. */
export type ResumeChangeable = (typeof RESUME_CHANGEABLE)[number];

/** Settings (dotted paths into {@link TrainConfig}) a resumed run must keep. */
export const RESUME_FIXED = [
  'model.cell', 'model.vocabSize', 'model.embeddingSize', 'model.hiddenSize', 'model.numLayers', 'model.sharingRates',
  'model.tied', 'model.dropoutPlacement', 'batchSize', 'bptt', 'seed', 'optimizer', 'momentum', 'nesterov', 'init',
] as const;

/** One setting a resume changed, as recorded in the run's history. */
export interface ResumeChange {
  setting: ResumeChangeable;
  from: unknown;
  to: unknown;
}

/** A resume asked to change settings the policy keeps fixed. */
export class ResumeConflictError extends Error {
  /** The fixed settings (dotted paths) that differ, with their saved values. */
  readonly conflicts: { setting: string; saved: unknown; wanted: unknown }[];
  constructor(conflicts: { setting: string; saved: unknown; wanted: unknown }[]) {
    super(
      `resume continues the saved run: ${conflicts.map((c) => `${c.setting} cannot change (saved ${JSON.stringify(c.saved)}, asked ${JSON.stringify(c.wanted)})`).join('; ')}. ` +
      `Only ${RESUME_CHANGEABLE.join(', ')} may change on resume; start a new run for the rest`,
    );
    this.name = 'ResumeConflictError';
    this.conflicts = conflicts;
  }
}

/** The value at a dotted path (`model.dropout`). */
export function settingOf(c: TrainConfig, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], c);
}

/** Defaults of optional fields, so a config saved before a field existed compares equal to one that spells the default. */
const DEFAULTS: Record<string, unknown> = { 'model.dropoutPlacement': 'all', momentum: 0, nesterov: false, init: 'uniform' };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Check `wanted` against the `saved` config of a run being resumed: throws a
 * {@link ResumeConflictError} naming every fixed setting that differs, else
 * returns the changeable settings that differ (empty when none).
 */
export function resumeChanges(saved: TrainConfig, wanted: TrainConfig): ResumeChange[] {
  const value = (c: TrainConfig, p: string) => settingOf(c, p) ?? DEFAULTS[p];
  const conflicts = RESUME_FIXED.filter((p) => !same(value(saved, p), value(wanted, p)))
    .map((p) => ({ setting: p, saved: value(saved, p), wanted: value(wanted, p) }));
  if (conflicts.length > 0) throw new ResumeConflictError(conflicts);
  return RESUME_CHANGEABLE.filter((p) => !same(settingOf(saved, p), settingOf(wanted, p)))
    .map((p) => ({ setting: p, from: settingOf(saved, p), to: settingOf(wanted, p) }));
}

/** Whether a dotted setting path may change on resume. */
export function resumeMayChange(setting: string): setting is ResumeChangeable {
  return (RESUME_CHANGEABLE as readonly string[]).includes(setting);
}
