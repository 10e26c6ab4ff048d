import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SPLITS, type SplitName } from '../corpus';

/** A folder layout of a three-split corpus: the file name of each split. */
export type Layout = Record<SplitName, string>;

/** Penn Treebank (Mikolov's preprocessed version). */
export const PTB_LAYOUT: Layout = { train: 'ptb.train.txt', valid: 'ptb.valid.txt', test: 'ptb.test.txt' };
/** WikiText-2 / WikiText-103 (word-level, tokenized). */
export const WIKITEXT_LAYOUT: Layout = { train: 'wiki.train.tokens', valid: 'wiki.valid.tokens', test: 'wiki.test.tokens' };

/** The known layouts, tried in this order when a folder is given. */
export const LAYOUTS: readonly Layout[] = [PTB_LAYOUT, WIKITEXT_LAYOUT];

/** The file names of a layout, for error messages: "a, b, c". */
export function layoutFiles(l: Layout): string {
  return SPLITS.map((s) => l[s]).join(', ');
}

/** The known layout whose training file is in `dir`, if any. */
export function detectLayout(dir: string): Layout | undefined {
  return LAYOUTS.find((l) => existsSync(join(dir, l.train)));
}

/** Named corpora that live in a folder of the data directory. */
export interface NamedCorpus {
  name: string;
  folder: string;
  layout: Layout;
  /** sha256 of each split file (hex), for downloads and verification. */
  sha256?: Record<SplitName, string>;
}

export const NAMED_CORPORA: Record<string, NamedCorpus> = {
  ptb: {
    name: 'ptb',
    folder: 'ptb',
    layout: PTB_LAYOUT,
    sha256: {
      train: 'fcea919f6cf83f35d4d00c6cbf08040d13d4155226340912e2fef9c9c4102cbf',
      valid: 'c9fe6985fe0d4ccb578183407d7668fc6066c20700cb4cf87d8ff1cc34df1bf2',
      test: 'dd65dff31e70846b2a6030a87482edcd5d199130cdcfa1f3dccbb033728deee0',
    },
  },
  wikitext2: {
    name: 'wikitext2',
    folder: 'wikitext-2',
    layout: WIKITEXT_LAYOUT,
    sha256: {
      train: '9e9fa1ad55b1c2c95b08e37dd8e653f638fac2c6de904b79e813611eefbc985f',
      valid: 'f0737ed31fc1329026e95cb8b98e19c2a182c39c240ab909dc31abf2f8af58e8',
      test: 'd790b833ef8cf03a90db7bf1271b7520b83c45ce07ba3c1a9699df81e239eca0',
    },
  },
  wikitext103: { name: 'wikitext103', folder: 'wikitext-103', layout: WIKITEXT_LAYOUT },
};
