/**
 * Measures the CLI's default run: one epoch of the Brown corpus with
 * DEFAULT_CONFIG, then validation perplexity, the unigram baseline and the
 * wall time. `pnpm --filter @rrnn/train bench` (backend: $RRNN_BACKEND, default wasm).
 * Overrides: a JSON object as the first argument, e.g. '{"maxSteps": 50, "batchSize": 40}'
 * or '{"model": {"hiddenSize": 100}}'.
 *
 * Measured 2026-11-29 on the 2-core dev machine (wasm, shared with other builds, load average 10-18):
 * DEFAULT_CONFIG, one epoch of Brown (715 steps of 32 x 35 tokens): valid perplexity 195.33 against the
 * unigram baseline 486.10, wall 2531 s including validation. CPU time of 30 steps: 35.5 s
 * (1.18 s per step, ~950 tokens per CPU-second), i.e. ~14 min of one core per epoch when idle.
 * After switching the loss to core's softmaxCrossEntropy: 29.2 s of CPU per 30 steps (0.97 s per step,
 * ~1,150 tokens per CPU-second, ~11.6 min of one core per epoch). A 2 x 50 model is only ~25% cheaper:
 * the [tokens, 13,845] softmax passes and per-op overhead dominate, not the recurrent layers.
 * Re-run with that loss (load average 5-8): valid perplexity 197.16, unigram 486.10, wall 928 s
 * including validation (user CPU 12 min 5 s).
 */
import { useBackend } from '@rrnn/backend';
import { unigramPerplexity } from '@rrnn/data';
import { loadCorpus } from '@rrnn/data/node';
import { DEFAULT_CONFIG, train, type TrainConfig } from '@rrnn/train';

const overrides = JSON.parse(process.argv[2] ?? '{}');
const backend = await useBackend(process.env.RRNN_BACKEND ?? 'wasm');
let t = performance.now();
const corpus = await loadCorpus(overrides.corpus ?? 'brown');
const vocabSize = corpus.vocab.tokens.length;
console.log(`backend ${backend}; ${corpus.name}: train ${corpus.train.length}, valid ${corpus.valid.length}, test ${corpus.test.length} tokens, vocabulary ${vocabSize} (loaded in ${((performance.now() - t) / 1000).toFixed(1)} s)`);
const config: TrainConfig = {
  ...DEFAULT_CONFIG, ...overrides,
  model: { ...DEFAULT_CONFIG.model, ...overrides.model, vocabSize },
};
delete (config as { corpus?: string }).corpus;
console.log(JSON.stringify(config));
t = performance.now();
const result = await train({
  config, corpus,
  onEvent: (e) => {
    if (e.type === 'step') console.log(`step ${e.step} loss ${e.loss.toFixed(3)} ppl ${e.perplexity.toFixed(1)} lr ${e.lr} ${Math.round(e.tokensPerSecond)} tok/s eta ${Math.round(e.etaSeconds)} s`);
    else if (e.type === 'epoch') console.log(`epoch ${e.epoch}: train loss ${e.trainLoss.toFixed(3)}, valid ppl ${e.validPerplexity.toFixed(2)} (${e.seconds.toFixed(0)} s)`);
  },
});
const wall = (performance.now() - t) / 1000;
console.log(`valid perplexity ${result.bestValidPerplexity.toFixed(2)}; unigram baseline ${unigramPerplexity(corpus.train, corpus.valid, vocabSize).toFixed(2)}; ${result.steps} steps; wall ${wall.toFixed(0)} s (incl. validation)`);
