import { defineCommand } from '../framework/command.js';
import { flag, natural, num, posInt, text } from '../framework/values.js';
import { openRun } from '../training/open-run.js';
import { backendOption } from '../training/options.js';

/** Words as text: `<eos>` ends a line. */
export function wordsToText(words: string[]): string {
  return words.join(' ').replace(/ ?<eos> ?/g, '\n').trim();
}

export default defineCommand({
  name: 'generate',
  summary: 'Sample text from a trained run.',
  args: [{ name: 'run-dir', help: 'a run folder made by rrnn train, or an exported model folder' }],
  options: {
    prompt: { kind: 'string', short: 'p', arg: '<text>', help: 'words to start from', schema: text().optional() },
    length: { kind: 'string', short: 'n', arg: '<n>', help: 'words to generate', schema: posInt().default(50) },
    temperature: { kind: 'string', short: 't', arg: '<x>', help: 'sampling temperature: lower is more conservative, 0 picks the likeliest word', schema: num().refine((x) => x >= 0, 'the temperature must be >= 0').default(1) },
    topK: { kind: 'string', short: 'k', arg: '<k>', help: 'sample only among the k likeliest words (default: all)', schema: posInt().optional() },
    seed: { kind: 'string', arg: '<n>', help: 'random seed', schema: natural().default(0) },
    ...backendOption,
    json: { kind: 'boolean', help: 'print {prompt, words, text} as JSON', schema: flag().default(false) },
  },
  examples: ['rrnn generate runs/my-run --prompt "the president" --length 30 --temperature 0.8 --top-k 20'],
  async run({ opts, args, io }) {
    const run = await openRun(args[0], io.cwd, opts.backend);
    try {
      const { generate } = await import('@rrnn/eval');
      const words = generate(run.model, run.vocab, {
        prompt: opts.prompt, length: opts.length, temperature: opts.temperature, seed: opts.seed,
        ...(opts.topK !== undefined ? { topK: opts.topK } : {}),
      });
      const textOut = wordsToText(words);
      if (opts.json) io.out(`${JSON.stringify({ prompt: opts.prompt ?? '', words, text: textOut })}\n`);
      else io.out(`${opts.prompt ? `${opts.prompt} ` : ''}${textOut}\n`);
    } finally {
      run.dispose();
    }
  },
});
