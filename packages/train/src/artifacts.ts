import * as tf from '@tensorflow/tfjs-core';
import { manifestBytes } from '@rrnn/core';
import { validateModelConfig, type ModelConfig } from './config';
import { createLanguageModel, disposeLanguageModel, modelParameters, type LanguageModel } from './model';
import { quantizeWeightData, type Quantization } from './quantize';

/** Value of `model.json`'s `format` field for rrnn language models. */
export const MODEL_FORMAT = 'rrnn-lm';

/** The tfjs-format `model.json` of an rrnn language model; weights live in `weights.bin`. */
export interface ModelJson {
  format: typeof MODEL_FORMAT;
  generatedBy: string;
  convertedBy: null;
  /** The model configuration (stands in for a layers topology). */
  modelTopology: ModelConfig;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/** Name of the weight file referenced by `model.json`. */
export const WEIGHTS_FILE = 'weights.bin';

/**
 * Encode a model as tfjs artifacts: `model.json` content and the weight bytes (browser-safe); with
 * `quantize`, the weights are stored as float16 or uint8 (see {@link quantizeWeightData}).
 */
export async function modelToArtifacts(m: LanguageModel, o: { quantize?: Quantization } = {}): Promise<{ modelJson: ModelJson; weightData: ArrayBuffer }> {
  const encoded = await tf.io.encodeWeights(modelParameters(m));
  const { data, specs } = o.quantize ? quantizeWeightData(encoded.data, encoded.specs, o.quantize) : encoded;
  return {
    modelJson: {
      format: MODEL_FORMAT,
      generatedBy: '@rrnn/train',
      convertedBy: null,
      modelTopology: structuredClone(m.config),
      weightsManifest: [{ paths: [WEIGHTS_FILE], weights: specs }],
    },
    weightData: data,
  };
}

/**
 * Rebuild a model from `model.json` (parsed object or text) and the bytes of
 * `weights.bin` (quantized weights are dequantized). Browser-safe: use it with `fetch` in a web page.
 */
export function loadModelFromArtifacts(modelJson: ModelJson | string, weightData: ArrayBuffer | Uint8Array): LanguageModel {
  const json: ModelJson = typeof modelJson === 'string' ? JSON.parse(modelJson) : modelJson;
  if (json?.format !== MODEL_FORMAT) {
    throw new Error(`model.json: format must be "${MODEL_FORMAT}", got ${JSON.stringify(json?.format)}; is this an rrnn language model?`);
  }
  validateModelConfig(json.modelTopology);
  const specs = (json.weightsManifest ?? []).flatMap((g) => g.weights);
  const buffer = weightData instanceof Uint8Array
    ? (weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength) as ArrayBuffer)
    : weightData;
  const expected = manifestBytes(specs);
  if (buffer.byteLength !== expected) {
    throw new Error(`weights.bin: expected ${expected} bytes for the weights listed in model.json, got ${buffer.byteLength}; the file is truncated or belongs to another model`);
  }
  const named = tf.io.decodeWeights(buffer, specs);
  const m = createLanguageModel(json.modelTopology);
  try {
    assignNamed(modelParameters(m), named, 'weights.bin');
  } catch (e) {
    disposeLanguageModel(m);
    throw e;
  } finally {
    for (const t of Object.values(named)) t.dispose();
  }
  return m;
}

/** Copy named tensors into variables of the same names and shapes; errors name the missing or mismatched weight. */
export function assignNamed(vars: Record<string, tf.Variable>, named: tf.NamedTensorMap, source: string): void {
  for (const [k, v] of Object.entries(vars)) {
    const t = named[k];
    if (!t) throw new Error(`${source}: missing weight "${k}"`);
    if (t.shape.join() !== v.shape.join()) {
      throw new Error(`${source}: weight "${k}" has shape [${t.shape}], the model needs [${v.shape}]`);
    }
    v.assign(t);
  }
}
