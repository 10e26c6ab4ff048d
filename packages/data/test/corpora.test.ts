import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode, unigramPerplexity } from '../src/index';
import { defaultDataDir, findRepoRoot, loadCorpus } from '../src/node';

// <repo>/../shared/data (present in CI), never an absolute path.
const dataDir = resolve(findRepoRoot(__dirname)!, '..', 'shared', 'data');

describe('corpora on ../shared/data', () => {
  it('the data folder is $RRNN_DATA_DIR (the tests set it), else the cache: no sibling folder is searched', () => {
    expect(existsSync(join(dataDir, 'ptb', 'ptb.train.txt'))).toBe(true);
    const saved = { data: process.env.RRNN_DATA_DIR, cache: process.env.XDG_CACHE_HOME };
    try {
      process.env.RRNN_DATA_DIR = dataDir;
      expect(defaultDataDir()).toBe(dataDir);
      delete process.env.RRNN_DATA_DIR;
      process.env.XDG_CACHE_HOME = '/tmp/rrnn-cache-test';
      expect(defaultDataDir()).toBe(join('/tmp/rrnn-cache-test', 'rrnn', 'data'));
    } finally {
      for (const [k, v] of [['RRNN_DATA_DIR', saved.data], ['XDG_CACHE_HOME', saved.cache]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('a data folder that is the corpus folder itself (holds ptb.*.txt) is that corpus', async () => {
    const a = await loadCorpus('ptb', { dataDir: join(dataDir, 'ptb'), download: false });
    expect([a.train.length, a.valid.length, a.test.length]).toEqual([929_589, 73_760, 82_430]);
    expect(a.sources?.train).toBe(join(dataDir, 'ptb', 'ptb.train.txt'));
  });

  it('Penn Treebank: 929,589 / 73,760 / 82,430 tokens, vocabulary 10,000', async () => {
    const c = await loadCorpus('ptb', { dataDir, download: false });
    expect([c.train.length, c.valid.length, c.test.length]).toEqual([929_589, 73_760, 82_430]);
    expect(c.vocab.tokens.length).toBe(10_000);
    expect(c.vocab.tokens.slice(0, 4)).toEqual(['<unk>', '<eos>', 'the', 'N']);
    // The first line of ptb.train.txt, and one <eos> per line.
    expect(decode(c.vocab, c.train.subarray(0, 3))).toEqual(['aer', 'banknote', 'berlitz']);
    expect(c.train.filter((id) => id === c.vocab.eosId).length).toBe(42_068);
    expect(c.sources?.valid).toBe(join(dataDir, 'ptb', 'ptb.valid.txt'));
    // Add-one unigram perplexity of valid, golden value from an independent Python computation
    // (str.split() + '<eos>' per line, Counter over train, V = 10,000).
    const ppl = unigramPerplexity(c.train, c.valid, c.vocab.tokens.length);
    expect(Math.abs(ppl / 684.7269246351732 - 1)).toBeLessThan(1e-9);
  });

  it('WikiText-2: 2,088,628 / 217,646 / 245,569 tokens, vocabulary 33,278', async () => {
    const c = await loadCorpus('wikitext2', { dataDir, download: false });
    expect([c.train.length, c.valid.length, c.test.length]).toEqual([2_088_628, 217_646, 245_569]);
    expect(c.vocab.tokens.length).toBe(33_278);
    expect(c.train.filter((id) => id === c.vocab.eosId).length).toBe(36_718);
    // The same folder given as a path (layout detected) gives the same ids.
    const again = await loadCorpus(join(dataDir, 'wikitext-2'));
    expect(again.vocab.tokens).toEqual(c.vocab.tokens);
    expect(again.test.length).toBe(c.test.length);
    expect(again.test.every((id, i) => id === c.test[i])).toBe(true);
  });
});
