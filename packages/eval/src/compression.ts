import { languageModelParameterCount, type CellType, type ParameterCounts } from '@rrnn/core';
import type { ModelConfig } from '@rrnn/train';

/**
 * How much a restricted model saves against the classic (r = 0) model of the
 * same sizes. "RNN parameters" are the paper's figure: recurrent layers plus
 * the decoder bias.
 */
export interface CompressionReport {
  cell: CellType;
  sharingRates: number[];
  /** This model's RNN parameters (recurrent + decoder bias). */
  rnnParameters: number;
  /** The classic model's RNN parameters. */
  baselineRnnParameters: number;
  /** rnnParameters / baselineRnnParameters: the fraction kept (1 for r = 0, lower is smaller). */
  compressionRate: number;
  /** 1 - compressionRate: the fraction of RNN parameters saved. */
  saved: number;
  /** Every parameter of this model, embedding included. */
  totalParameters: number;
  /** Every parameter of the classic model. */
  baselineTotalParameters: number;
  /** This model's perplexity, when given. */
  perplexity?: number;
  /** The classic model's perplexity, when given. */
  baselinePerplexity?: number;
  /** perplexity / baselinePerplexity, when both are given (below 1: the restricted model is better). */
  perplexityRatio?: number;
  /** Full counts of both models. */
  parameters: ParameterCounts;
  baselineParameters: ParameterCounts;
}

/** Compare a model configuration with its classic (r = 0) counterpart; add perplexities to compare quality too. */
export function compressionReport(config: ModelConfig, o: { perplexity?: number; baselinePerplexity?: number } = {}): CompressionReport {
  const sizes = {
    cell: config.cell, vocabSize: config.vocabSize, embeddingSize: config.embeddingSize, hiddenSize: config.hiddenSize,
    numLayers: config.numLayers, tied: config.tied,
  };
  const parameters = languageModelParameterCount({ ...sizes, sharingRates: config.sharingRates });
  const baselineParameters = languageModelParameterCount({ ...sizes, sharingRates: config.sharingRates.map(() => 0) });
  const compressionRate = parameters.rnnParameters / baselineParameters.rnnParameters;
  for (const [k, v] of Object.entries(o)) {
    if (v !== undefined && !(typeof v === 'number' && v >= 1)) throw new Error(`compressionReport: ${k} must be a perplexity (a number >= 1), got ${v}`);
  }
  return {
    cell: config.cell,
    sharingRates: [...config.sharingRates],
    rnnParameters: parameters.rnnParameters,
    baselineRnnParameters: baselineParameters.rnnParameters,
    compressionRate,
    saved: 1 - compressionRate,
    totalParameters: parameters.total,
    baselineTotalParameters: baselineParameters.total,
    ...(o.perplexity !== undefined ? { perplexity: o.perplexity } : {}),
    ...(o.baselinePerplexity !== undefined ? { baselinePerplexity: o.baselinePerplexity } : {}),
    ...(o.perplexity !== undefined && o.baselinePerplexity !== undefined ? { perplexityRatio: o.perplexity / o.baselinePerplexity } : {}),
    parameters,
    baselineParameters,
  };
}
