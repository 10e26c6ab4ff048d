import { describe, expect, it } from 'vitest';
import { buildVocabulary, decode, encode, encodeTextCorpus, EOS, UNK, wordTokens, charTokens, vocabularyFromTokens } from '../src/index';

describe('vocabulary', () => {
  it('orders <unk>, <eos>, then descending count, ties by first appearance', () => {
    const c = encodeTextCorpus('toy', { train: ['b a c', 'a c d', 'c'], valid: ['a z'], test: [''] });
    // counts: c 3, a 2, b 1, d 1 (b appears before d), <eos> 3
    expect(c.vocab.tokens).toEqual([UNK, EOS, 'c', 'a', 'b', 'd']);
    expect(Array.from(c.train)).toEqual([4, 3, 2, 1, 3, 2, 5, 1, 2, 1]);
    // z never appears in train -> <unk>
    expect(Array.from(c.valid)).toEqual([3, 0, 1]);
    expect(Array.from(c.test)).toEqual([1]);
  });

  it('keeps an <unk> already in the text at id 0', () => {
    const c = encodeTextCorpus('toy', { train: ['<unk> x <unk>'], valid: [], test: [] });
    expect(c.vocab.tokens).toEqual([UNK, EOS, 'x']);
    expect(Array.from(c.train)).toEqual([0, 2, 0, 1]);
  });

  it('maps rare words to <unk> by minCount and by maxVocab', () => {
    const types = [UNK, EOS, 'a', 'b', 'c', 'd'];
    const counts = [0, 9, 5, 1, 3, 3];
    const byCount = buildVocabulary(types, counts, { minCount: 3 });
    expect(byCount.vocab.tokens).toEqual([UNK, EOS, 'a', 'c', 'd']);
    expect(Array.from(byCount.remap)).toEqual([0, 1, 2, 0, 3, 4]);
    const bySize = buildVocabulary(types, counts, { maxVocab: 4 });
    expect(bySize.vocab.tokens).toEqual([UNK, EOS, 'a', 'c']);
    expect(Array.from(bySize.remap)).toEqual([0, 1, 2, 0, 3, 0]);
    expect(() => buildVocabulary(types, counts, { maxVocab: 1 })).toThrow(/maxVocab must be at least 2/);
  });

  it('lowercases on request', () => {
    const c = encodeTextCorpus('toy', { train: ['The the THE'], valid: [], test: [] }, { lowercase: true });
    expect(c.vocab.tokens).toEqual([UNK, EOS, 'the']);
  });

  it('encode/decode round-trip, unknown words to <unk>', () => {
    const v = vocabularyFromTokens([UNK, EOS, 'hello', 'world']);
    const ids = encode(v, ['hello', 'there', 'world', EOS]);
    expect(Array.from(ids)).toEqual([2, 0, 3, 1]);
    expect(decode(v, ids)).toEqual(['hello', UNK, 'world', EOS]);
    expect(() => decode(v, [7])).toThrow(/id 7 at position 0 is outside the vocabulary \(size 4\)/);
    expect(() => vocabularyFromTokens(['a', 'a'])).toThrow(/appears twice/);
    expect(() => vocabularyFromTokens([EOS])).toThrow(/no <unk> token/);
  });
});

describe('tokenizers', () => {
  it('word: split on any white space, one <eos> per line, blank line = <eos>', () => {
    expect(wordTokens(' the  cat\tsat \r')).toEqual(['the', 'cat', 'sat', EOS]);
    expect(wordTokens(' ')).toEqual([EOS]);
    expect(wordTokens('A B', true)).toEqual(['a', 'b', EOS]);
  });
  it('char: code points including spaces, then <eos>', () => {
    expect(charTokens('a b\r')).toEqual(['a', ' ', 'b', EOS]);
    expect(charTokens('né😀')).toEqual(['n', 'é', '😀', EOS]);
    const c = encodeTextCorpus('chars', { train: ['abba'], valid: ['ca'], test: [] }, { level: 'char' });
    expect(c.vocab.tokens).toEqual([UNK, EOS, 'a', 'b']);
    expect(Array.from(c.valid)).toEqual([0, 2, 1]);
  });
});
