import { describe, expect, it } from 'vitest';
import {
  GATE_COUNT, flopsPerToken, languageModelParameterCount, roundHalfEven, rowIndex, sharingLayout,
  stackParameterCount, stackSpec, type CellType,
} from '../src';

// The paper's table (spec): tied 3-layer 200-unit model, vocab 10k; "RNN parameters" = recurrent + decoder bias.
const RATES = [1, 0.95, 0.9, 0.7, 0.5, 0.3, 0.1, 0];
const TABLE: Record<CellType, number[]> = {
  rnn: [130600, 136630, 142660, 166780, 190900, 215020, 239140, 251200],
  gru: [130600, 160750, 190900, 311500, 432100, 552700, 673300, 733600],
  lstm: [130600, 172810, 215020, 383860, 552700, 721540, 890380, 974800],
};
const paperModel = (cell: CellType, r: number) => languageModelParameterCount({
  cell, vocabSize: 10000, embeddingSize: 200, hiddenSize: 200, numLayers: 3, sharingRates: r, tied: true,
});

describe('parameter counts', () => {
  for (const cell of ['rnn', 'gru', 'lstm'] as const) {
    it.each(RATES.map((r, i) => [r, TABLE[cell][i]]))(`${cell} r=%s has %i RNN parameters (paper table)`, (r, want) => {
      expect(paperModel(cell, r).rnnParameters).toBe(want);
    });
  }

  it('tied LSTM at r=0.5 counts 2,552,700 in all, 2,000,000 of them the embedding', () => {
    const c = paperModel('lstm', 0.5);
    expect(c).toEqual({
      embedding: 2_000_000, recurrent: 542_700, decoderWeight: 0, decoderBias: 10_000,
      rnnParameters: 552_700, total: 2_552_700,
    });
  });

  it('untied model counts the decoder weight on the last hidden size', () => {
    const c = languageModelParameterCount({
      cell: 'gru', vocabSize: 50, embeddingSize: 8, hiddenSize: 12, numLayers: 2, sharingRates: [0, 1], tied: false,
    });
    const l0 = sharingLayout('gru', 8, 12, 0).parameters;
    const l1 = sharingLayout('gru', 12, 12, 1).parameters;
    expect(c.recurrent).toBe(l0 + l1);
    expect(c.decoderWeight).toBe(50 * 12);
    expect(c.total).toBe(50 * 8 + l0 + l1 + 50 * 12 + 50);
  });
});

describe('sharing layout', () => {
  it('rounds half to even like PyTorch', () => {
    expect([0.5, 1.5, 2.5, 3.5, -1.5, -2.5, 2.4999, 2.5001, 7].map(roundHalfEven)).toEqual([0, 2, 2, 4, -2, -2, 2, 3, 7]);
    expect(sharingLayout('lstm', 5, 5, 0.5).sharedUnits).toBe(2); // 2.5 -> 2, Math.round would give 3
    expect(sharingLayout('lstm', 3, 3, 0.5).sharedUnits).toBe(2); // 1.5 -> 2
  });

  it('computes rows, columns and parameters', () => {
    const l = sharingLayout('lstm', 6, 4, 0.5);
    expect(l).toMatchObject({ gates: 4, sharedUnits: 2, privateUnits: 2, poolRows: 2 + 2 * 4 * 2, poolCols: 6 });
    expect(l.parameters).toBe(18 * 6 + 18);
    expect(sharingLayout('rnn', 3, 5, 1)).toMatchObject({ poolRows: 5, poolCols: 5, privateUnits: 0 });
    expect(sharingLayout('gru', 3, 5, 0)).toMatchObject({ poolRows: 30, sharedUnits: 0 });
    expect(GATE_COUNT).toEqual({ rnn: 1, gru: 3, lstm: 4 });
  });

  it('maps units to rows: shared rows first, then the branch/gate private block', () => {
    const l = sharingLayout('gru', 4, 5, 0.4); // s=2, p=3, G=3
    expect(rowIndex(l, 0, 0)).toEqual([0, 1, 2, 3, 4]);
    expect(rowIndex(l, 0, 2)).toEqual([0, 1, 8, 9, 10]);
    expect(rowIndex(l, 1, 0)).toEqual([0, 1, 11, 12, 13]);
    expect(rowIndex(l, 1, 2)).toEqual([0, 1, 17, 18, 19]);
    expect(l.poolRows).toBe(20);
  });

  it('builds stacks whose input and output sizes differ from the hidden size', () => {
    const s = stackSpec({ cell: 'lstm', inputSize: 7, hiddenSize: 9, numLayers: 3, sharingRates: [0, 0.5, 1], outputSize: 4 });
    expect(s.layers).toEqual([
      { inputSize: 7, hiddenSize: 9, sharingRate: 0 },
      { inputSize: 9, hiddenSize: 9, sharingRate: 0.5 },
      { inputSize: 9, hiddenSize: 4, sharingRate: 1 },
    ]);
    expect(stackParameterCount(s)).toBe(
      sharingLayout('lstm', 7, 9, 0).parameters + sharingLayout('lstm', 9, 9, 0.5).parameters + sharingLayout('lstm', 9, 4, 1).parameters,
    );
  });
});

describe('flopsPerToken', () => {
  it('fast = 2(s+Gp)(I+H), naive = 2GH(I+H); equal at r=0, G times cheaper at r=1 when I > H', () => {
    const one = (cell: CellType, r: number) => flopsPerToken(stackSpec({ cell, inputSize: 6, hiddenSize: 4, numLayers: 1, sharingRates: r }));
    expect(one('lstm', 0.5)).toEqual({ fast: 2 * (2 + 4 * 2) * 10, naive: 2 * 4 * 4 * 10 });
    expect(one('gru', 0).fast).toBe(one('gru', 0).naive);
    expect(one('lstm', 1).naive / one('lstm', 1).fast).toBe(4);
    const paper = flopsPerToken(stackSpec({ cell: 'lstm', inputSize: 200, hiddenSize: 200, numLayers: 3, sharingRates: 0.5 }));
    expect(paper).toEqual({ fast: 3 * 2 * 500 * 400, naive: 3 * 2 * 800 * 400 });
  });

  it('a fully shared RNN or LSTM layer with I <= H costs one product S (x + h), 2H²; the GRU and I > H do not', () => {
    const one = (cell: CellType, I: number, r: number) => flopsPerToken(stackSpec({ cell, inputSize: I, hiddenSize: 4, numLayers: 1, sharingRates: r })).fast;
    expect(one('lstm', 4, 1)).toBe(2 * 4 * 4);
    expect(one('rnn', 4, 1)).toBe(2 * 4 * 4);
    expect(one('rnn', 4, 0)).toBe(2 * 4 * 8); // half of r = 0, though an RNN has one gate
    expect(one('lstm', 3, 1)).toBe(2 * 4 * 4); // x zero-padded to H
    expect(one('lstm', 6, 1)).toBe(2 * 4 * 10);
    expect(one('gru', 4, 1)).toBe(2 * 4 * 8);
    expect(one('lstm', 4, 0.75)).toBe(2 * (3 + 4 * 1) * 8); // p = 1: two branches
  });
});

describe('bad sizes and rates', () => {
  it.each([
    [() => sharingLayout('lstm', 4, 4, 1.5), 'sharingRate must be in [0, 1], got 1.5'],
    [() => sharingLayout('lstm', 4, 4, -0.1), 'sharingRate must be in [0, 1], got -0.1'],
    [() => sharingLayout('lstm', 4, 4, NaN), 'sharingRate must be in [0, 1], got NaN'],
    [() => sharingLayout('lstm', 0, 4, 0.5), 'inputSize must be a positive integer, got 0'],
    [() => sharingLayout('lstm', 4, 2.5, 0.5), 'hiddenSize must be a positive integer, got 2.5'],
    [() => sharingLayout('lstm' as CellType, -3, 4, 0.5), 'inputSize must be a positive integer, got -3'],
    [() => sharingLayout('tree' as CellType, 4, 4, 0.5), `cell must be one of 'rnn', 'gru', 'lstm', got "tree"`],
    [() => stackSpec({ cell: 'gru', inputSize: 4, hiddenSize: 4, numLayers: 3, sharingRates: [0, 0.5, 1.5] }), 'sharingRate must be in [0, 1], got 1.5 (layer 2)'],
    [() => stackSpec({ cell: 'gru', inputSize: 4, hiddenSize: 4, numLayers: 3, sharingRates: [0, 0.5] }), 'sharingRates must be one number or one per layer (3), got [0,0.5]'],
    [() => stackSpec({ cell: 'gru', inputSize: 4, hiddenSize: 4, numLayers: 0, sharingRates: 0 }), 'numLayers must be a positive integer, got 0'],
    [() => stackParameterCount({ cell: 'rnn', layers: [{ inputSize: 3, hiddenSize: 4, sharingRate: 0 }, { inputSize: 5, hiddenSize: 4, sharingRate: 0 }] }),
      'inputSize of layer 1 must equal hiddenSize of layer 0 (4), got 5'],
  ] as const)('%#: throws a message naming the option and value', (f, msg) => {
    expect(f).toThrow(msg);
  });
});
