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
