/** @packageDocumentation Perplexity, compression reports, generation, sweeps and charts for restricted language models. */
export const PACKAGE = '@rrnn/eval';
