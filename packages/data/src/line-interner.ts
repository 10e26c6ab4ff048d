import type { IdBuffer } from './id-buffer';
import { internTokens, internWords, type TokenTable } from './token-table';
import { charTokens, type TokenizeOptions } from './tokenize';

/** Tokenizes one line into `out` as provisional ids (ending in `<eos>`); returns the number of non-`<eos>` tokens. */
export type LineInterner = (table: TokenTable, line: string, out: IdBuffer) => number;

/** The line interner for tokenizer options: words (fused scan) or characters, optionally lower-cased. */
export function lineInterner(o: TokenizeOptions = {}): LineInterner {
  const level = o.level ?? 'word';
  const lower = o.lowercase ?? false;
  if (level === 'word') return lower ? (t, line, out) => internWords(t, line.toLowerCase(), out) : internWords;
  if (level === 'char') {
    return (t, line, out) => {
      const tokens = charTokens(line, lower);
      internTokens(t, tokens, out);
      return tokens.length - 1;
    };
  }
  throw new Error(`unknown token level ${JSON.stringify(level)}; use 'word' or 'char'`);
}
