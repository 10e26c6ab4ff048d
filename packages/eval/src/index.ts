/**
 * @packageDocumentation Perplexity, compression reports, generation and next-word prediction
 * for restricted language models trained with `@rrnn/train`.
 */
export { type PerplexityOptions, type SplitEvaluation, perplexity, evaluateSplit } from './perplexity';
export { type CompressionReport, compressionReport } from './compression';
export { type GenerateOptions, generate, generateAsync, predictNext, predictNextAsync } from './generate';
export { nextTokenDistribution, topIndices, sampleIndex } from './sampling';
