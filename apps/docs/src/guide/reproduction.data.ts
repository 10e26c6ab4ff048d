/**
 * Build-time loader for the Reproduction page: every result set under apps/docs/results/ whose
 * command.txt trains with `--recipe paper`, its points beside the authors' numbers
 * (paper-results.json), and the claims judged on both (claims.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { paperPerplexity, paperVerdicts, verdicts, type Corpus, type MeasuredPoint, type PaperTable, type Variant, type Verdict } from './claims';

const here = dirname(fileURLToPath(import.meta.url));
const resultsDir = resolve(here, '..', '..', 'results');

/** One point of a paper-recipe result set, beside the authors' number. */
export interface ReproducedPoint extends MeasuredPoint {
  name: string;
  rnnParameters: number | null;
  bestValidPerplexity: number | null;
  finalTestPerplexity: number | null;
  epochs: number | null;
  tokensPerSecond: number | null;
  validCurve: number[];
  paperTest: number | null;
  paperValid: number | null;
}

export interface ReproductionSet {
  name: string;
  command: string;
  corpus: Corpus;
  variant: Variant;
  /** The cosine budget E of every point (--epochs). */
  epochs: number;
  points: ReproducedPoint[];
  verdicts: Verdict[];
  /** The same claims on the authors' 100-epoch numbers. */
  paperVerdicts: Verdict[];
  charts: { name: string; svg: string }[];
}

/** The value of `--flag v` in a command line. */
export function flagValue(command: string, flag: string): string | undefined {
  const m = command.match(new RegExp(`(?:^|\\s)--${flag}[ =](\\S+)`));
  return m?.[1];
}

function readSet(name: string, paper: PaperTable): ReproductionSet | undefined {
  const dir = join(resultsDir, name);
  const command = readFileSync(join(dir, 'command.txt'), 'utf8').trim();
  if (flagValue(command, 'recipe') !== 'paper' || !existsSync(join(dir, 'results.jsonl'))) return undefined;
  const corpus: Corpus = flagValue(command, 'corpus') === 'wikitext2' ? 'wikitext2' : 'ptb';
  const variant: Variant = flagValue(command, 'variant') === 'plain' ? 'plain' : 'td';
  const rows = readFileSync(join(dir, 'results.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as ReproducedPoint);
  const points = rows.map((r) => ({
    ...r,
    validCurve: r.validCurve ?? [],
    paperTest: paperPerplexity(paper, corpus, 'test', r.cell, variant, r.sharingRate) ?? null,
    paperValid: paperPerplexity(paper, corpus, 'valid', r.cell, variant, r.sharingRate) ?? null,
  }));
  const charts = readdirSync(dir).filter((f) => f.endsWith('.svg')).sort().map((f) => ({ name: f, svg: readFileSync(join(dir, f), 'utf8') }));
  return {
    name, command, corpus, variant, epochs: Number(flagValue(command, 'epochs') ?? 100), points,
    verdicts: verdicts(points), paperVerdicts: paperVerdicts(paper, corpus, variant, points), charts,
  };
}

export default {
  watch: ['../../results/**/*', './paper-results.json'],
  load(): ReproductionSet[] {
    if (!existsSync(resultsDir)) return [];
    const paper = JSON.parse(readFileSync(join(here, 'paper-results.json'), 'utf8')) as PaperTable;
    return readdirSync(resultsDir)
      .filter((name) => existsSync(join(resultsDir, name, 'command.txt')))
      .sort()
      .map((name) => readSet(name, paper))
      .filter((s): s is ReproductionSet => s !== undefined);
  },
};
