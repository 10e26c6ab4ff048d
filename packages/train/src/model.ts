import * as tf from '@tensorflow/tfjs-core';
import {
  disposeStackWeights,
  initStackWeights,
  matMulPlain,
  dropout,
  decoderCrossEntropy,
  stackForward,
  stackSpec,
  zeroState,
  type StackState,
  type StackWeights,
} from '@rrnn/core';
import { validateModelConfig, type InitName, type ModelConfig } from './config';

/**
 * The paper's language model:
 *
 *   x_t    = dropout(E[w_t])                        E: [vocab, embedding]
 *   h_t    = restricted stack (L layers, dropout between them)
 *   logits = dropout(h_t) . Dᵀ + b                  D = E when tied, else [vocab, lastHidden]
 *
 * When tied, the last layer has `embeddingSize` units so that h_t and E match.
 * With `dropoutPlacement: 'between'` (the reference's) only the dropout between
 * recurrent layers applies.
 */
export interface LanguageModel {
  config: ModelConfig;
  /** [vocab, embedding] */
  embedding: tf.Variable;
  stack: StackWeights;
  /** [vocab, lastHidden]; null when tied to the embedding. */
  decoderWeight: tf.Variable | null;
  /** [vocab] */
  decoderBias: tf.Variable;
}

/** Uniform initial range of the embedding and decoder weights under `init: 'uniform'` (as PyTorch's word_language_model). */
export const INIT_RANGE = 0.1;

/** The stack layout of a model configuration. */
export function modelStackSpec(config: ModelConfig) {
  return stackSpec({
    cell: config.cell,
    inputSize: config.embeddingSize,
    hiddenSize: config.hiddenSize,
    numLayers: config.numLayers,
    sharingRates: config.sharingRates,
    outputSize: config.tied ? config.embeddingSize : undefined,
  });
}

/** Hidden size of the last layer (the decoder's input). */
export function lastHiddenSize(config: ModelConfig): number {
  return config.tied ? config.embeddingSize : config.hiddenSize;
}

let nextModelId = 0;

/**
 * A freshly initialised model. The recurrent pools and biases are drawn as core
 * draws them (U(-1/sqrt(K), 1/sqrt(K))); the rest depends on `init`:
 * - `'uniform'` (default): embedding and untied decoder U(-0.1, 0.1), decoder bias 0;
 * - `'reference'`: embedding N(0, 1), decoder weight and bias U(-1/sqrt(H), 1/sqrt(H)),
 *   H the last hidden size (PyTorch's defaults, which the paper's code trains from).
 */
export function createLanguageModel(config: ModelConfig, seed = 0, o: { init?: InitName } = {}): LanguageModel {
  validateModelConfig(config);
  const init = o.init ?? 'uniform';
  if (init !== 'uniform' && init !== 'reference') throw new Error(`createLanguageModel: init must be uniform or reference, got "${String(init)}"`);
  const { vocabSize: V, embeddingSize: E } = config;
  const H = lastHiddenSize(config);
  const id = `lm${nextModelId++}`; // tfjs variable names must be unique per engine
  let stack!: StackWeights;
  tf.tidy(() => void (stack = initStackWeights(modelStackSpec(config), { seed, name: `${id}/stack` })));
  const a = init === 'reference' ? 1 / Math.sqrt(H) : INIT_RANGE;
  const uniform = (shape: number[], s: number) => tf.randomUniform(shape, -a, a, 'float32', s);
  // Variables are not tracked by tf.tidy, their initial values are: nothing leaks.
  const embedding = tf.tidy(() =>
    tf.variable(init === 'reference' ? tf.randomNormal([V, E], 0, 1, 'float32', seed + 101) : uniform([V, E], seed + 101), true, `${id}/embedding`));
  const decoderWeight = config.tied ? null : tf.tidy(() => tf.variable(uniform([V, H], seed + 102), true, `${id}/decoder/weight`));
  const decoderBias = tf.tidy(() => tf.variable(init === 'reference' ? uniform([V], seed + 103) : tf.zeros([V]), true, `${id}/decoder/bias`));
  return { config: structuredClone(config), embedding, stack, decoderWeight, decoderBias };
}

/** Every trainable variable by a stable name: embedding, layer{l}/pool, layer{l}/bias, decoder/weight, decoder/bias. */
export function modelParameters(m: LanguageModel): Record<string, tf.Variable> {
  const p: Record<string, tf.Variable> = { embedding: m.embedding };
  m.stack.layers.forEach((layer, l) => {
    p[`layer${l}/pool`] = layer.pool;
    p[`layer${l}/bias`] = layer.bias;
  });
  if (m.decoderWeight) p['decoder/weight'] = m.decoderWeight;
  p['decoder/bias'] = m.decoderBias;
  return p;
}

/** Dispose every variable of the model. */
export function disposeLanguageModel(m: LanguageModel): void {
  m.embedding.dispose();
  m.decoderWeight?.dispose();
  m.decoderBias.dispose();
  disposeStackWeights(m.stack);
}

/** Zero hidden (and cell) state for `batch` streams. */
export function initialState(m: LanguageModel, batch: number): StackState {
  return zeroState(m.stack.spec, batch);
}

/** The decoder's input: the last layer's output at every position, flattened to [batch*steps, lastHidden], and the final state. */
function modelHidden(
  m: LanguageModel,
  inputs: tf.Tensor2D,
  state: StackState,
  o: { training?: boolean; seed?: number },
  caller: string,
): { flat: tf.Tensor2D; state: StackState } {
  const { config } = m;
  if (inputs.rank !== 2) throw new Error(`${caller}: inputs must be int32 [batch, steps], got shape [${inputs.shape}]`);
  if (inputs.dtype !== 'int32') throw new Error(`${caller}: inputs must be int32 token ids, got ${inputs.dtype}`);
  const [batch, steps] = inputs.shape;
  const training = o.training ?? false;
  const rate = training ? config.dropout : 0;
  const seed = o.seed;
  const outer = (config.dropoutPlacement ?? 'all') === 'all'; // embedding and decoder input too, not only between layers
  const drop = <T extends tf.Tensor>(x: T, k: number): T =>
    rate > 0 && outer ? dropout(x, rate, seed === undefined ? undefined : seed + k) : x;

  const x = drop(tf.gather(m.embedding, inputs) as tf.Tensor3D, 0); // [batch, steps, E]
  const { outputs, final } = stackForward(m.stack, x, {
    initialState: state,
    training,
    dropout: rate,
    seed: seed === undefined ? undefined : seed + 1,
  });
  const h = drop(outputs, 2); // [batch, steps, lastHidden]
  return { flat: tf.reshape(h, [batch * steps, lastHiddenSize(config)]) as tf.Tensor2D, state: final };
}

/** The decoder weight `[vocab, lastHidden]`: the embedding when tied. */
const decoderOf = (m: LanguageModel): tf.Tensor2D => (m.decoderWeight ?? m.embedding) as tf.Tensor2D;

/**
 * Logits for every position of `inputs` (int32 [batch, steps]) and the final
 * state. With `training`, dropout is applied with masks drawn from `seed`
 * (seed, seed + 1, seed + 2 for embedding, stack and output). Makes no tensors
 * outside the caller's tidy except the returned ones.
 */
export function modelForward(
  m: LanguageModel,
  inputs: tf.Tensor2D,
  state: StackState,
  o: { training?: boolean; seed?: number } = {},
): { logits: tf.Tensor3D; state: StackState } {
  const [batch, steps] = inputs.shape;
  const { flat, state: final } = modelHidden(m, inputs, state, o, 'modelForward');
  const decoder = decoderOf(m);
  // flat · decoderᵀ without transpose flags (slow on wasm); core's matMulPlain reuses `decoder` as the known transpose.
  const logits = tf.add(matMulPlain(flat, tf.transpose(decoder) as tf.Tensor2D, { bT: decoder }), m.decoderBias); // [batch*steps, vocab]
  return { logits: tf.reshape(logits, [batch, steps, m.config.vocabSize]) as tf.Tensor3D, state: final };
}

/**
 * Mean cross-entropy per token of predicting `targets` (int32 [batch, steps]) from `inputs`, and the
 * final state: {@link modelForward} and the loss as one differentiable computation, whose output
 * layer and loss are core's fused `decoderCrossEntropy` (the logits never leave it). What training
 * differentiates; the same value as `crossEntropy(modelForward(...).logits, targets)`.
 */
export function modelLoss(
  m: LanguageModel,
  inputs: tf.Tensor2D,
  targets: tf.Tensor2D,
  state: StackState,
  o: { training?: boolean; seed?: number } = {},
): { loss: tf.Scalar; state: StackState } {
  if (targets.rank !== 2 || targets.shape[0] !== inputs.shape[0] || targets.shape[1] !== inputs.shape[1]) {
    throw new Error(`modelLoss: targets must have the inputs' shape [${inputs.shape}], got [${targets.shape}]`);
  }
  const { flat, state: final } = modelHidden(m, inputs, state, o, 'modelLoss');
  const loss = decoderCrossEntropy(flat, decoderOf(m), m.decoderBias as tf.Tensor1D, tf.reshape(targets, [-1]) as tf.Tensor1D);
  return { loss, state: final };
}
