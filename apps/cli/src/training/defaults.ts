import type { Values } from '../framework/command.js';
import type { BaseConfig } from './config.js';
import type { loopOptions, modelOptions } from './options.js';

/**
 * The model and loop flags that would reproduce `base`: what `rrnn train
 * --help` shows as each option's default (the inverse of `trainConfigFrom`).
 */
export function flagDefaults(base: BaseConfig): Partial<Values<typeof modelOptions & typeof loopOptions>> {
  const m = base.model;
  const uniform = m.sharingRates.every((r) => r === m.sharingRates[0]);
  return {
    cell: m.cell, ...(uniform ? { rate: m.sharingRates[0] } : { rates: m.sharingRates as [number, ...number[]] }),
    embedding: m.embeddingSize, hidden: m.hiddenSize, layers: m.numLayers, tied: m.tied, dropout: m.dropout,
    dropoutPlacement: m.dropoutPlacement,
    recipe: 'default', variant: 'td',
    epochs: base.epochs, batch: base.batchSize, bptt: base.bptt, lr: base.lr, optimizer: base.optimizer,
    momentum: base.momentum, nesterov: base.nesterov, init: base.init, schedule: base.schedule,
    weightDecay: base.weightDecay, clip: base.clip, seed: base.seed, evalBatch: base.evalBatchSize, logEvery: base.logEvery,
  };
}

/** `rrnn train --help`'s defaults: those of the default run (@rrnn/train DEFAULT_CONFIG). */
export async function defaultRunFlags(): Promise<Record<string, unknown>> {
  const { DEFAULT_CONFIG } = await import('@rrnn/train');
  return flagDefaults(DEFAULT_CONFIG);
}
