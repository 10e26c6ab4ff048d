/**
 * `@rrnn/train/layers`: a trained language model as a standard tfjs LayersModel
 * (Embedding -> RestrictedRNN x L -> Dense with softmax), which any tfjs app loads with
 * `tf.loadLayersModel` once `@rrnn/core/layers` is imported (it registers RestrictedRNN),
 * and back (`fromLayersModel`), so a page that loads that standard format can still use
 * @rrnn/eval's stateful prediction and generation. Needs the optional peer `@tensorflow/tfjs-layers`.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { RestrictedRNN } from '@rrnn/core/layers';
import { validateModelConfig, type ModelConfig } from './config';
import { createLanguageModel, lastHiddenSize, modelStackSpec, type LanguageModel } from './model';

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

/**
 * The language model inside a LayersModel made by {@link toLayersModel} (e.g. read back with
 * `tf.loadLayersModel` from an `rrnn export --format layers` folder): its sizes and rates come
 * from the layers, its weights are copied (the result is independent of `model`). The export
 * stores a tied decoder as a copy of the embedding; when the Dense kernel is exactly the
 * embedding's transpose the model is tied again (one matrix, the paper's parameter count).
 * Anything but Embedding -> RestrictedRNN x L (same cell, returnSequences) -> Dense softmax is refused.
 * Asynchronous: it reads tensor data the way every backend allows (webgpu has no synchronous reads).
 */
export async function fromLayersModel(model: tfl.LayersModel): Promise<LanguageModel> {
  const layers = model.layers;
  const [embedding, decoder] = [layers[0], layers[layers.length - 1]];
  const recurrent = layers.slice(1, -1);
  const shape = `${layers.map((l) => l.getClassName()).join(' -> ')}`;
  if (embedding?.getClassName() !== 'Embedding' || decoder?.getClassName() !== 'Dense' || recurrent.length === 0 || !recurrent.every((l) => l instanceof RestrictedRNN)) {
    throw new Error(`fromLayersModel: expected Embedding -> RestrictedRNN x L -> Dense (what toLayersModel and rrnn export --format layers write), got ${shape}`);
  }
  const rnns = recurrent as RestrictedRNN[];
  const cell = rnns[0].cell;
  if (rnns.some((l) => l.cell !== cell || !l.returnSequences || l.goBackwards)) {
    throw new Error(`fromLayersModel: every RestrictedRNN layer must have the same cell, returnSequences true and goBackwards false (got ${rnns.map((l) => `${l.cell}${l.goBackwards ? ' backwards' : ''}`).join(', ')})`);
  }
  const [embeddingW] = embedding.getWeights(); // [vocab, embedding]
  const [kernel, bias] = decoder.getWeights(); // [lastHidden, vocab], [vocab]
  const [vocabSize, embeddingSize] = embeddingW.shape;
  // an asynchronous read: the only kind webgpu allows
  const same = kernel.shape[0] === embeddingSize ? tf.tidy(() => tf.all(tf.equal(kernel, tf.transpose(embeddingW)))) : null;
  const tied = same !== null && (await same.data())[0] === 1;
  same?.dispose();
  const config: ModelConfig = {
    cell, vocabSize, embeddingSize,
    hiddenSize: rnns[0].units, numLayers: rnns.length,
    sharingRates: rnns.map((l) => l.sharingRate), tied, dropout: 0,
  };
  validateModelConfig(config);
  const want = modelStackSpec(config).layers.map((l) => l.hiddenSize);
  if (rnns.some((l, i) => l.units !== want[i]) || kernel.shape[0] !== want[want.length - 1]) {
    throw new Error(`fromLayersModel: the recurrent layers' units (${rnns.map((l) => l.units).join(', ')}) and the decoder's input (${kernel.shape[0]}) do not form a ${tied ? 'tied' : 'untied'} language model (want ${want.join(', ')})`);
  }
  const m = createLanguageModel(config);
  m.embedding.assign(embeddingW);
  rnns.forEach((l, i) => {
    const [pool, b] = l.getWeights();
    m.stack.layers[i].pool.assign(pool);
    m.stack.layers[i].bias.assign(b);
  });
  if (m.decoderWeight) {
    const decoderW = tf.transpose(kernel); // [vocab, lastHidden]
    m.decoderWeight.assign(decoderW);
    decoderW.dispose();
  }
  m.decoderBias.assign(bias);
  return m;
}
