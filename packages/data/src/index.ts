/**
 * @packageDocumentation Corpora, tokenizers, vocabularies and batching for
 * language modelling. This entry is browser-safe (no Node built-ins); the file
 * system readers live behind `@rrnn/data/node`.
 */
export { UNK, EOS, type Vocabulary, type VocabularyOptions, buildVocabulary, vocabularyFromTokens, encode, decode } from './vocabulary';
export { vocabularyToJSON, vocabularyFromJSON, VOCABULARY_FORMAT } from './vocabulary-json';
export { type TokenLevel, type TokenizeOptions, WHITESPACE, isSpace, splitWords, wordTokens, charTokens, tokenizer } from './tokenize';
export { type Batched, type Window, batchify, bpttWindows, scoredTokens, streamSteps, variableLength, MAX_SEQ_LEN_DELTA } from './batching';
export { unigramPerplexity } from './perplexity';
export { type Rng, createRng, nextUint32, nextFloat, mulberry32, normal } from './random';
export { type CorpusSplits, type EncodedCorpus, type SplitName, SPLITS } from './corpus';
export { type IdBuffer, idBuffer, pushId, idsOf } from './id-buffer';
export { type TokenTable, tokenTable, hashString, internRange, internString, lookupString, internTokens, internWords, countIds, remapIds } from './token-table';
export { type ProvisionalCorpus, finishCorpus, encodeTextCorpus } from './encode-text';
export { type LineInterner, lineInterner } from './line-interner';
