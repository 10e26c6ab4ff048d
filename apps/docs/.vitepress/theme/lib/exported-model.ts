/**
 * Loads a model folder written by `rrnn export <run> <dir>` over HTTP: `model.json` + `weights.bin`
 * (tfjs format, rebuilt by @rrnn/train's `loadModelFromArtifacts`), `vocab.json` (@rrnn/data's
 * `vocabularyFromJSON`), `config.json` (the run's training config) and `meta.json` (corpus, test
 * perplexity, parameter counts; optional).
 */
import { vocabularyFromJSON, type Vocabulary } from '@rrnn/data';
import { loadModelFromArtifacts, type LanguageModel, type TrainConfig } from '@rrnn/train';

export interface ExportMeta {
  format?: string;
  corpus?: unknown;
  testPerplexity?: number;
  parameters?: { rnnParameters?: number; total?: number };
}

export interface ExportedModel {
  model: LanguageModel;
  vocab: Vocabulary;
  config: TrainConfig;
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
  const [modelJson, weights, vocabText, config, meta] = await Promise.all([
    fetchOk(folder + 'model.json').then((r) => r.text()),
    fetchOk(folder + 'weights.bin').then((r) => r.arrayBuffer()),
    fetchOk(folder + 'vocab.json').then((r) => r.text()),
    fetchOk(folder + 'config.json').then((r) => r.json() as Promise<TrainConfig>),
    fetch(folder + 'meta.json').then((r) => (r.ok ? (r.json() as Promise<ExportMeta>) : null)).catch(() => null),
  ]);
  const vocab = vocabularyFromJSON(vocabText, folder + 'vocab.json');
  const model = loadModelFromArtifacts(modelJson, weights);
  const lowercase = vocab.tokens.every((t) => t === t.toLowerCase());
  return { model, vocab, config, meta, lowercase };
}

/** What the user typed -> words the model knows how to read. */
export function promptWords(text: string, lowercase: boolean): string[] {
  return (lowercase ? text.toLowerCase() : text).split(/\s+/).filter(Boolean);
}
