import { unigramPerplexity, type EncodedCorpus, type SplitName } from '@rrnn/data';
import { evaluateLoss, type EvaluationResult, type LanguageModel } from '@rrnn/train';

/** Options of {@link perplexity}. */
export interface PerplexityOptions {
  /** Parallel streams (the paper's evaluation uses 10; 1 scores the text as one stream). Default 10. */
  batchSize?: number;
  /** Window length; the hidden state is carried across windows. Default 35. */
  bptt?: number;
  /** Also return the loss of every token (`perToken`, aligned with `ids`). */
  perToken?: boolean;
  /** Called after each window: time steps scored so far, and in all. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Perplexity of `ids` under the model: mean cross-entropy per token over
 * `batchSize` streams scored window by window with the state carried, no
 * dropout; `perplexity = exp(loss)`.
 */
export function perplexity(m: LanguageModel, ids: Int32Array, o: PerplexityOptions = {}): EvaluationResult {
  // absent ones take evaluateLoss's defaults
  const { batchSize, bptt } = o;
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1)) throw new Error(`perplexity: batchSize must be a positive integer, got ${batchSize}`);
  if (bptt !== undefined && !(Number.isInteger(bptt) && bptt >= 1)) throw new Error(`perplexity: bptt must be a positive integer, got ${bptt}`);
  const V = m.config.vocabSize;
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] < 0 || ids[i] >= V) throw new Error(`perplexity: token id ${ids[i]} at position ${i} is outside the model's vocabulary [0, ${V}); was the text encoded with this model's vocabulary?`);
  }
  return evaluateLoss(m, ids, { batchSize, bptt, perToken: o.perToken, onProgress: o.onProgress });
}

/** Result of {@link evaluateSplit}: the model's score and the unigram floor for context. */
export interface SplitEvaluation extends EvaluationResult {
  split: SplitName;
  /** Add-one smoothed unigram perplexity of the split, fitted on the train split. */
  unigramPerplexity: number;
}

/** Perplexity of one split of a corpus with its unigram baseline. */
export function evaluateSplit(m: LanguageModel, corpus: EncodedCorpus, split: SplitName, o: PerplexityOptions = {}): SplitEvaluation {
  const ids = corpus[split];
  const result = perplexity(m, ids, o);
  return { ...result, split, unigramPerplexity: unigramPerplexity(corpus.train, ids, corpus.vocab.tokens.length) };
}
