/** The unknown-word token: id 0 in every vocabulary built here. */
export const UNK = '<unk>';
/** The end-of-line token (one per line of text): id 1 in every vocabulary built here. */
export const EOS = '<eos>';

/** A word (or character) vocabulary: `tokens[id]` is the token, `index.get(token)` its id. */
export interface Vocabulary {
  tokens: string[];
  index: Map<string, number>;
  unkId: number;
  eosId: number;
}

/** Options for which tokens get their own id; the rest map to `<unk>`. */
export interface VocabularyOptions {
  /** Keep tokens seen at least this many times (default 1: keep all). */
  minCount?: number;
  /** Keep at most this many ids in all, counting `<unk>` and `<eos>` (default: no limit). */
  maxVocab?: number;
}

/** A vocabulary from a token list (ids = positions); `<unk>` and `<eos>` must be in it. */
export function vocabularyFromTokens(tokens: string[], source = 'vocabulary'): Vocabulary {
  const index = new Map<string, number>();
  tokens.forEach((t, i) => {
    if (typeof t !== 'string') throw new Error(`${source}: token #${i} is not a string`);
    if (index.has(t)) throw new Error(`${source}: token ${JSON.stringify(t)} appears twice (ids ${index.get(t)} and ${i}); every token needs one id`);
    index.set(t, i);
  });
  const unkId = index.get(UNK);
  const eosId = index.get(EOS);
  if (unkId === undefined) throw new Error(`${source}: no ${UNK} token; add "${UNK}" to the token list`);
  if (eosId === undefined) throw new Error(`${source}: no ${EOS} token; add "${EOS}" to the token list`);
  return { tokens, index, unkId, eosId };
}

/**
 * Builds a vocabulary from counted token types and the map from their
 * provisional ids to final ids.
 *
 * Ids are stable: `<unk>` = 0, `<eos>` = 1, then the kept types by descending
 * count, ties by first appearance (= provisional id order, since provisional
 * ids are handed out in order of first appearance). Types with count 0 (seen
 * only outside the training split) or below `minCount`, or beyond `maxVocab`,
 * map to `<unk>`.
 *
 * @param types provisional id -> token string.
 * @param counts provisional id -> count in the training split.
 * @returns the vocabulary and `remap[provisionalId] = finalId`.
 */
export function buildVocabulary(
  types: readonly string[],
  counts: ArrayLike<number>,
  o: VocabularyOptions = {},
): { vocab: Vocabulary; remap: Int32Array } {
  const minCount = Math.max(1, o.minCount ?? 1);
  const maxVocab = o.maxVocab ?? Infinity;
  if (!(maxVocab >= 2)) throw new Error(`maxVocab must be at least 2 (room for ${UNK} and ${EOS}), got ${o.maxVocab}`);
  const kept: number[] = [];
  for (let p = 0; p < types.length; p++) {
    if (types[p] !== UNK && types[p] !== EOS && counts[p] >= minCount) kept.push(p);
  }
  kept.sort((a, b) => counts[b] - counts[a] || a - b);
  if (kept.length > maxVocab - 2) kept.length = maxVocab - 2;
  const tokens = [UNK, EOS, ...kept.map((p) => types[p])];
  const remap = new Int32Array(types.length); // 0 = <unk>
  kept.forEach((p, i) => (remap[p] = i + 2));
  types.forEach((t, p) => {
    if (t === EOS) remap[p] = 1;
  });
  return { vocab: vocabularyFromTokens(tokens), remap };
}

/** Token strings -> ids; unknown tokens become `vocab.unkId`. */
export function encode(vocab: Vocabulary, words: string[]): Int32Array {
  const ids = new Int32Array(words.length);
  for (let i = 0; i < words.length; i++) ids[i] = vocab.index.get(words[i]) ?? vocab.unkId;
  return ids;
}

/** Ids -> token strings; throws on an id outside the vocabulary. */
export function decode(vocab: Vocabulary, ids: ArrayLike<number>): string[] {
  const out = new Array<string>(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const t = vocab.tokens[ids[i]];
    if (t === undefined) throw new Error(`decode: id ${ids[i]} at position ${i} is outside the vocabulary (size ${vocab.tokens.length})`);
    out[i] = t;
  }
  return out;
}
