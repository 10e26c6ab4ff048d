/**
 * Loads a model folder written by `rrnn export <run> <dir> --format layers` over HTTP: `model.json` +
 * `weights.bin` are a standard TensorFlow.js LayersModel (Embedding -> RestrictedRNN x L -> Dense),
 * read by `tf.loadLayersModel` like any tfjs model (importing `@rrnn/train/layers` registers
 * RestrictedRNN) and turned back into rrnn's language model (`fromLayersModel`) for @rrnn/eval's
 * stateful prediction and generation; `vocab.json` is @rrnn/data's vocabulary, `meta.json` the
 * export's facts (corpus, weight format and bytes, test perplexity; optional).
 */
import { vocabularyFromJSON, type Vocabulary } from '@rrnn/data';
import type { LanguageModel } from '@rrnn/train';

export interface ExportMeta {
  format?: string;
  corpus?: unknown;
  /** float32, float16 or uint8: how weights.bin stores the weights. */
  quantization?: string;
  weightBytes?: number;
  /** Of the model as stored (quantized when `quantization` says so). */
  testPerplexity?: number;
  float32TestPerplexity?: number;
}

export interface ExportedModel {
  /** rrnn's language model rebuilt from the LayersModel; its `config` says cell, sizes and rates. */
  model: LanguageModel;
  vocab: Vocabulary;
  meta: ExportMeta | null;
  /** True when every vocabulary word is lower case (then the demo lower-cases what you type). */
  lowercase: boolean;
}

async function fetchOk(url: string): Promise<Response> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not fetch ${url} (${res.status} ${res.statusText}); is the model exported there?`);
  return res;
}

/** `folder` is the URL of the exported folder, ending in '/'. */
export async function loadExportedModel(folder: string): Promise<ExportedModel> {
  // tfjs-layers is loaded only by the pages that show an exported model
  const [{ loadLayersModel }, { fromLayersModel }] = await Promise.all([import('@tensorflow/tfjs-layers'), import('@rrnn/train/layers')]);
  const [layersModel, vocabText, meta] = await Promise.all([
    loadLayersModel(folder + 'model.json'),
    fetchOk(folder + 'vocab.json').then((r) => r.text()),
    fetch(folder + 'meta.json').then((r) => (r.ok ? (r.json() as Promise<ExportMeta>) : null)).catch(() => null),
  ]);
  let model: LanguageModel;
  try {
    model = await fromLayersModel(layersModel);
  } finally {
    layersModel.dispose();
  }
  const vocab = vocabularyFromJSON(vocabText, folder + 'vocab.json');
  if (vocab.tokens.length !== model.config.vocabSize) throw new Error(`${folder}vocab.json has ${vocab.tokens.length} words but the model reads ${model.config.vocabSize}: export the folder again`);
  const lowercase = vocab.tokens.every((t) => t === t.toLowerCase());
  return { model, vocab, meta, lowercase };
}

/** What the user typed -> words the model knows how to read. */
export function promptWords(text: string, lowercase: boolean): string[] {
  return (lowercase ? text.toLowerCase() : text).split(/\s+/).filter(Boolean);
}
