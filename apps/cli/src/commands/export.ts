import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { QUANTIZATIONS, type Quantization } from '@rrnn/train/layout';
import { resolve } from 'node:path';
import { defineCommand } from '../framework/command.js';
import { RuntimeError } from '../framework/errors.js';
import { flag, oneOf } from '../framework/values.js';
import { loadChosenCorpus } from '../training/corpus-options.js';
import { testScore } from '../training/evaluate.js';
import { openRun, type OpenedRun } from '../training/open-run.js';
import { assertOwned, EXPORT_MARKER, isWithin } from '../safety/owned.js';
import { readResult } from '../training/run-dir.js';
import { writeJson } from '../training/run-dir.js';
import type { RunResult } from '../training/evaluate.js';

/** `--format`: rrnn's own model files, or a standard tfjs LayersModel. */
export const EXPORT_FORMATS = ['rrnn', 'layers'] as const;
/** Every file an export writes, in either format (a `--force` export removes these, and only these). */
const EXPORT_FILES = ['model.json', 'weights.bin', 'vocab.json', 'config.json', 'meta.json'] as const;

export default defineCommand({
  name: 'export',
  summary: 'Write a browser-ready model folder (model.json, weights.bin, vocab.json, config.json) from a run.',
  args: [
    { name: 'run-dir', help: 'a run folder made by rrnn train' },
    { name: 'dir', help: 'the folder to write (must be empty or new)' },
  ],
  options: {
    force: { kind: 'boolean', help: 'overwrite a non-empty output folder', schema: flag().default(false) },
    format: { kind: 'string', arg: '<rrnn|layers>', help: 'rrnn: rrnn\'s model files (@rrnn/train loadModelFromArtifacts); layers: a tfjs LayersModel (Embedding -> RestrictedRNN x L -> Dense softmax) that tf.loadLayersModel reads once @rrnn/core/layers is imported', schema: oneOf(EXPORT_FORMATS).default('rrnn') },
    quantize: { kind: 'string', arg: `<${QUANTIZATIONS.join('|')}>`, help: 'store the weights as float16 (half the bytes) or uint8 (a quarter); the test perplexity of both is measured and printed', schema: oneOf(QUANTIZATIONS).optional() },
  },
  examples: [
    'rrnn export runs/my-run apps/docs/public/models/brown-lstm',
    'rrnn export runs/my-run models/lm --format layers --quantize uint8',
  ],
  async run({ opts, args, io }) {
    const out = resolve(io.cwd, args[1]);
    const source = resolve(io.cwd, args[0]);
    if (existsSync(out) && readdirSync(out).length > 0) {
      if (!opts.force) throw new RuntimeError(`${out} is not empty: pass --force to overwrite it`);
      // the export replaces the folder as a whole: only an earlier export, never the run or a folder above it
      assertOwned(out, { marker: EXPORT_MARKER, cwd: io.cwd, sources: [source], flag: '--force' });
      // an earlier export's files go (another format may not write them all: no stale config.json); nothing else is touched
      for (const f of EXPORT_FILES) rmSync(resolve(out, f), { force: true });
    }
    if (isWithin(source, out)) throw new RuntimeError(`${out} holds the run ${source}: export to a folder outside it`);
    const run = await openRun(args[0], io.cwd);
    try {
      const { saveCheckpoint } = await import('@rrnn/train/node');
      const quantize = opts.quantize;
      if (opts.format === 'layers') await writeLayersModel(run, out, quantize);
      else await saveCheckpoint(out, { model: run.model, vocab: run.vocab, config: run.config }, { quantize });
      const result = readResult<RunResult>(run.dir);
      // the float model is the run's evaluated checkpoint: its test perplexity is in result.json
      const quantized = quantize ? await quantizedScores(run, quantize, result?.test.perplexity) : undefined;
      const bytes = statSync(resolve(out, 'weights.bin')).size;
      writeJson(resolve(out, 'meta.json'), {
        format: 'rrnn-export', modelFormat: opts.format, quantization: quantize ?? 'float32', weightBytes: bytes,
        source: run.dir, corpus: result?.corpus ?? run.info?.corpus.corpus,
        testPerplexity: quantized?.quantized ?? result?.test.perplexity, ...(quantized ? { float32TestPerplexity: quantized.float } : {}),
        parameters: result?.compression.parameters, exportedAt: new Date().toISOString(),
      });
      const files = EXPORT_FILES.filter((f) => existsSync(resolve(out, f))).join(', ');
      io.out(`exported ${run.dir} -> ${out} (${files}; ${opts.format} format, weights ${quantize ?? 'float32'}, ${bytes.toLocaleString('en-US')} bytes)\n`);
      if (quantized) io.out(`test perplexity: float32 ${quantized.float.toFixed(2)}, ${quantize} ${quantized.quantized.toFixed(2)} (${quantized.corpus})\n`);
    } finally {
      run.dispose();
    }
  },
});

/** The run's model as a tfjs LayersModel in `out` (model.json, weights.bin, optionally quantized) with vocab.json beside it. */
async function writeLayersModel(run: OpenedRun, out: string, quantize: Quantization | undefined): Promise<void> {
  const [tf, { toLayersModel }, { fileSystemIO }, trainPkg, data] = await Promise.all([
    import('@tensorflow/tfjs-core'), import('@rrnn/train/layers'), import('@rrnn/backend'), import('@rrnn/train'), import('@rrnn/data'),
  ]);
  const model = toLayersModel(run.model);
  try {
    await model.save(tf.io.withSaveHandler(async (a) => {
      if (!quantize || !a.weightData || !a.weightSpecs) return fileSystemIO(out).save!(a);
      const q = trainPkg.quantizeWeightData(a.weightData as ArrayBuffer, a.weightSpecs, quantize);
      return fileSystemIO(out).save!({ ...a, weightData: q.data, weightSpecs: q.specs });
    }));
  } finally {
    model.dispose();
  }
  writeFileSync(resolve(out, 'vocab.json'), data.vocabularyToJSON(run.vocab));
}

/** Test perplexity of the float model (`knownFloat` when the run measured it) and of its quantized copy, on the run's corpus. */
async function quantizedScores(run: OpenedRun, quantize: Quantization, knownFloat?: number): Promise<{ float: number; quantized: number; corpus: string }> {
  if (!run.info) throw new RuntimeError(`${run.dir} is not a run folder (no run.json), so its corpus is unknown: export from the run folder to measure the ${quantize} model's perplexity`);
  const trainPkg = await import('@rrnn/train');
  const corpus = await loadChosenCorpus(run.info.corpus);
  const a = await trainPkg.modelToArtifacts(run.model, { quantize });
  const q = trainPkg.loadModelFromArtifacts(a.modelJson, a.weightData);
  try {
    const float = knownFloat ?? (await testScore(run.model, corpus, run.config)).perplexity;
    return { float, quantized: (await testScore(q, corpus, run.config)).perplexity, corpus: corpus.name };
  } finally {
    trainPkg.disposeLanguageModel(q);
  }
}
