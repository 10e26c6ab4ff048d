import { EOS } from './vocabulary';

/** How text becomes tokens: whitespace-separated words, or single characters. */
export type TokenLevel = 'word' | 'char';

/** Tokenizer options shared by every reader. */
export interface TokenizeOptions {
  level?: TokenLevel;
  lowercase?: boolean;
}

/**
 * White space as Python's `str.split()` sees it (the reference tokenizer), not
 * JavaScript's `\s`: that one also matches U+FEFF, which WikiText-2 has inside
 * tokens, and lacks U+001C..U+001F and U+0085.
 */
// eslint-disable-next-line no-control-regex -- Python's white space includes the separators U+001C..U+001F
export const WHITESPACE = /[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** Whether a UTF-16 code unit is white space for Python's `str.split()` (see {@link WHITESPACE}). */
export function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c >= 0x1c;
  if (c < 0x85) return false;
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** The white-space separated words of a line (a hand scan: faster than a regex split). */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < line.length; i++) {
    if (isSpace(line.charCodeAt(i))) {
      if (start >= 0) words.push(line.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  if (start >= 0) words.push(line.slice(start));
  return words;
}

/**
 * One line -> word tokens plus `<eos>`, as the paper's recipe (PyTorch
 * `word_language_model`) does: `line.split() + ['<eos>']`. A blank line gives
 * just `<eos>`.
 */
export function wordTokens(line: string, lowercase = false): string[] {
  const words = splitWords(lowercase ? line.toLowerCase() : line);
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
