import { describe, expect, it } from 'vitest';
import { unigramPerplexity } from '../src/index';

describe('unigramPerplexity', () => {
  it('matches the add-one formula on a toy case', () => {
    // train counts over V=3: [2, 1, 0], N=3 -> p = [3/6, 2/6, 1/6]
    const train = Int32Array.from([0, 0, 1]);
    const ppl = unigramPerplexity(train, Int32Array.from([0, 2]), 3);
    expect(ppl).toBeCloseTo(Math.sqrt(2 * 6), 10); // exp(-(log 1/2 + log 1/6)/2)
    // Uniform when train is empty: perplexity = V.
    expect(unigramPerplexity(new Int32Array(0), Int32Array.from([0, 1, 2]), 3)).toBeCloseTo(3, 10);
  });
  it('rejects ids outside the vocabulary and empty evaluation', () => {
    expect(() => unigramPerplexity(Int32Array.from([5]), Int32Array.from([0]), 3)).toThrow(/train id 5 at position 0 is outside \[0, 3\)/);
    expect(() => unigramPerplexity(Int32Array.from([0]), new Int32Array(0), 3)).toThrow(/evaluation ids are empty/);
  });
});
