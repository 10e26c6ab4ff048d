import { EOS } from './vocabulary';

/** How text becomes tokens: whitespace-separated words, or single characters. */
export type TokenLevel = 'word' | 'char';

/** Tokenizer options shared by every reader. */
export interface TokenizeOptions {
  level?: TokenLevel;
  lowercase?: boolean;
}

const WHITESPACE = /\s+/;

/**
 * One line -> word tokens plus `<eos>`, as the paper's recipe (PyTorch
 * `word_language_model`) does: `line.split() + ['<eos>']`. A blank line gives
 * just `<eos>`.
 */
export function wordTokens(line: string, lowercase = false): string[] {
  const text = lowercase ? line.toLowerCase() : line;
  const words = text.split(WHITESPACE).filter((w) => w.length > 0);
  words.push(EOS);
  return words;
}

/**
 * One line -> character tokens (Unicode code points, spaces included) plus
 * `<eos>`. A trailing carriage return is dropped.
 */
export function charTokens(line: string, lowercase = false): string[] {
  const text = (lowercase ? line.toLowerCase() : line).replace(/\r$/, '');
  const chars = Array.from(text);
  chars.push(EOS);
  return chars;
}

/** The tokenizer for a level. */
export function tokenizer(o: TokenizeOptions = {}): (line: string) => string[] {
  const lowercase = o.lowercase ?? false;
  const level = o.level ?? 'word';
  if (level === 'word') return (line) => wordTokens(line, lowercase);
  if (level === 'char') return (line) => charTokens(line, lowercase);
  throw new Error(`unknown token level ${JSON.stringify(level)}; use 'word' or 'char'`);
}
