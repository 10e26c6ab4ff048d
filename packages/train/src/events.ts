import type { LanguageModel } from './model';
import type { ResumeChange } from './resume';

/** Why a run ended. */
export type StopReason = 'completed' | 'maxSteps' | 'aborted';

/** Summary of a finished (or stopped) run. */
export interface TrainResult {
  /** Epochs completed. */
  epochs: number;
  /** Steps done in all. */
  steps: number;
  /** exp(best validation loss); NaN when no epoch has ended yet. */
  bestValidPerplexity: number;
  /** Training seconds over all sessions of the run. */
  seconds: number;
  outDir?: string;
  stopReason: StopReason;
  /** The trained model, only with `keepModel: true` (the caller then disposes it). */
  model?: LanguageModel;
}

/** Progress of a run, for progress bars, JSON lines and charts. */
export type TrainEvent =
  | { type: 'step'; epoch: number; step: number; loss: number; perplexity: number; lr: number; tokensPerSecond: number; etaSeconds: number }
  | { type: 'epoch'; epoch: number; trainLoss: number; validLoss: number; validPerplexity: number; seconds: number }
  /** The end-of-epoch validation pass, after each window: `done` of `total` time steps scored. */
  | { type: 'evaluating'; epoch: number; split: 'valid'; done: number; total: number }
  | { type: 'checkpoint'; dir: string; kind: 'last' | 'best' }
  /** A resume changed optimisation settings (recorded in the run's history, training-state.json). */
  | { type: 'resume'; step: number; epoch: number; changes: ResumeChange[] }
  | { type: 'done'; result: TrainResult };
