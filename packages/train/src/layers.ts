/**
 * `@rrnn/train/layers`: a trained language model as a standard tfjs LayersModel
 * (Embedding -> RestrictedRNN x L -> Dense with softmax), which any tfjs app loads with
 * `tf.loadLayersModel` once `@rrnn/core/layers` is imported (it registers RestrictedRNN).
 * Needs the optional peer `@tensorflow/tfjs-layers`.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { RestrictedRNN } from '@rrnn/core/layers';
import { lastHiddenSize, type LanguageModel } from './model';

/**
 * The LayersModel computing `m`'s next-word probabilities: int32 ids `[batch, steps]` in,
 * `[batch, steps, vocab]` softmax out, each sequence from a zero state. Weights are copied (the tied
 * decoder gets the embedding's transpose); the result owns its weights and is independent of `m`.
 */
export function toLayersModel(m: LanguageModel): tfl.LayersModel {
  const { config } = m;
  const spec = m.stack.spec;
  const model = tfl.sequential({ name: 'rrnn_language_model' });
  model.add(tfl.layers.embedding({ inputDim: config.vocabSize, outputDim: config.embeddingSize, inputShape: [null] as unknown as number[], name: 'embedding' }));
  spec.layers.forEach((l, i) => {
    model.add(new RestrictedRNN({ units: l.hiddenSize, cell: spec.cell, sharingRate: l.sharingRate, returnSequences: true, name: `restricted_${spec.cell}_${i}` }));
  });
  model.add(tfl.layers.dense({ units: config.vocabSize, activation: 'softmax', name: 'decoder' }));
  const decoder = m.decoderWeight ?? m.embedding; // [vocab, lastHidden]
  const weights = tf.tidy(() => [
    m.embedding,
    ...m.stack.layers.flatMap((l) => [l.pool, l.bias]),
    tf.transpose(decoder), // Dense kernel [lastHidden, vocab]
    m.decoderBias,
  ].map((t) => tf.clone(t)));
  if (weights[weights.length - 2].shape[0] !== lastHiddenSize(config)) throw new Error('toLayersModel: decoder input size does not match the last layer');
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}
