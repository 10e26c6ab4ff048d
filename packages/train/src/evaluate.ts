import * as tf from '@tensorflow/tfjs-core';
import { batchify, bpttWindows, type Window } from '@rrnn/data';
import type { TokenWindow } from './step';
import { tokenCrossEntropy } from './loss';
import { initialState, modelForward, type LanguageModel } from './model';
import type { StackState } from '@rrnn/core';
import { disposeState, keepState } from './state';

/** Result of {@link evaluateLoss}. */
export interface EvaluationResult {
  /** Mean cross-entropy per scored token (nats). */
  loss: number;
  /** exp(loss). */
  perplexity: number;
  /** Tokens scored. */
  tokens: number;
  /**
   * With `perToken`: `perToken[j]` is the loss of predicting `ids[j]` from the tokens before it in its
   * stream, NaN for tokens not scored (the first token of every stream and the batchify remainder).
   */
  perToken?: Float32Array;
}

/** Options of {@link evaluateLoss} and {@link evaluateLossAsync}. */
export interface EvaluateOptions {
  batchSize?: number;
  bptt?: number;
  perToken?: boolean;
  name?: string;
  onProgress?: (done: number, total: number) => void;
}

/**
 * One window forward from `state` with no dropout: its per-token losses `[batch, len]` and the next
 * state, both kept (the caller disposes them). `w` may be some rows of a window (a parallel shard).
 */
export function evaluateWindow(m: LanguageModel, w: TokenWindow, state: StackState): { losses: tf.Tensor2D; next: StackState } {
  let next!: StackState;
  const losses = tf.tidy(() => {
    const x = tf.tensor2d(w.inputs, [w.batch, w.len], 'int32');
    const y = tf.tensor2d(w.targets, [w.batch, w.len], 'int32');
    const out = modelForward(m, x, state, { training: false });
    next = keepState(out.state);
    return tokenCrossEntropy(out.logits, y);
  });
  return { losses, next };
}

/** The loop every evaluation shares (also the parallel one); `add` takes one window's [batch, len] losses. */
export function evaluation(ids: Int32Array, o: EvaluateOptions) {
  const batchSize = o.batchSize ?? 10;
  const b = batchify(ids, batchSize, o.name ?? 'the evaluation split');
  const perToken = o.perToken ? new Float32Array(ids.length).fill(NaN) : undefined;
  let sum = 0;
  let tokens = 0;
  return {
    batchSize,
    windows: bpttWindows(b, o.bptt ?? 35),
    add(w: Window, losses: ArrayLike<number>): void {
      for (let r = 0; r < w.batch; r++) {
        for (let t = 0; t < w.len; t++) {
          const v = losses[r * w.len + t];
          sum += v;
          if (perToken) perToken[r * b.steps + w.start + t + 1] = v;
        }
      }
      tokens += w.batch * w.len;
      o.onProgress?.(w.start + w.len, b.steps - 1);
    },
    result(): EvaluationResult {
      const loss = sum / tokens;
      return { loss, perplexity: Math.exp(loss), tokens, ...(perToken ? { perToken } : {}) };
    },
  };
}

/**
 * Loss and perplexity of a token stream, as the reference evaluates: the ids
 * cut into `batchSize` streams, scored in BPTT windows of `bptt` steps with the
 * hidden state carried across windows; no dropout. Every window runs in its
 * own `tf.tidy`. `onProgress(done, total)` is called after each window with
 * the time steps scored so far and in all (for progress bars).
 */
export function evaluateLoss(m: LanguageModel, ids: Int32Array, o: EvaluateOptions = {}): EvaluationResult {
  const e = evaluation(ids, o);
  let state = initialState(m, e.batchSize);
  try {
    for (const w of e.windows) {
      const { losses, next } = evaluateWindow(m, w, state);
      disposeState(state);
      state = next;
      e.add(w, losses.dataSync());
      losses.dispose();
    }
  } finally {
    disposeState(state);
  }
  return e.result();
}

/**
 * {@link evaluateLoss} with every window's losses read asynchronously: the
 * same numbers; the one to use on webgpu (no synchronous reads of GPU data).
 */
export async function evaluateLossAsync(m: LanguageModel, ids: Int32Array, o: EvaluateOptions = {}): Promise<EvaluationResult> {
  const e = evaluation(ids, o);
  let state = initialState(m, e.batchSize);
  try {
    for (const w of e.windows) {
      const { losses, next } = evaluateWindow(m, w, state);
      disposeState(state);
      state = next;
      try {
        e.add(w, await losses.data());
      } finally {
        losses.dispose();
      }
    }
  } finally {
    disposeState(state);
  }
  return e.result();
}
