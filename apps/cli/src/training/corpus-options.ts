import { isAbsolute, resolve } from 'node:path';
import type { EncodedCorpus } from '@rrnn/data';
import type { Opt } from '../framework/command.js';
import { flag, posInt, text } from '../framework/values.js';

/** Corpora known by name; anything else is a path to a corpus folder or text file. */
export const NAMED_CORPORA = ['brown', 'ptb', 'wikitext2'] as const;

/**
 * The corpus of the default run (no `--corpus`): the embedded Brown corpus
 * with its 5,000 most frequent words (the rest `<unk>`). The softmax over all
 * 13,845 Brown words would be ~95% of the default model's FLOPs and make the
 * default run three times longer; `--corpus brown` keeps every word.
 */
export const DEFAULT_CORPUS = { corpus: 'brown', maxVocab: 5000 } as const;

/** Options that pick and read a corpus (shared by corpus, train, sweep). */
export const corpusOptions = {
  corpus: { kind: 'string', arg: '<name|path>', help: `brown, ptb, wikitext2, or a folder/text file (default: the embedded brown with its ${DEFAULT_CORPUS.maxVocab.toLocaleString('en-US')} most frequent words; --corpus brown keeps all)`, schema: text().optional() },
  dataDir: { kind: 'string', arg: '<dir>', help: 'the folder holding ptb/ and wikitext-2/, or the corpus folder itself (default: $RRNN_DATA_DIR, else ~/.cache/rrnn/data)', schema: text().optional() },
  lowercase: { kind: 'boolean', help: 'lower-case the text before building the vocabulary', schema: flag().optional() },
  minCount: { kind: 'string', arg: '<n>', help: 'words seen fewer than n times in train map to <unk>', schema: posInt().optional() },
  maxVocab: { kind: 'string', arg: '<n>', help: 'keep at most n words in the vocabulary (the rest map to <unk>)', schema: posInt().optional() },
} satisfies Record<string, Opt>;

/** How a run's corpus was chosen, saved in the run folder so eval and resume read the same data. */
export interface CorpusChoice {
  corpus: string;
  dataDir?: string;
  lowercase?: boolean;
  minCount?: number;
  maxVocab?: number;
}

/** Resolve paths against `cwd` so the choice still works from another folder. */
export function corpusChoice(o: { corpus?: string; dataDir?: string; lowercase?: boolean; minCount?: number; maxVocab?: number }, cwd: string): CorpusChoice {
  const name = o.corpus ?? DEFAULT_CORPUS.corpus;
  const isNamed = (NAMED_CORPORA as readonly string[]).includes(name.toLowerCase());
  const choice: CorpusChoice = { corpus: isNamed ? name.toLowerCase() : absolute(name, cwd) };
  // the default run's vocabulary cap, unless the vocabulary is chosen some other way
  if (o.corpus === undefined && o.maxVocab === undefined && o.minCount === undefined) choice.maxVocab = DEFAULT_CORPUS.maxVocab;
  if (o.dataDir !== undefined) choice.dataDir = absolute(o.dataDir, cwd);
  if (o.lowercase !== undefined) choice.lowercase = o.lowercase;
  if (o.minCount !== undefined) choice.minCount = o.minCount;
  if (o.maxVocab !== undefined) choice.maxVocab = o.maxVocab;
  return choice;
}

function absolute(p: string, cwd: string): string {
  return isAbsolute(p) ? p : resolve(cwd, p);
}

/** Read and encode the chosen corpus with @rrnn/data. */
export async function loadChosenCorpus(c: CorpusChoice): Promise<EncodedCorpus> {
  const { loadCorpus } = await import('@rrnn/data/node');
  const { corpus, ...rest } = c;
  return loadCorpus(corpus, rest);
}
