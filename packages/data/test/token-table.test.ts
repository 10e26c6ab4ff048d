import { describe, expect, it } from 'vitest';
import { idBuffer, idsOf, internString, internTokens, internWords, lookupString, tokenTable, wordTokens } from '../src/index';

describe('token table', () => {
  it('gives ids by first appearance, stable through growth of the hash', () => {
    const t = tokenTable();
    expect(t.types).toEqual(['<unk>', '<eos>']);
    const words = Array.from({ length: 20_000 }, (_, i) => `w${(i * 7919) % 20_000}`);
    const ids = words.map((w) => internString(t, w));
    expect(ids).toEqual(words.map((_, i) => i + 2));
    expect(words.map((w) => internString(t, w))).toEqual(ids); // found again after many doublings
    expect(t.slots.length).toBeGreaterThanOrEqual(2 * t.types.length);
    expect(lookupString(t, 'w123')).toBe(t.types.indexOf('w123'));
    expect(lookupString(t, 'absent')).toBe(-1);
    expect(lookupString(t, '<eos>')).toBe(1);
  });

  it('the fused word scan gives the same ids as wordTokens + intern, on tricky white space', () => {
    const lines = [' = Valkyria Chronicles = ', '', '\u3000a\u00a0b\u2009c\u0085d\u001ce', 'x\ufeffy \ufeff', 'é 😀 😀x', 'tab\there\r', 'a a a'];
    const fused = tokenTable();
    const arrays = tokenTable();
    const a = idBuffer();
    const b = idBuffer();
    let words = 0;
    for (const line of lines) {
      words += internWords(fused, line, a);
      internTokens(arrays, wordTokens(line), b);
    }
    expect(fused.types).toEqual(arrays.types);
    expect(idsOf(a)).toEqual(idsOf(b));
    expect(words).toBe(idsOf(a).length - lines.length);
    expect(fused.types).toContain('x\ufeffy'); // U+FEFF is not white space for str.split()
    expect(fused.types).toContain('\ufeff');
    expect(fused.types).toContain('e'); // U+001C is
  });
});
