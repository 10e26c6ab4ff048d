import type { Vocabulary } from './vocabulary';

/** The three splits, in order. */
export const SPLITS = ['train', 'valid', 'test'] as const;
export type SplitName = (typeof SPLITS)[number];

/** Token ids of the three splits. */
export interface CorpusSplits {
  train: Int32Array;
  valid: Int32Array;
  test: Int32Array;
}

/** A corpus encoded with a vocabulary built from its training split. */
export interface EncodedCorpus extends CorpusSplits {
  name: string;
  vocab: Vocabulary;
  /** Where each split came from (file paths, or a description), for error messages. */
  sources?: Record<SplitName, string>;
}
