/**
 * What the demos must show, computed in Node on the cpu backend from the same code and files:
 * the training demo's first losses (both models) and the prediction demo's top words.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { useBackend } from '@rrnn/backend';
import { vocabularyFromJSON } from '@rrnn/data';
import { predictNextAsync } from '@rrnn/eval';
import { disposeLanguageModel } from '@rrnn/train';
import { fromLayersModel } from '@rrnn/train/layers';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { promptWords } from '../.vitepress/theme/lib/exported-model';
import { createRun, disposeRun, sampleCorpus, stepRun } from '../.vitepress/theme/lib/trainer';
import { DOCS } from './site';

/** The first `steps` training losses of the demo's runs at r = 0 and r = 0.5, on cpu. */
export async function cpuFirstLosses(steps: number): Promise<Record<'0' | '0.5', number[]>> {
  await useBackend('cpu');
  const corpus = sampleCorpus(readFileSync(resolve(DOCS, 'public/data/brown-sample.txt'), 'utf8'));
  const out: Record<string, number[]> = {};
  for (const rate of [0, 0.5]) {
    const run = createRun(`r=${rate}`, corpus, rate);
    for (let k = 0; k < steps; k++) await stepRun(run);
    out[String(rate)] = run.losses.slice();
    disposeRun(run);
  }
  return out as Record<'0' | '0.5', number[]>;
}

/** The prediction demo model's top `k` next words after `context`, on cpu. */
export async function cpuTopWords(context: string, k: number): Promise<{ word: string; probability: number }[]> {
  await useBackend('cpu');
  const dir = resolve(DOCS, 'public/models/brown-lstm');
  // the standard tfjs LayersModel export, read as the page reads it (file:// is @rrnn/backend's handler)
  const layers = await loadLayersModel(`file://${resolve(dir, 'model.json')}`);
  const model = await fromLayersModel(layers);
  layers.dispose();
  const vocab = vocabularyFromJSON(readFileSync(resolve(dir, 'vocab.json'), 'utf8'), 'vocab.json');
  const lowercase = vocab.tokens.every((t) => t === t.toLowerCase());
  try {
    return await predictNextAsync(model, vocab, promptWords(context, lowercase), k);
  } finally {
    disposeLanguageModel(model);
  }
}
