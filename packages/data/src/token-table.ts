import { type IdBuffer, pushId } from './id-buffer';
import { isSpace } from './tokenize';
import { EOS, UNK } from './vocabulary';

/**
 * Interns token strings as provisional ids in order of first appearance
 * (`<unk>` = 0 and `<eos>` = 1 are pre-seeded). Readers stream text into a
 * table, storing only ids; `buildVocabulary` later turns the provisional ids
 * into final ones.
 *
 * The table is an open-addressing hash (FNV-1a over UTF-16 code units,
 * linear probing) rather than a `Map`, so {@link internWords} can look a word
 * up straight from its line without first slicing it into a new string: the
 * hot loop of every reader.
 */
export interface TokenTable {
  /** Provisional id -> token. */
  types: string[];
  /** Provisional id -> FNV-1a hash of its token. */
  hashes: number[];
  /** Hash slots: provisional id + 1, or 0 when empty; length a power of 2, at most half full. */
  slots: Int32Array;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** FNV-1a of a string's UTF-16 code units (as a signed 32-bit integer). */
export function hashString(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

export function tokenTable(): TokenTable {
  const table: TokenTable = { types: [], hashes: [], slots: new Int32Array(1 << 12) };
  internString(table, UNK);
  internString(table, EOS);
  return table;
}

function grow(table: TokenTable): void {
  const slots = new Int32Array(table.slots.length * 2);
  const mask = slots.length - 1;
  for (let id = 0; id < table.types.length; id++) {
    let slot = table.hashes[id] & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = id + 1;
  }
  table.slots = slots;
}

function insert(table: TokenTable, slot: number, token: string, hash: number): number {
  const id = table.types.length;
  table.types.push(token);
  table.hashes.push(hash);
  table.slots[slot] = id + 1;
  if (table.types.length * 2 > table.slots.length) grow(table);
  return id;
}

/** The provisional id of `text[start, end)`, added if new (sliced only then). */
export function internRange(table: TokenTable, text: string, start: number, end: number, hash: number): number {
  const { slots, types, hashes } = table;
  const mask = slots.length - 1;
  const len = end - start;
  for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
    const entry = slots[slot];
    if (entry === 0) return insert(table, slot, text.slice(start, end), hash);
    const id = entry - 1;
    if (hashes[id] !== hash) continue;
    const t = types[id];
    if (t.length !== len) continue;
    let k = 0;
    while (k < len && t.charCodeAt(k) === text.charCodeAt(start + k)) k++;
    if (k === len) return id;
  }
}

/** The provisional id of a token, added if new. */
export function internString(table: TokenTable, token: string): number {
  return internRange(table, token, 0, token.length, hashString(token));
}

/** The provisional id of a token, or -1 when the table lacks it. */
export function lookupString(table: TokenTable, token: string): number {
  const { slots, types } = table;
  const mask = slots.length - 1;
  for (let slot = hashString(token) & mask; slots[slot] !== 0; slot = (slot + 1) & mask) {
    if (types[slots[slot] - 1] === token) return slots[slot] - 1;
  }
  return -1;
}

/** Appends the provisional ids of `tokens` to `out`. */
export function internTokens(table: TokenTable, tokens: readonly string[], out: IdBuffer): void {
  for (let i = 0; i < tokens.length; i++) pushId(out, internString(table, tokens[i]));
}

/**
 * The word tokenizer fused with interning: appends the ids of the line's
 * white-space separated words, then `<eos>` (id 1), to `out`; returns the word
 * count. Same tokens as `wordTokens(line)`, without a string per word.
 */
export function internWords(table: TokenTable, line: string, out: IdBuffer): number {
  let words = 0;
  let start = -1;
  let hash = FNV_OFFSET;
  const n = line.length;
  for (let i = 0; i < n; i++) {
    const c = line.charCodeAt(i);
    if (isSpace(c)) {
      if (start >= 0) {
        pushId(out, internRange(table, line, start, i, hash));
        words++;
        start = -1;
      }
    } else {
      if (start < 0) {
        start = i;
        hash = FNV_OFFSET;
      }
      hash = Math.imul(hash ^ c, FNV_PRIME);
    }
  }
  if (start >= 0) {
    pushId(out, internRange(table, line, start, n, hash));
    words++;
  }
  pushId(out, 1);
  return words;
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
