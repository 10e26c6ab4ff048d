import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { EncodedCorpus, SplitName } from '../corpus';
import { finishCorpus } from '../encode-text';
import { idBuffer, idsOf } from '../id-buffer';
import type { LineInterner } from '../line-interner';
import { tokenTable } from '../token-table';
import type { VocabularyOptions } from '../vocabulary';
import { readSplit } from './read-split';

/** Train/valid/test proportions; they must be >= 0 and sum to 1. */
export type SplitProportions = [train: number, valid: number, test: number];
export const DEFAULT_PROPORTIONS: SplitProportions = [0.8, 0.1, 0.1];

/** The text files of a folder (not hidden, not nested), in name order. */
export async function textFilesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => join(dir, e.name));
  if (files.length === 0) throw new Error(`${dir}: the folder holds no text files; add .txt files or give a file path`);
  return files.sort();
}

/**
 * The cut after `want` tokens, moved forward to just past the next `<eos>`
 * (provisional id 1) so no line is split across two splits.
 */
function cutAfterLine(ids: Int32Array, want: number): number {
  let i = Math.min(Math.round(want), ids.length);
  if (i === 0) return 0;
  while (i < ids.length && ids[i - 1] !== 1) i++;
  return i;
}

/**
 * A plain text file, or every file of a folder in name order, tokenized and
 * split by proportion of tokens (cuts moved to line ends): the first
 * `proportions[0]` of the stream trains, the next `proportions[1]` validates,
 * the rest tests. The vocabulary comes from the training part.
 *
 * @throws naming the path when a split comes out empty.
 */
export async function loadPlainText(
  path: string,
  intern: LineInterner,
  o: VocabularyOptions & { proportions?: SplitProportions; name?: string } = {},
): Promise<EncodedCorpus> {
  const p = o.proportions ?? DEFAULT_PROPORTIONS;
  if (p.length !== 3 || p.some((x) => !(x >= 0)) || Math.abs(p[0] + p[1] + p[2] - 1) > 1e-9) {
    throw new Error(`split proportions must be three numbers >= 0 summing to 1 (train, valid, test), got ${JSON.stringify(p)}`);
  }
  const s = await stat(path).catch(() => null);
  if (!s) throw new Error(`${path}: no such file or folder; give a text file, a folder of text files, or 'brown' | 'ptb' | 'wikitext2'`);
  const files = s.isDirectory() ? await textFilesIn(path) : [path];
  const table = tokenTable();
  const ids = idBuffer();
  for (const f of files) await readSplit(f, table, intern, ids);
  const all = idsOf(ids);
  const a = cutAfterLine(all, p[0] * all.length);
  const b = Math.max(a, cutAfterLine(all, (p[0] + p[1]) * all.length));
  const splits = { train: all.slice(0, a), valid: all.slice(a, b), test: all.slice(b) };
  for (const [k, v] of Object.entries(splits) as [SplitName, Int32Array][]) {
    if (v.length === 0) {
      throw new Error(`${path}: the ${k} split is empty (${all.length} tokens split ${JSON.stringify(p)} at line ends); use more text or other proportions`);
    }
  }
  const corpus = finishCorpus(o.name ?? path, { table, splits }, o);
  return { ...corpus, sources: { train: `${path} (train part)`, valid: `${path} (valid part)`, test: `${path} (test part)` } };
}
