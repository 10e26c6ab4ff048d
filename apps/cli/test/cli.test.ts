import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, rrnn, sharedData, tempDir } from './helpers';

beforeAll(ensureBuilt);

const PAPER_LSTM = [130600, 172810, 215020, 383860, 552700, 721540, 890380, 974800];

describe.concurrent('help', () => {
  it('rrnn --help lists every command', async () => {
    const r = await rrnn(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['train', 'eval', 'params', 'corpus', 'sweep', 'worker', 'generate', 'predict', 'export', 'bench']) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
  });

  it('every command has --help with its options', async () => {
    const runs = await Promise.all(['train', 'eval', 'params', 'corpus', 'sweep', 'generate', 'predict', 'export'].map((c) => rrnn([c, '--help'])));
    for (const r of runs) {
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: rrnn \w+/);
      expect(r.stdout).toContain('--config <file>');
    }
    expect(runs[0].stdout).toContain('--max-steps <n>');
    expect(runs[0].stdout).toContain('--[no-]tied');
  });

  it('an unknown command exits 2 with the closest command and where the list is', async () => {
    const r = await rrnn(['trian']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("rrnn: unknown command 'trian' (did you mean train?)\nSee 'rrnn --help' for the commands.\n");
  });
});

describe.concurrent('rrnn params', () => {
  it('--json reproduces the paper\'s LSTM row exactly', async () => {
    const r = await rrnn(['params', '--cell', 'lstm', '--embedding', '200', '--hidden', '200', '--layers', '3', '--vocab', '10000', '--tied', '--rates', '1,0.95,0.9,0.7,0.5,0.3,0.1,0', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows.map((x) => x.rnnParameters)).toEqual(PAPER_LSTM);
    expect(rows.map((x) => x.sharingRate)).toEqual([1, 0.95, 0.9, 0.7, 0.5, 0.3, 0.1, 0]);
    expect(Object.keys(rows[0]).sort()).toEqual(['cell', 'decoder', 'embedding', 'recurrent', 'rnnParameters', 'sharingRate', 'total']);
    // r = 0.5, every parameter counted: 2,552,700 (2,000,000 of them the embedding)
    expect(rows[4]).toMatchObject({ cell: 'lstm', total: 2552700, embedding: 2000000, decoder: 10000, recurrent: 542700 });
  });

  it('several cells in one table; the defaults are the paper\'s table', async () => {
    const r = await rrnn(['params', '--cell', 'rnn,gru,lstm', '--json']);
    const rows = JSON.parse(r.stdout) as { cell: string; rnnParameters: number }[];
    expect(rows.filter((x) => x.cell === 'rnn').map((x) => x.rnnParameters)).toEqual([130600, 136630, 142660, 166780, 190900, 215020, 239140, 251200]);
    expect(rows.filter((x) => x.cell === 'gru').map((x) => x.rnnParameters)).toEqual([130600, 160750, 190900, 311500, 432100, 552700, 673300, 733600]);
    expect(rows.filter((x) => x.cell === 'lstm').map((x) => x.rnnParameters)).toEqual(PAPER_LSTM);
    const table = await rrnn(['params', '--cell', 'lstm']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^lstm\s+0\.5\s+552,700\s+542,700\s+2,000,000\s+10,000\s+2,552,700\s+56\.7%$/m);
  });

  it('--config takes the same keys as the flags, and flags win', async () => {
    const dir = tempDir();
    const yaml = join(dir, 'p.yaml');
    writeFileSync(yaml, 'cell: lstm\nrates: [0.5, 0]\nhidden: 200\nembedding: 200\nlayers: 3\nvocab: 10000\ntied: true\njson: true\n');
    const r = await rrnn(['params', '--config', yaml, '--rates', '1']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((x: { rnnParameters: number }) => x.rnnParameters)).toEqual([130600]);
    const json = join(dir, 'p.json');
    writeFileSync(json, JSON.stringify({ cell: 'lstm', rates: [0.5], json: true, 'max-vocab': 3 }));
    const bad = await rrnn(['params', '--config', json]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown key 'max-vocab'");
  });
});

describe.concurrent('usage errors exit 2 with the problem and where help is, not the whole usage', () => {
  const cases: [string[], RegExp][] = [
    [['params', '--bogus'], /unknown option --bogus\n/],
    [['params', '--rates', '1.5'], /--rates: a sharing rate must be between 0 and 1/],
    [['train', '--rate', '1.5'], /--rate: a sharing rate must be between 0 and 1 \(got "1.5"\)/],
    [['train', '--cell', 'transformer'], /--cell: expected one of rnn, gru, lstm/],
    [['train', '--hidden', 'many'], /--hidden: expected a positive integer/],
    [['train', '--epochs', '0'], /--epochs: expected a positive integer/],
    [['train', '--layers', '2', '--rates', '0.5,0.5,0.5'], /--rates gives 3 rate\(s\) but there are 2 layers/],
    [['params', '--cell', 'lstm,cnn'], /--cell: expected one of rnn, gru, lstm/],
    [['eval'], /missing argument <run-dir>/],
    [['corpus', 'extra'], /unexpected argument 'extra'/],
    [['bench', '--reference', ' , '], /--reference: give at least one value/],
    [['bench', '--burst', '0'], /--burst: expected a positive integer/],
  ];
  it.each(cases)('rrnn %j', async (args, problem) => {
    const r = await rrnn(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(problem);
    expect(r.stderr).toContain(`\nSee 'rrnn ${args[0]} --help' for its options.\n`);
    expect(r.stderr).not.toContain('Usage:');
    expect(r.stdout).toBe('');
  });
});

describe('rrnn corpus', () => {
  it('--json on Penn Treebank gives the published counts', async () => {
    const r = await rrnn(['corpus', '--corpus', 'ptb', '--data-dir', sharedData, '--json']);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c).toMatchObject({ train: { tokens: 929589 }, valid: { tokens: 73760 }, test: { tokens: 82430 }, vocabSize: 10000 });
  });

  it('a missing corpus is a one-line runtime failure, exit 1', async () => {
    const r = await rrnn(['corpus', '--corpus', join(tempDir(), 'nothing-here')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^rrnn corpus: .*nothing-here.*no such file or folder/);
  });
});

describe('rrnn train --dry-run', () => {
  it('resolves flags over a --config file over the default run, and creates nothing', async () => {
    const dir = tempDir();
    const yaml = join(dir, 'run.yaml');
    writeFileSync(yaml, 'cell: gru\nhidden: 32\nrates: [0.5, 0.5, 1]\ntied: false\ndropout: 0.3\nlr: 0.5\nmax-steps: 7\n');
    const r = await rrnn(['train', '--config', yaml, '--hidden', '48', '--corpus', 'ptb', '--data-dir', sharedData, '--name', 'x', '--dry-run'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.dir).toBe(join(dir, 'runs', 'x'));
    expect(plan.config.model).toMatchObject({ cell: 'gru', hiddenSize: 48, numLayers: 3, sharingRates: [0.5, 0.5, 1], tied: false, dropout: 0.3, vocabSize: 10000 });
    expect(plan.config).toMatchObject({ lr: 0.5, maxSteps: 7 });
    expect(existsSync(join(dir, 'runs'))).toBe(false);
  });
});
