import { describe, expect, it } from 'vitest';
import { encodeTextCorpus, vocabularyFromJSON, vocabularyToJSON } from '../src/index';

const vocab = encodeTextCorpus('toy', { train: ['b a c "q" a c d é'], valid: [], test: [] }).vocab;

describe('vocabulary JSON', () => {
  it('round-trips', () => {
    const back = vocabularyFromJSON(vocabularyToJSON(vocab), 'v.json');
    expect(back.tokens).toEqual(vocab.tokens);
    expect([...back.index]).toEqual([...vocab.index]);
    expect([back.unkId, back.eosId]).toEqual([0, 1]);
  });

  it('names file, line and column of a JSON syntax error', () => {
    const text = vocabularyToJSON(vocab).replace('"c",', '"c",,'); // line of "c"
    const line = text.split('\n').findIndex((l) => l.includes('"c",,')) + 1;
    expect(() => vocabularyFromJSON(text, 'runs/x/vocab.json')).toThrow(new RegExp(`^runs/x/vocab.json:${line}:\\d+: not valid JSON`));
    expect(() => vocabularyFromJSON('{\n  "tokens": [\n    "a"\n', 'v.json')).toThrow(/^v.json:4:1: not valid JSON/);
  });

  it('names the line of a duplicate or non-string token', () => {
    const lines = vocabularyToJSON(vocab).split('\n');
    const dupLine = lines.findIndex((l) => l.includes('"d"')) + 1;
    const dup = lines.map((l, i) => (i === dupLine - 1 ? l.replace('"d"', '"a"') : l)).join('\n');
    expect(() => vocabularyFromJSON(dup, 'v.json')).toThrow(new RegExp(`^v.json:${dupLine}:\\d+: token "a" appears twice`));
    const num = lines.map((l, i) => (i === dupLine - 1 ? l.replace('"d"', '42') : l)).join('\n');
    expect(() => vocabularyFromJSON(num, 'v.json')).toThrow(new RegExp(`^v.json:${dupLine}:\\d+: token #\\d+ is 42, not a string`));
  });

  it('rejects wrong shapes and missing specials', () => {
    expect(() => vocabularyFromJSON('[]', 'v.json')).toThrow(/v.json:1:1: a vocabulary must be a JSON object/);
    expect(() => vocabularyFromJSON('{"tokens": 3}', 'v.json')).toThrow(/"tokens" must be an array/);
    expect(() => vocabularyFromJSON('{\n"tokens": ["<unk>", "x"]}', 'v.json')).toThrow(/v.json:2:1: the tokens lack "<eos>"/);
    expect(() => vocabularyFromJSON('{"format": "other", "tokens": []}', 'v.json')).toThrow(/format is "other"/);
  });
});

describe('vocabulary files', () => {
  it('write/read round trip; errors name the path and line', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { readVocabulary, writeVocabulary } = await import('../src/node');
    const dir = mkdtempSync(join(tmpdir(), 'rrnn-vocab-'));
    const path = join(dir, 'vocab.json');
    await writeVocabulary(path, vocab);
    expect((await readVocabulary(path)).tokens).toEqual(vocab.tokens);
    writeFileSync(path, '{\n  "tokens": [\n    "<unk>",\n    "<eos>",\n    7\n  ]\n}\n');
    await expect(readVocabulary(path)).rejects.toThrow(`${path}:5:5: token #2 is 7, not a string`);
    await expect(readVocabulary(join(dir, 'missing.json'))).rejects.toThrow(`${join(dir, 'missing.json')}: cannot read the vocabulary (ENOENT)`);
  });
});
