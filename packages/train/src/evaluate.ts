import * as tf from '@tensorflow/tfjs-core';
import { batchify, bpttWindows } from '@rrnn/data';
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

/**
 * Loss and perplexity of a token stream, as the reference evaluates: the ids
 * cut into `batchSize` streams, scored in BPTT windows of `bptt` steps with the
 * hidden state carried across windows; no dropout. Every window runs in its
 * own `tf.tidy`. `onProgress(done, total)` is called after each window with
 * the time steps scored so far and in all (for progress bars).
 */
export function evaluateLoss(
  m: LanguageModel,
  ids: Int32Array,
  o: { batchSize?: number; bptt?: number; perToken?: boolean; name?: string; onProgress?: (done: number, total: number) => void } = {},
): EvaluationResult {
  const batchSize = o.batchSize ?? 10;
  const bptt = o.bptt ?? 35;
  const b = batchify(ids, batchSize, o.name ?? 'the evaluation split');
  const perToken = o.perToken ? new Float32Array(ids.length).fill(NaN) : undefined;
  let state = initialState(m, batchSize);
  let sum = 0;
  let tokens = 0;
  try {
    for (const w of bpttWindows(b, bptt)) {
      let next!: StackState;
      tf.tidy(() => {
        const x = tf.tensor2d(w.inputs, [w.batch, w.len], 'int32');
        const y = tf.tensor2d(w.targets, [w.batch, w.len], 'int32');
        const out = modelForward(m, x, state, { training: false });
        const losses = tokenCrossEntropy(out.logits, y).dataSync(); // [batch, len]
        for (let r = 0; r < w.batch; r++) {
          for (let t = 0; t < w.len; t++) {
            const v = losses[r * w.len + t];
            sum += v;
            if (perToken) perToken[r * b.steps + w.start + t + 1] = v;
          }
        }
        next = keepState(out.state);
      });
      tokens += w.batch * w.len;
      disposeState(state);
      state = next;
      o.onProgress?.(w.start + w.len, b.steps - 1);
    }
  } finally {
    disposeState(state);
  }
  const loss = sum / tokens;
  return { loss, perplexity: Math.exp(loss), tokens, ...(perToken ? { perToken } : {}) };
}
