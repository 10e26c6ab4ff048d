import { defineCommand } from '../framework/command.js';
import { UsageError } from '../framework/errors.js';
import { flag, posInt } from '../framework/values.js';
import { textTable } from '../format/table.js';
import { openRun } from '../training/open-run.js';
import { backendOption } from '../training/options.js';

export default defineCommand({
  name: 'predict',
  summary: 'The likeliest next words after some words, with their probabilities.',
  args: [
    { name: 'run-dir', help: 'a run folder made by rrnn train, or an exported model folder' },
    { name: 'words', help: 'the context, e.g. "the stock market"' },
  ],
  options: {
    topK: { kind: 'string', short: 'k', arg: '<k>', help: 'how many words to list', schema: posInt().default(10) },
    ...backendOption,
    json: { kind: 'boolean', help: 'print a JSON array of {word, probability}', schema: flag().default(false) },
  },
  examples: ['rrnn predict runs/my-run "the stock market" --top-k 5'],
  async run({ opts, args, io }) {
    const words = args[1].split(/\s+/).filter((w) => w !== '');
    if (words.length === 0) throw new UsageError('<words> is empty: give at least one word of context');
    const run = await openRun(args[0], io.cwd, opts.backend);
    try {
      const { predictNext } = await import('@rrnn/eval');
      const next = predictNext(run.model, run.vocab, words, opts.topK);
      if (opts.json) io.out(`${JSON.stringify(next)}\n`);
      else io.out(textTable(['word', 'probability'], next.map((p) => [p.word, p.probability.toFixed(4)])));
    } finally {
      run.dispose();
    }
  },
});
