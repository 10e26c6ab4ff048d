import { type CorpusSplits, type EncodedCorpus, SPLITS } from './corpus';
import { idBuffer, idsOf } from './id-buffer';
import { lineInterner } from './line-interner';
import { type TokenTable, countIds, remapIds, tokenTable } from './token-table';
import type { TokenizeOptions } from './tokenize';
import { type VocabularyOptions, buildVocabulary } from './vocabulary';

/** Splits as provisional ids in one shared table (see {@link TokenTable}). */
export interface ProvisionalCorpus {
  table: TokenTable;
  splits: CorpusSplits;
}

/**
 * Finishes a corpus: counts the training split, builds the vocabulary
 * ({@link buildVocabulary}: `<unk>`, `<eos>`, then by frequency) and rewrites
 * every split's ids in place. Types never seen in train map to `<unk>`.
 */
export function finishCorpus(name: string, p: ProvisionalCorpus, o: VocabularyOptions = {}): EncodedCorpus {
  const counts = countIds(p.splits.train, p.table.types.length);
  const { vocab, remap } = buildVocabulary(p.table.types, counts, o);
  const [train, valid, test] = SPLITS.map((s) => remapIds(p.splits[s], remap));
  return { name, vocab, train, valid, test };
}

/**
 * Encodes in-memory text (lines per split) the same way the file readers do.
 * Browser-safe; for files use `loadCorpus` from `@rrnn/data/node`.
 */
export function encodeTextCorpus(
  name: string,
  lines: Record<'train' | 'valid' | 'test', Iterable<string>>,
  o: TokenizeOptions & VocabularyOptions = {},
): EncodedCorpus {
  const table = tokenTable();
  const intern = lineInterner(o);
  const [train, valid, test] = SPLITS.map((s) => {
    const buf = idBuffer();
    for (const line of lines[s]) intern(table, line, buf);
    return idsOf(buf);
  });
  return finishCorpus(name, { table, splits: { train, valid, test } }, o);
}
