import type { EncodedCorpus } from '@rrnn/data';
import type { CompressionReport } from '@rrnn/eval';
import type { LanguageModel, TrainConfig, TrainResult } from '@rrnn/train';
import type { GradientPeer } from '@rrnn/train/parallel';
import { textTable } from '../format/table.js';
import { formatDuration } from '../format/time.js';
import { measured } from './progress.js';

/** Perplexity of one split. */
export interface SplitScore {
  loss: number;
  perplexity: number;
  /** Tokens scored (absent when the score was taken from training's own validation). */
  tokens?: number;
}

/** What `rrnn eval` measures on a trained model. */
export interface Evaluation {
  valid: SplitScore;
  test: SplitScore;
  /** Add-one smoothed unigram perplexity: the floor any model must beat. */
  unigram: { valid: number; test: number };
  /** @rrnn/eval's compression report against the classic (r = 0) model of the same sizes; `compression.parameters` holds the model's parameter counts. */
  compression: CompressionReport;
}

/** The scores of the checkpoint at the end of training (`last/`), beside the best-validation one's. */
export interface FinalScores {
  /** Validation perplexity as training measured it after its last epoch. */
  valid: SplitScore;
  test: SplitScore;
  /** The last checkpoint is the best one (so these equal the result's valid and test). */
  isBest: boolean;
}

/** result.json of a finished run. */
export interface RunResult extends Evaluation {
  /** Scores of the final checkpoint (absent in results written before it was recorded). */
  final?: FinalScores;
  format: 'rrnn-result';
  name: string;
  dir: string;
  corpus: string;
  backend: string;
  config: TrainConfig;
  train: Omit<TrainResult, 'model' | 'outDir'> & { /** CPU threads the run trained on (data-parallel workers + this one); absent in older results. */ threads?: number };
}

/** Options of {@link scoreSplit}. */
interface ScoreOptions {
  batchSize: number;
  bptt: number;
  /** Worker threads to split the streams with (from `startGradientWorkers`); none: this thread alone. */
  peers?: GradientPeer[];
  onProgress?: (done: number, total: number) => void;
}

/** Perplexity of one split, on this thread and the peers. */
async function scoreSplit(model: LanguageModel, ids: Int32Array, o: ScoreOptions): Promise<SplitScore> {
  const { batchSize, bptt, onProgress } = o;
  const { loss, perplexity, tokens } = o.peers?.length
    ? await (await import('@rrnn/train/parallel')).evaluateLossParallel(model, ids, { batchSize, bptt, onProgress }, o.peers)
    : (await import('@rrnn/eval')).perplexity(model, ids, { batchSize, bptt, onProgress });
  return { loss, perplexity, tokens };
}

/**
 * Valid and test perplexity (state carried, the run's eval batch size),
 * unigram baselines, parameter counts and the compression report.
 * `knownValidPerplexity`: the best checkpoint's validation perplexity as
 * training measured it (same batch size and window), so it is not computed twice.
 * `onProgress` hears each split's progress (time steps scored of all).
 */
export async function evaluateModel(
  model: LanguageModel, corpus: EncodedCorpus, config: TrainConfig,
  o: { batchSize?: number; knownValidPerplexity?: number; peers?: GradientPeer[]; onProgress?: (split: 'valid' | 'test', done: number, total: number) => void } = {},
): Promise<Evaluation> {
  const batchSize = o.batchSize ?? config.evalBatchSize;
  const [ev, data] = await Promise.all([import('@rrnn/eval'), import('@rrnn/data')]);
  const score = (split: 'valid' | 'test'): Promise<SplitScore> =>
    scoreSplit(model, corpus[split], { batchSize, bptt: config.bptt, peers: o.peers, onProgress: o.onProgress && ((done, total) => o.onProgress?.(split, done, total)) });
  const known = o.knownValidPerplexity;
  const valid = known !== undefined && Number.isFinite(known) ? { loss: Math.log(known), perplexity: known } : await score('valid');
  const test = await score('test');
  const vocabSize = corpus.vocab.tokens.length;
  const unigram = { valid: data.unigramPerplexity(corpus.train, corpus.valid, vocabSize), test: data.unigramPerplexity(corpus.train, corpus.test, vocabSize) };
  const compression = ev.compressionReport(config.model, { perplexity: test.perplexity });
  return { valid, test, unigram, compression };
}

/** Test perplexity of a model (state carried, the run's BPTT, its eval batch size unless `batchSize` is given), on this thread and `peers`. */
export async function testScore(model: LanguageModel, corpus: EncodedCorpus, config: TrainConfig, o: { batchSize?: number; peers?: GradientPeer[] } = {}): Promise<SplitScore> {
  return scoreSplit(model, corpus.test, { batchSize: o.batchSize ?? config.evalBatchSize, bptt: config.bptt, peers: o.peers });
}

/** Human-readable lines of an evaluation (and of the training summary when given). */
export function evaluationText(e: Evaluation, o: { name?: string; dir?: string; train?: RunResult['train']; config?: TrainConfig; final?: FinalScores } = {}): string {
  const lines: string[] = [];
  if (o.dir) lines.push(`run ${o.dir}`);
  if (o.config) {
    const m = o.config.model;
    lines.push(`model ${m.cell} r=${m.sharingRates.join(',')}, embedding ${m.embeddingSize}, ${m.numLayers} x ${m.hiddenSize}${m.tied ? ', tied' : ''}, dropout ${m.dropout}, vocabulary ${m.vocabSize.toLocaleString('en-US')}`);
  }
  if (o.train) {
    const t = o.train;
    lines.push(`trained ${t.epochs} epoch(s), ${t.steps} steps in ${formatDuration(t.seconds)}; best valid perplexity ${measured(t.bestValidPerplexity)}${t.stopReason === 'maxSteps' ? ' (stopped at --max-steps)' : ''}`);
  }
  lines.push('');
  lines.push(textTable(['split', 'tokens', 'loss', 'perplexity', 'unigram ppl'], [
    ['valid', e.valid.tokens ?? '-', e.valid.loss.toFixed(4), e.valid.perplexity.toFixed(2), e.unigram.valid.toFixed(1)],
    ['test', e.test.tokens ?? '-', e.test.loss.toFixed(4), e.test.perplexity.toFixed(2), e.unigram.test.toFixed(1)],
  ]).trimEnd());
  lines.push('', `test perplexity ${e.test.perplexity.toFixed(2)}`);
  if (o.final && !o.final.isBest) lines.push(`final checkpoint (last/, not the best): valid perplexity ${o.final.valid.perplexity.toFixed(2)}, test perplexity ${o.final.test.perplexity.toFixed(2)}`);
  lines.push('', 'compression report (against the classic r = 0 model of the same sizes):');
  lines.push(compressionText(e.compression));
  return `${lines.join('\n')}\n`;
}

/** The compression report: parameters kept and saved against the classic (r = 0) model of the same sizes. */
export function compressionText(r: CompressionReport): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const n = (x: number) => x.toLocaleString('en-US');
  const rows: [string, string][] = [
    ['cell', `${r.cell}, sharing rate${r.sharingRates.length > 1 ? 's' : ''} ${r.sharingRates.join(', ')}`],
    ['RNN parameters', `${n(r.rnnParameters)} vs ${n(r.baselineRnnParameters)} classic (recurrent layers + decoder bias)`],
    ['compression rate', `${r.compressionRate.toFixed(3)} (${pct(r.saved)} of the RNN parameters saved)`],
    ['all parameters', `${n(r.totalParameters)} vs ${n(r.baselineTotalParameters)} classic (embedding ${n(r.parameters.embedding)})`],
  ];
  if (r.perplexity !== undefined) rows.push(['test perplexity', r.perplexity.toFixed(2)]);
  if (r.baselinePerplexity !== undefined) rows.push(['classic perplexity', r.baselinePerplexity.toFixed(2)]);
  if (r.perplexityRatio !== undefined) rows.push(['perplexity ratio', r.perplexityRatio.toFixed(3)]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n');
}
