/**
 * The paper's claims as functions of measured numbers (pure; used by the Reproduction page's data loader
 * and tested in test/claims.test.ts). A verdict is computed from test perplexities of the best-validation
 * checkpoints; a claim whose points are not all finished is "not yet measured".
 */

/** One trained point of a result set (a row of a sweep's results.jsonl). */
export interface MeasuredPoint {
  cell: string;
  sharingRate: number;
  status: 'done' | 'training' | 'failed';
  /** Test perplexity of the best-validation checkpoint. */
  testPerplexity: number | null;
}

/** The authors' table (paper-results.json). */
export interface PaperTable {
  rates: number[];
  ptb: { test: Record<string, number[]>; valid: Record<string, number[]> };
  wikitext2: { test: Record<string, number[]> };
}

export type Corpus = 'ptb' | 'wikitext2';
export type Variant = 'td' | 'plain';

/** The authors' perplexity for a cell, variant and rate (undefined where the table has none). */
export function paperPerplexity(t: PaperTable, corpus: Corpus, split: 'test' | 'valid', cell: string, variant: Variant, rate: number): number | undefined {
  const table = corpus === 'ptb' ? t.ptb[split] : split === 'test' ? t.wikitext2.test : undefined;
  const i = t.rates.indexOf(rate);
  return i < 0 ? undefined : table?.[`${cell}-${variant}`]?.[i];
}

export type VerdictStatus = 'holds' | 'does not hold' | 'not yet measured';

export interface Verdict {
  claim: string;
  status: VerdictStatus;
  /** The numbers the verdict rests on, in words. */
  because: string;
}

/** How much worse r = 0.5 may be than r = 0 and still count as "as good as" (claim 1). */
export const CLOSE_ENOUGH = 0.03;

const fmt = (x: number) => x.toFixed(1);

/** The test perplexity of a finished point, or a reason it has none. */
function lookup(points: MeasuredPoint[], cell: string, rate: number): number | string {
  const p = points.find((x) => x.cell === cell && x.sharingRate === rate);
  if (!p) return `${cell.toUpperCase()} r = ${rate} was not run`;
  if (p.status !== 'done' || p.testPerplexity == null) return `${cell.toUpperCase()} r = ${rate} ${p.status === 'training' ? 'is still training' : 'failed'}`;
  return p.testPerplexity;
}

function verdict(claim: string, needs: [string, number][], points: MeasuredPoint[], judge: (v: number[]) => [boolean, string]): Verdict {
  const values = needs.map(([cell, rate]) => lookup(points, cell, rate));
  const missing = values.filter((v): v is string => typeof v === 'string');
  if (missing.length > 0) return { claim, status: 'not yet measured', because: missing.join('; ') };
  const [ok, because] = judge(values as number[]);
  return { claim, status: ok ? 'holds' : 'does not hold', because };
}

/** The three claims of the paper that a TD comparison of LSTM r = 0, 0.5, 1 and RNN r = 0 can decide. */
export function verdicts(points: MeasuredPoint[]): Verdict[] {
  const lstmRates = [...new Set(points.filter((p) => p.cell === 'lstm').map((p) => p.sharingRate))].filter((r) => r !== 1).sort((a, b) => a - b);
  return [
    verdict(`LSTM r = 0.5 is as good as r = 0 (at most ${CLOSE_ENOUGH * 100} % worse) with 43 % fewer RNN parameters`, [['lstm', 0.5], ['lstm', 0]], points, ([half, zero]) => {
      const change = half / zero - 1;
      return [change <= CLOSE_ENOUGH, `${fmt(half)} against ${fmt(zero)} (${change >= 0 ? '+' : ''}${(100 * change).toFixed(1)} %)`];
    }),
    verdict('the fully restricted LSTM (r = 1, 0.131M RNN parameters) beats the classic RNN (0.251M)', [['lstm', 1], ['rnn', 0]], points, ([lstm, rnn]) => [
      lstm < rnn, `${fmt(lstm)} against ${fmt(rnn)}`,
    ]),
    verdict('r = 1 is the worst LSTM', [['lstm', 1], ...lstmRates.map((r): [string, number] => ['lstm', r])], points, ([one, ...others]) => [
      others.length > 0 && others.every((o) => one > o),
      `r = 1: ${fmt(one)}; ${lstmRates.map((r, i) => `r = ${r}: ${fmt(others[i])}`).join(', ')}`,
    ]),
  ];
}

/** The same claims judged on the authors' own numbers (what the paper reports). */
export function paperVerdicts(t: PaperTable, corpus: Corpus, variant: Variant, rates: { cell: string; sharingRate: number }[]): Verdict[] {
  return verdicts(rates.map(({ cell, sharingRate }) => ({
    cell, sharingRate, status: 'done', testPerplexity: paperPerplexity(t, corpus, 'test', cell, variant, sharingRate) ?? null,
  })));
}
