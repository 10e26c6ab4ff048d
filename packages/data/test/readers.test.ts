import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchify, decode } from '../src/index';
import { loadCorpus, readLines } from '../src/node';

const tmp = mkdtempSync(join(tmpdir(), 'rrnn-data-'));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(tmp, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
};

describe('readLines', () => {
  it('splits on \\n across chunk boundaries, keeps multi-byte characters whole, drops \\r and a BOM', async () => {
    const text = '\ufeffprimo é\r\n\nçà ça 😀 fin\nlast';
    const path = file('lines.txt', text);
    for (const chunkBytes of [1, 2, 3, 7, 1 << 20]) {
      const lines: string[] = [];
      const r = await readLines(path, (l) => lines.push(l), { chunkBytes });
      expect(lines).toEqual(['primo é', '', 'çà ça 😀 fin', 'last']);
      expect(r).toEqual({ lines: 4, bytes: Buffer.byteLength(text) });
    }
  });

  it('names the file (and line) for missing, binary and invalid UTF-8 files', async () => {
    await expect(readLines(join(tmp, 'nope.txt'), () => {})).rejects.toThrow(`${join(tmp, 'nope.txt')}: no such file`);
    const bin = file('bin.dat', new Uint8Array([0x61, 0x62, 0x00, 0x01, 0x0a]));
    await expect(readLines(bin, () => {})).rejects.toThrow(`${bin}: looks binary (NUL byte at byte 2)`);
    const bad = file('latin1.txt', Buffer.concat([Buffer.from('ok line\nfine\n'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])]));
    await expect(readLines(bad, () => {}, { chunkBytes: 4 })).rejects.toThrow(`${bad}:3: invalid UTF-8`);
    await expect(readLines(bad, () => {})).rejects.toThrow(`${bad}:3: invalid UTF-8`);
  });
});

describe('corpus folders and plain text', () => {
  const ptbDir = join(tmp, 'tiny-ptb');
  file('tiny-ptb/ptb.train.txt', ' a b c\n a b\n a\n');
  file('tiny-ptb/ptb.valid.txt', ' a z\n');
  file('tiny-ptb/ptb.test.txt', ' c\n');

  it('reads a PTB-layout folder: vocabulary from train, unseen words to <unk>', async () => {
    const c = await loadCorpus(ptbDir);
    expect(c.name).toBe('tiny-ptb');
    expect(c.vocab.tokens).toEqual(['<unk>', '<eos>', 'a', 'b', 'c']);
    expect(decode(c.vocab, c.valid)).toEqual(['a', '<unk>', '<eos>']);
    expect(c.sources?.test).toBe(join(ptbDir, 'ptb.test.txt'));
    expect(() => batchify(c.valid, 2, c.sources?.valid)).toThrow(`${join(ptbDir, 'ptb.valid.txt')} has 3 tokens, fewer than one batch`);
  });

  it('errors on a missing split file, an empty split, a missing path', async () => {
    await expect(loadCorpus(ptbDir, { minCout: 2 } as never)).rejects.toThrow(/unknown option "minCout"; known options: dataDir/);
    await expect(loadCorpus(ptbDir, { minCount: 0 })).rejects.toThrow(/minCount must be an integer >= 1, got 0/);
    await expect(loadCorpus(ptbDir, { maxVocab: 1.5 })).rejects.toThrow(/maxVocab must be an integer >= 2/);
    await expect(loadCorpus(ptbDir, { level: 'byte' as never })).rejects.toThrow(/unknown token level "byte"; use 'word' or 'char'/);
    file('no-test/wiki.train.tokens', 'x\n');
    file('no-test/wiki.valid.tokens', 'x\n');
    await expect(loadCorpus(join(tmp, 'no-test'))).rejects.toThrow(`${join(tmp, 'no-test')}: has wiki.train.tokens but lacks wiki.test.tokens`);
    file('empty-valid/ptb.train.txt', 'x y\n');
    file('empty-valid/ptb.valid.txt', ' \n\n');
    file('empty-valid/ptb.test.txt', 'x\n');
    await expect(loadCorpus(join(tmp, 'empty-valid'))).rejects.toThrow(`${join(tmp, 'empty-valid', 'ptb.valid.txt')}: empty split`);
    await expect(loadCorpus(join(tmp, 'nowhere'))).rejects.toThrow(`${join(tmp, 'nowhere')}: no such file or folder`);
    const emptyDir = join(tmp, 'empty-dir');
    mkdirSync(emptyDir);
    await expect(loadCorpus(emptyDir)).rejects.toThrow(`${emptyDir}: the folder holds no text files`);
  });

  it('splits a plain text file by proportion at line ends', async () => {
    const lines = Array.from({ length: 10 }, (_, i) => `w${i} x`); // 3 tokens a line, 30 in all
    const path = file('plain.txt', lines.join('\n') + '\n');
    const c = await loadCorpus(path, { split: [0.6, 0.2, 0.2] });
    expect([c.train.length, c.valid.length, c.test.length]).toEqual([18, 6, 6]);
    expect(decode(c.vocab, c.valid)).toEqual(['<unk>', 'x', '<eos>', '<unk>', 'x', '<eos>']); // w6, w7 unseen in train
    // A cut inside a line moves to the end of that line.
    const d = await loadCorpus(path, { split: [0.5, 0.25, 0.25] });
    expect([d.train.length, d.valid.length, d.test.length]).toEqual([15, 9, 6]);
    await expect(loadCorpus(path, { split: [0.5, 0.6, -0.1] })).rejects.toThrow(/split proportions must be three numbers >= 0 summing to 1/);
    const one = file('one-line.txt', 'a b c\n');
    await expect(loadCorpus(one)).rejects.toThrow(`${one}: the valid split is empty`);
  });

  it('reads every file of a plain folder in name order, at char level on request', async () => {
    file('plain-dir/b.txt', 'cd\n');
    file('plain-dir/a.txt', 'ab\nab\nab\nab\n');
    file('plain-dir/.hidden', 'zzz\n');
    const c = await loadCorpus(join(tmp, 'plain-dir'), { level: 'char', split: [0.6, 0.2, 0.2] });
    expect(decode(c.vocab, c.train).join('')).toBe('ab<eos>ab<eos>ab<eos>');
    expect(decode(c.vocab, c.test)).toEqual(['<unk>', '<unk>', '<eos>']); // c, d only in test
  });
});
