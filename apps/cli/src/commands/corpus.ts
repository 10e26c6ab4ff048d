import { defineCommand } from '../framework/command.js';
import { flag } from '../framework/values.js';
import { textTable } from '../format/table.js';
import { corpusChoice, corpusOptions, loadChosenCorpus } from '../training/corpus-options.js';

export default defineCommand({
  name: 'corpus',
  summary: 'Token counts per split and vocabulary size of a corpus, with the unigram baseline perplexity.',
  args: [],
  options: {
    ...corpusOptions,
    json: { kind: 'boolean', help: 'print {train: {tokens}, valid: {tokens}, test: {tokens}, vocabSize, unigramPerplexity}', schema: flag().default(false) },
  },
  examples: ['rrnn corpus', 'rrnn corpus --corpus ptb --json', 'rrnn corpus --corpus ./my-texts --min-count 2'],
  async run({ opts, io }) {
    const choice = corpusChoice(opts, io.cwd);
    const c = await loadChosenCorpus(choice);
    const { unigramPerplexity } = await import('@rrnn/data');
    const vocabSize = c.vocab.tokens.length;
    const unigram = { valid: unigramPerplexity(c.train, c.valid, vocabSize), test: unigramPerplexity(c.train, c.test, vocabSize) };
    if (opts.json) {
      const summary = {
        name: c.name, train: { tokens: c.train.length }, valid: { tokens: c.valid.length }, test: { tokens: c.test.length },
        vocabSize, unigramPerplexity: unigram,
      };
      io.out(`${JSON.stringify(summary)}\n`);
      return;
    }
    io.out(`corpus ${c.name}${choice.corpus !== c.name ? ` (${choice.corpus})` : ''}\n\n`);
    io.out(textTable(['split', 'tokens', 'unigram ppl'], [
      ['train', c.train.length, '-'],
      ['valid', c.valid.length, unigram.valid.toFixed(1)],
      ['test', c.test.length, unigram.test.toFixed(1)],
    ]));
    io.out(`\nvocabulary ${vocabSize.toLocaleString('en-US')} words (including <unk> and <eos>)\n`);
  },
});
