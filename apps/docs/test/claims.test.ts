import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paperPerplexity, paperVerdicts, verdicts, type MeasuredPoint, type PaperTable } from '../src/guide/claims';

const paper = JSON.parse(readFileSync(join(__dirname, '..', 'src', 'guide', 'paper-results.json'), 'utf8')) as PaperTable;
const point = (cell: string, sharingRate: number, testPerplexity: number | null, status: MeasuredPoint['status'] = 'done'): MeasuredPoint => ({ cell, sharingRate, status, testPerplexity });

describe('the paper table', () => {
  it('reads the authors\' numbers (paper-results.md) by cell, variant, rate and split', () => {
    expect(paperPerplexity(paper, 'ptb', 'test', 'lstm', 'td', 0.5)).toBe(103.5);
    expect(paperPerplexity(paper, 'ptb', 'test', 'lstm', 'td', 0)).toBe(107.7);
    expect(paperPerplexity(paper, 'ptb', 'valid', 'rnn', 'td', 0)).toBe(228.0);
    expect(paperPerplexity(paper, 'wikitext2', 'test', 'lstm', 'td', 0.5)).toBe(119.1);
    expect(paperPerplexity(paper, 'ptb', 'test', 'lstm', 'plain', 0.95)).toBe(159.9);
    expect(paperPerplexity(paper, 'wikitext2', 'valid', 'lstm', 'td', 0.5)).toBeUndefined();
    expect(paperPerplexity(paper, 'ptb', 'test', 'lstm', 'td', 0.42)).toBeUndefined();
    for (const rows of [paper.ptb.test, paper.ptb.valid, paper.wikitext2.test]) for (const r of Object.values(rows)) expect(r).toHaveLength(8);
  });

  it('on the authors\' own PTB numbers every claim holds', () => {
    const v = paperVerdicts(paper, 'ptb', 'td', [{ cell: 'lstm', sharingRate: 0 }, { cell: 'lstm', sharingRate: 0.5 }, { cell: 'lstm', sharingRate: 1 }, { cell: 'rnn', sharingRate: 0 }]);
    expect(v.map((x) => x.status)).toEqual(['holds', 'holds', 'holds']);
    expect(v[0].because).toBe('103.5 against 107.7 (-3.9 %)');
  });
});

describe('verdicts from measured points', () => {
  it('judge each claim from the numbers', () => {
    const v = verdicts([point('lstm', 0, 150), point('lstm', 0.5, 160), point('lstm', 1, 140), point('rnn', 0, 130)]);
    expect(v.map((x) => x.status)).toEqual(['does not hold', 'does not hold', 'does not hold']);
    expect(v[0].because).toBe('160.0 against 150.0 (+6.7 %)');
    expect(v[2].because).toBe('r = 1: 140.0; r = 0: 150.0, r = 0.5: 160.0');
    const ok = verdicts([point('lstm', 0, 150), point('lstm', 0.5, 154), point('lstm', 1, 200), point('rnn', 0, 250)]);
    expect(ok.map((x) => x.status)).toEqual(['holds', 'holds', 'holds']);
  });

  it('a point still training, failed or not run leaves its claims "not yet measured", naming why', () => {
    const v = verdicts([point('lstm', 0, 150), point('lstm', 0.5, null, 'training'), point('lstm', 1, null, 'failed')]);
    expect(v.map((x) => x.status)).toEqual(['not yet measured', 'not yet measured', 'not yet measured']);
    expect(v[0].because).toBe('LSTM r = 0.5 is still training');
    expect(v[1].because).toBe('LSTM r = 1 failed; RNN r = 0 was not run');
  });
});
