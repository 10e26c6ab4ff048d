import * as tf from '@tensorflow/tfjs-core';
import { vocabularyFromTokens, type EncodedCorpus } from '@rrnn/data';
import {
  crossEntropy, disposeState, initialState, modelForward, modelLoss, modelParameters, type LanguageModel, type ModelConfig, type TrainConfig,
} from '../src';

/**
 * A small synthetic corpus with learnable structure: sentences drawn from a
 * few templates, so a tiny model's loss falls fast. Deterministic.
 */
export function tinyCorpus(tokens = 3000): EncodedCorpus {
  const words = ['<unk>', '<eos>', 'the', 'cat', 'dog', 'sat', 'ran', 'on', 'mat', 'a', 'big', 'small'];
  const vocab = vocabularyFromTokens(words);
  const templates = [
    [2, 3, 5, 7, 2, 8, 1],
    [9, 10, 4, 6, 1],
    [2, 11, 3, 6, 7, 9, 8, 1],
  ];
  const make = (n: number, offset: number) => {
    const ids = new Int32Array(n);
    let s = offset;
    for (let i = 0; i < n; ) {
      const t = templates[(s * 7 + 3) % templates.length];
      for (const id of t) if (i < n) ids[i++] = id;
      s++;
    }
    return ids;
  };
  return { name: 'tiny', vocab, train: make(tokens, 0), valid: make(600, 1), test: make(600, 2) };
}

/** A tiny model configuration for the tiny corpus. */
export function tinyModel(o: Partial<ModelConfig> = {}): ModelConfig {
  return { cell: 'lstm', vocabSize: 12, embeddingSize: 8, hiddenSize: 10, numLayers: 2, sharingRates: [0.5, 0.5], tied: true, dropout: 0.2, ...o };
}

/** A fast training configuration for tests. */
export function tinyTrain(o: Partial<TrainConfig> = {}): TrainConfig {
  return {
    model: tinyModel(),
    epochs: 2, batchSize: 4, bptt: 10, lr: 1, optimizer: 'sgd', weightDecay: 1e-6, clip: 0.25, schedule: 'cosine',
    seed: 0, evalBatchSize: 2, logEvery: 1,
    ...o,
  };
}

/**
 * One training-mode loss and its gradient w.r.t. every parameter of `m`, through the fused
 * `modelLoss` (`fused`) or `crossEntropy(modelForward(...))`, from a zero state with dropout seed
 * `seed`. Returns plain arrays (with the last layer's final `h`); makes no lasting tensors.
 */
export function lossAndGradients(
  m: LanguageModel, x: tf.Tensor2D, y: tf.Tensor2D, fused: boolean, seed: number,
): { value: number; lastH: Float32Array; grads: Float32Array[] } {
  const vars = Object.values(modelParameters(m));
  let lastH = new Float32Array();
  const { value, grads } = tf.variableGrads(() => {
    const s = initialState(m, x.shape[0]);
    const o = { training: true, seed };
    const { loss, state } = fused ? modelLoss(m, x, y, s, o) : (() => {
      const out = modelForward(m, x, s, o);
      return { loss: crossEntropy(out.logits, y), state: out.state };
    })();
    lastH = (state.h[state.h.length - 1].dataSync() as Float32Array).slice();
    disposeState(s);
    return loss;
  }, vars);
  const out = { value: value.dataSync()[0], lastH, grads: vars.map((v) => grads[v.name].dataSync().slice() as Float32Array) };
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}
