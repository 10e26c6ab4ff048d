import * as tf from '@tensorflow/tfjs-core';
import type { StackState } from '@rrnn/core';
import { encode, type Vocabulary } from '@rrnn/data';
import { createRng, disposeState, initialState, keepState, modelForward, type LanguageModel } from '@rrnn/train';
import { nextTokenDistribution, sampleIndex, topIndices } from './sampling';

/** A model reading tokens one at a time, carrying its state: `step` feeds ids and returns the logits after the last one, still on the backend. */
function stepper(m: LanguageModel) {
  let state: StackState = initialState(m, 1);
  return {
    step(ids: ArrayLike<number>): tf.Tensor1D {
      if (ids.length === 0) throw new Error('read: nothing to read');
      return tf.tidy(() => {
        const x = tf.tensor2d(Int32Array.from(ids), [1, ids.length], 'int32');
        const out = modelForward(m, x, state, { training: false });
        const next = keepState(out.state);
        disposeState(state);
        state = next;
        return tf.reshape(tf.slice(out.logits, [0, ids.length - 1, 0], [1, 1, -1]), [-1]) as tf.Tensor1D;
      });
    },
    dispose: () => disposeState(state),
  };
}

/** A model reading tokens one at a time; `read` returns the logits after the last id. */
interface Reader<R> { read(ids: ArrayLike<number>): R; dispose(): void }

function reader(m: LanguageModel): Reader<Float32Array> {
  const s = stepper(m);
  return {
    read(ids) {
      const t = s.step(ids);
      try {
        return t.dataSync() as Float32Array;
      } finally {
        t.dispose();
      }
    },
    dispose: s.dispose,
  };
}

/** `reader` reading asynchronously (`await data()`): for webgpu, where synchronous reads of GPU data are not possible. */
function asyncReader(m: LanguageModel): Reader<Promise<Float32Array>> {
  const s = stepper(m);
  return {
    async read(ids) {
      const t = s.step(ids);
      try {
        return (await t.data()) as Float32Array;
      } finally {
        t.dispose();
      }
    },
    dispose: s.dispose,
  };
}

function checkVocab(m: LanguageModel, vocab: Vocabulary): void {
  if (vocab.tokens.length !== m.config.vocabSize) {
    throw new Error(`the vocabulary has ${vocab.tokens.length} tokens but the model expects ${m.config.vocabSize}; load the vocab.json saved with this model`);
  }
}

/** The context a prompt gives: `<eos>` (start of a line) followed by the prompt's words (unknown words -> `<unk>`). */
function contextIds(vocab: Vocabulary, words: string[]): number[] {
  return [vocab.eosId, ...encode(vocab, words)];
}

/** Options of {@link generate}. */
export interface GenerateOptions {
  /** Words to start from (split on white space). */
  prompt?: string;
  /** Tokens to generate. */
  length: number;
  /** Softmax temperature; 0 is greedy. Default 1. */
  temperature?: number;
  /** Sample among the k most likely tokens only; 0 = all. Default 0. */
  topK?: number;
  /** Seed of the sampler: the same seed gives the same text. Default 0. */
  seed?: number;
}

function checkGenerate(o: GenerateOptions): Required<Omit<GenerateOptions, 'prompt'>> {
  const { length, temperature = 1, topK = 0, seed = 0 } = o;
  if (!Number.isInteger(length) || length < 1) throw new Error(`generate: length must be a positive integer, got ${length}`);
  if (!(temperature >= 0) || !Number.isFinite(temperature)) throw new Error(`generate: temperature must be >= 0 (0 is greedy), got ${temperature}`);
  if (!Number.isInteger(topK) || topK < 0) throw new Error(`generate: topK must be a non-negative integer (0 = no limit), got ${topK}`);
  return { length, temperature, topK, seed };
}

/** Generate `length` tokens after the prompt (the prompt is not repeated; `<eos>` marks line ends). */
export function generate(m: LanguageModel, vocab: Vocabulary, o: GenerateOptions): string[] {
  checkVocab(m, vocab);
  const { length, temperature, topK, seed } = checkGenerate(o);
  const rng = createRng(seed);
  const r = reader(m);
  try {
    let logits = r.read(contextIds(vocab, (o.prompt ?? '').split(/\s+/).filter(Boolean)));
    const out: string[] = [];
    for (let i = 0; i < length; i++) {
      const id = sampleIndex(nextTokenDistribution(logits, temperature, topK), rng);
      out.push(vocab.tokens[id]);
      if (i + 1 < length) logits = r.read([id]);
    }
    return out;
  } finally {
    r.dispose();
  }
}

/** {@link generate} reading the model's outputs asynchronously: the same words; for webgpu and responsive pages. */
export async function generateAsync(m: LanguageModel, vocab: Vocabulary, o: GenerateOptions): Promise<string[]> {
  checkVocab(m, vocab);
  const { length, temperature, topK, seed } = checkGenerate(o);
  const rng = createRng(seed);
  const r = asyncReader(m);
  try {
    let logits = await r.read(contextIds(vocab, (o.prompt ?? '').split(/\s+/).filter(Boolean)));
    const out: string[] = [];
    for (let i = 0; i < length; i++) {
      const id = sampleIndex(nextTokenDistribution(logits, temperature, topK), rng);
      out.push(vocab.tokens[id]);
      if (i + 1 < length) logits = await r.read([id]);
    }
    return out;
  } finally {
    r.dispose();
  }
}

function topWords(vocab: Vocabulary, logits: Float32Array, topK: number): { word: string; probability: number }[] {
  const p = nextTokenDistribution(logits, 1, 0);
  return topIndices(p, Math.min(topK, p.length)).map((i) => ({ word: vocab.tokens[i], probability: p[i] }));
}

function checkTopK(topK: number): void {
  if (!Number.isInteger(topK) || topK < 1) throw new Error(`predictNext: topK must be a positive integer, got ${topK}`);
}

/** The `topK` most likely next tokens after `words`, with their probabilities (most likely first). */
export function predictNext(m: LanguageModel, vocab: Vocabulary, words: string[], topK: number): { word: string; probability: number }[] {
  checkVocab(m, vocab);
  checkTopK(topK);
  const r = reader(m);
  try {
    return topWords(vocab, r.read(contextIds(vocab, words)), topK);
  } finally {
    r.dispose();
  }
}

/** {@link predictNext} reading the model's output asynchronously: the same words and probabilities; for webgpu. */
export async function predictNextAsync(m: LanguageModel, vocab: Vocabulary, words: string[], topK: number): Promise<{ word: string; probability: number }[]> {
  checkVocab(m, vocab);
  checkTopK(topK);
  const r = asyncReader(m);
  try {
    return topWords(vocab, await r.read(contextIds(vocab, words)), topK);
  } finally {
    r.dispose();
  }
}
