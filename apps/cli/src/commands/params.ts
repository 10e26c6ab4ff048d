import { CELLS, type CellType } from '@rrnn/core/layout';
import { defineCommand } from '../framework/command.js';
import { RuntimeError } from '../framework/errors.js';
import { flag, listOf, MAX_LAYERS, MAX_SIZE, posInt, rateList } from '../framework/values.js';
import { textTable } from '../format/table.js';
import { PAPER_RATES } from '../sweep/grid.js';

/** One row of `rrnn params --json`. */
export interface ParamsRow {
  cell: CellType;
  sharingRate: number;
  /** Recurrent layers + decoder bias: the paper's "RNN parameters". */
  rnnParameters: number;
  recurrent: number;
  embedding: number;
  /** Decoder weight (0 when tied) + decoder bias. */
  decoder: number;
  total: number;
}

/** Parameter counts for every cell x rate of a language model of the given sizes. */
export async function paramsRows(o: { cells: CellType[]; rates: number[]; vocab: number; embedding: number; hidden: number; layers: number; tied: boolean }): Promise<ParamsRow[]> {
  const { languageModelParameterCount } = await import('@rrnn/core');
  return o.cells.flatMap((cell) =>
    o.rates.map((sharingRate) => {
      const c = languageModelParameterCount({
        cell, sharingRates: sharingRate, vocabSize: o.vocab, embeddingSize: o.embedding,
        hiddenSize: o.hidden, numLayers: o.layers, tied: o.tied,
      });
      if (!Number.isSafeInteger(c.total)) throw new RuntimeError(`${cell} r=${sharingRate}: the model would have about ${c.total.toExponential(3)} parameters, past exact integers (2^53); use smaller sizes`);
      return {
        cell, sharingRate, rnnParameters: c.rnnParameters, recurrent: c.recurrent,
        embedding: c.embedding, decoder: c.decoderWeight + c.decoderBias, total: c.total,
      };
    }),
  );
}

export default defineCommand({
  name: 'params',
  summary: 'Parameter counts of restricted language models for given sizes and sharing rates (defaults: the paper\'s table).',
  args: [],
  options: {
    cell: { kind: 'string', arg: '<rnn,gru,lstm>', help: 'cell type(s), comma-separated', schema: listOf(CELLS).default([...CELLS]) },
    rates: { kind: 'string', arg: '<r,...>', help: 'sharing rates, one row each (the paper\'s table by default)', schema: rateList().default(PAPER_RATES) },
    vocab: { kind: 'string', arg: '<n>', help: 'vocabulary size', schema: posInt(MAX_SIZE).default(10000) },
    embedding: { kind: 'string', arg: '<n>', help: 'embedding size', schema: posInt(MAX_SIZE).default(200) },
    hidden: { kind: 'string', arg: '<n>', help: 'hidden size of each recurrent layer', schema: posInt(MAX_SIZE).default(200) },
    layers: { kind: 'string', arg: '<n>', help: 'number of recurrent layers', schema: posInt(MAX_LAYERS).default(3) },
    tied: { kind: 'boolean', negatable: true, help: 'decoder tied to the embedding; last layer projects to the embedding size', schema: flag().default(true) },
    json: { kind: 'boolean', help: 'print a JSON array of {cell, sharingRate, rnnParameters, recurrent, embedding, decoder, total}', schema: flag().default(false) },
  },
  examples: [
    'rrnn params',
    'rrnn params --cell lstm --embedding 200 --hidden 200 --layers 3 --vocab 10000 --tied --rates 1,0.95,0.9,0.7,0.5,0.3,0.1,0 --json',
  ],
  async run({ opts, io }) {
    const rows = await paramsRows({ cells: opts.cell, rates: opts.rates, vocab: opts.vocab, embedding: opts.embedding, hidden: opts.hidden, layers: opts.layers, tied: opts.tied });
    if (opts.json) {
      io.out(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    const classic = new Map((await paramsRows({ ...opts, cells: opts.cell, rates: [0] })).map((r) => [r.cell, r.rnnParameters]));
    io.out(`vocabulary ${opts.vocab}, embedding ${opts.embedding}, ${opts.layers} layer(s) of ${opts.hidden}, ${opts.tied ? 'tied' : 'untied'} decoder\n`);
    io.out('rnn params = recurrent layers + decoder bias (the paper\'s figure); vs r=0 = rnn params / those of the classic cell\n\n');
    io.out(textTable(
      ['cell', 'r', 'rnn params', 'recurrent', 'embedding', 'decoder', 'total', 'vs r=0'],
      rows.map((r) => [r.cell, String(r.sharingRate), r.rnnParameters, r.recurrent, r.embedding, r.decoder, r.total, `${((100 * r.rnnParameters) / classic.get(r.cell)!).toFixed(1)}%`]),
    ));
  },
});
