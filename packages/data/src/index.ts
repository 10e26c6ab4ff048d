/** @packageDocumentation Corpora, tokenizers, vocabularies and batching for language modelling. */
export const PACKAGE = '@rrnn/data';
