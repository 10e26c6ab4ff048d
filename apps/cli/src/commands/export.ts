import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineCommand } from '../framework/command.js';
import { RuntimeError } from '../framework/errors.js';
import { flag } from '../framework/values.js';
import { openRun } from '../training/open-run.js';
import { readResult } from '../training/run-dir.js';
import { writeJson } from '../training/run-dir.js';
import type { RunResult } from '../training/evaluate.js';

export default defineCommand({
  name: 'export',
  summary: 'Write a browser-ready model folder (model.json, weights.bin, vocab.json, config.json) from a run.',
  args: [
    { name: 'run-dir', help: 'a run folder made by rrnn train' },
    { name: 'dir', help: 'the folder to write (must be empty or new)' },
  ],
  options: {
    force: { kind: 'boolean', help: 'overwrite a non-empty output folder', schema: flag().default(false) },
  },
  examples: ['rrnn export runs/my-run apps/docs/public/models/brown-lstm'],
  async run({ opts, args, io }) {
    const out = resolve(io.cwd, args[1]);
    if (existsSync(out) && readdirSync(out).length > 0 && !opts.force) throw new RuntimeError(`${out} is not empty: pass --force to overwrite it`);
    const run = await openRun(args[0], io.cwd);
    try {
      const { saveCheckpoint } = await import('@rrnn/train');
      await saveCheckpoint(out, { model: run.model, vocab: run.vocab, config: run.config });
      const result = readResult<RunResult>(run.dir);
      writeJson(resolve(out, 'meta.json'), {
        format: 'rrnn-export', source: run.dir, corpus: result?.corpus ?? run.info?.corpus.corpus,
        testPerplexity: result?.test.perplexity, parameters: result?.compression.parameters, exportedAt: new Date().toISOString(),
      });
      io.out(`exported ${run.dir} -> ${out} (model.json, weights.bin, vocab.json, config.json, meta.json)\n`);
    } finally {
      run.dispose();
    }
  },
});
