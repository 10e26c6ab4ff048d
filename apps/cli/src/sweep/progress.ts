import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainConfig } from '@rrnn/train';
import { RUN_FILES } from '../training/run-dir.js';

/** Where a run stands, read from its events.jsonl (finished or still training). */
export interface RunProgress {
  /** Validation perplexity after each finished epoch, epoch 0 first. */
  validCurve: number[];
  /** Mean training perplexity of each finished epoch. */
  trainCurve: number[];
  /** Steps trained so far. */
  steps: number;
  /** Median training speed over the reported steps (tokens/s), null before the first report. */
  tokensPerSecond: number | null;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? null : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * The learning curve and speed of the run in `runDir`, undefined when it has no events yet. A resumed
 * run appends to the same log; an epoch reported twice (trained again after an interruption) counts once,
 * its last report.
 */
export function readProgress(runDir: string): RunProgress | undefined {
  const path = join(runDir, RUN_FILES.events);
  if (!existsSync(path)) return undefined;
  const epochs = new Map<number, { valid: number; train: number }>();
  const speeds: number[] = [];
  let steps = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    let e: { type?: string; epoch?: number; step?: number; validPerplexity?: number; trainLoss?: number; tokensPerSecond?: number };
    try {
      e = JSON.parse(line);
    } catch {
      continue; // a line cut by a kill mid-write
    }
    if (e.type === 'epoch' && typeof e.epoch === 'number') epochs.set(e.epoch, { valid: Number(e.validPerplexity), train: Math.exp(Number(e.trainLoss)) });
    if (e.type === 'step') {
      steps = Math.max(steps, e.step ?? 0);
      if (typeof e.tokensPerSecond === 'number' && Number.isFinite(e.tokensPerSecond)) speeds.push(e.tokensPerSecond);
    }
  }
  const order = [...epochs.keys()].sort((a, b) => a - b);
  return {
    validCurve: order.map((k) => epochs.get(k)!.valid),
    trainCurve: order.map((k) => epochs.get(k)!.train),
    steps,
    tokensPerSecond: median(speeds),
  };
}

/** The paper's parameter counts of a configuration, for a run that has no result yet (core is loaded on demand). */
export async function parameterCounter(): Promise<(config: Omit<TrainConfig['model'], 'vocabSize'>, vocabSize: number) => { rnnParameters: number; total: number }> {
  const core = await import('@rrnn/core');
  return (m, vocabSize) => {
    const c = core.languageModelParameterCount({
      cell: m.cell, vocabSize, embeddingSize: m.embeddingSize, hiddenSize: m.hiddenSize, numLayers: m.numLayers, sharingRates: m.sharingRates, tied: m.tied,
    });
    return { rnnParameters: c.rnnParameters, total: c.total };
  };
}
