import { type IdBuffer, pushId } from './id-buffer';
import { EOS, UNK } from './vocabulary';

/**
 * Interns token strings as provisional ids in order of first appearance
 * (`<unk>` = 0 and `<eos>` = 1 are pre-seeded). Readers stream text into a
 * table, storing only ids; {@link buildVocabulary} later turns the provisional
 * ids into final ones.
 */
export interface TokenTable {
  index: Map<string, number>;
  types: string[];
}

export function tokenTable(): TokenTable {
  return { index: new Map([[UNK, 0], [EOS, 1]]), types: [UNK, EOS] };
}

/** Appends the provisional ids of `tokens` to `out`. */
export function internTokens(table: TokenTable, tokens: readonly string[], out: IdBuffer): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    let id = table.index.get(t);
    if (id === undefined) {
      id = table.types.length;
      table.index.set(t, id);
      table.types.push(t);
    }
    pushId(out, id);
  }
}

/** How often each provisional id occurs in `ids` (length = table size). */
export function countIds(ids: Int32Array, size: number): Int32Array {
  const counts = new Int32Array(size);
  for (let i = 0; i < ids.length; i++) counts[ids[i]]++;
  return counts;
}

/** Rewrites provisional ids to final ids in place. */
export function remapIds(ids: Int32Array, remap: Int32Array): Int32Array {
  for (let i = 0; i < ids.length; i++) ids[i] = remap[ids[i]];
  return ids;
}
