/**
 * How long a run has left, for the `etaSeconds` of its step events: the steps still to take at the
 * latest measured seconds per step, plus the validation passes still ahead (one at each epoch end
 * before the run's last step) at the latest measured pass.
 *
 * The latest interval, not a run-long mean: a resumed session starts with warm-up steps (wasm
 * compilation, first allocations) and may run on another machine, so a mean over the session or
 * the run would be skewed for hours.
 */

/** Evaluation runs the forward only: about a third of a training step's work per token. */
const EVAL_SHARE_OF_TRAINING = 1 / 3;

export interface EtaInputs {
  /** Steps taken so far (the step just finished). */
  step: number;
  /** The step the run stops after ({@link plannedSteps}). */
  maxSteps: number;
  /** Training windows (steps) per epoch. */
  stepsPerEpoch: number;
  /** Seconds per step in the latest log interval (validation excluded). */
  secondsPerStep: number;
  /** Seconds of the latest validation pass of this session; undefined before the first. */
  validSeconds?: number;
  /** Before the first pass is measured: its tokens, and a training step's tokens, to estimate it. */
  validTokens: number;
  stepTokens: number;
}

/** Seconds left until the run's last step and its validation (0 when nothing is left). */
export function remainingSeconds(o: EtaInputs): number {
  const stepsLeft = Math.max(0, o.maxSteps - o.step);
  // epoch ends from here on: the current step's own end counts while its validation is still ahead
  const passesLeft = Math.max(0, Math.floor(o.maxSteps / o.stepsPerEpoch) - Math.floor(Math.max(0, o.step - 1) / o.stepsPerEpoch));
  const validSeconds = o.validSeconds ?? (o.validTokens / o.stepTokens) * o.secondsPerStep * EVAL_SHARE_OF_TRAINING;
  return stepsLeft * o.secondsPerStep + passesLeft * validSeconds;
}
