/**
 * @packageDocumentation File-system readers of `@rrnn/data` (Node only):
 * streaming PTB / WikiText / plain-text readers, the embedded Brown corpus,
 * downloads with checksums, and the data folder.
 */
export { loadCorpus, loadLayout, type LoadCorpusOptions } from './fs/load-corpus';
export { defaultDataDir, cacheDataDir, findRepoRoot } from './fs/data-dir';
export { readLines, assertFile } from './fs/read-lines';
export { readSplit, readSplitIds } from './fs/read-split';
export { loadBrown, brownDir, stripTag, brownLineTokens, BROWN_SPLIT, BROWN_MIN_COUNT } from './fs/brown';
export { loadPlainText, textFilesIn, type SplitProportions, DEFAULT_PROPORTIONS } from './fs/plain-text';
export { downloadCorpus, missingCorpusMessage, sha256, MIRRORS, type FetchLike, type Mirror } from './fs/download';
export { type Layout, type NamedCorpus, PTB_LAYOUT, WIKITEXT_LAYOUT, LAYOUTS, NAMED_CORPORA, detectLayout, layoutFiles } from './fs/layouts';
export { readVocabulary, writeVocabulary } from './fs/vocabulary-file';
