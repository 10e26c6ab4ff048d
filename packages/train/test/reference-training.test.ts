import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useBackend } from '@rrnn/backend';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadTraceCases, replayTrace, traceFilePath, traceMismatches, type TraceCase } from './reference-trace';

beforeAll(() => tf.setBackend('cpu'));
afterAll(() => tf.setBackend('cpu'));

// Loaded at collection time: a missing or empty file fails the whole file, never skips it.
const cases = loadTraceCases();
const label = (c: TraceCase) => `${c.cell} r=${c.sharingRate} ${c.tied ? 'tied' : 'untied'} L${c.layers}`;

describe(`reference training traces (${traceFilePath()})`, () => {
  test('the file holds cases of every cell, with momentum', () => {
    expect(new Set(cases.map((c) => c.cell))).toEqual(new Set(['RNN', 'GRU', 'LSTM']));
    for (const c of cases) expect(c.optimizer.momentum).toBeGreaterThan(0);
  });

  test.each(cases.map((c) => [label(c), c] as const))('%s: every step loss and the validation loss within 1e-4 relative', async (_, c) => {
    const got = await replayTrace(c);
    expect(traceMismatches(c, got)).toEqual([]);
    expect(got.stepLosses).toHaveLength(c.stepLosses.length);
  });

  test('on the wasm backend (the Node default) too, every case within 1e-4', async () => {
    await useBackend('wasm');
    try {
      for (const c of cases) expect([label(c), ...traceMismatches(c, await replayTrace(c))]).toEqual([label(c)]);
    } finally {
      await tf.setBackend('cpu');
    }
  });

  test('a wrong trace fails: one step loss off by 1e-3 relative, or the recipe without momentum', async () => {
    const c = cases[0];
    const got = await replayTrace(c);
    const bent = { ...c, stepLosses: c.stepLosses.map((v, i) => (i === 7 ? v * (1 + 1e-3) : v)) };
    expect(traceMismatches(bent, got)).toEqual([expect.stringMatching(/^step 8: loss/)]);
    const plain = await replayTrace(c, (config) => ({ ...config, momentum: 0 }));
    expect(traceMismatches(c, plain).length).toBeGreaterThan(1);
  });

  test('RRNN_TRAIN_GOLDEN names the file (relative to where pnpm ran); a missing one is an error naming the variable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rrnn-trace-'));
    const saved = { golden: process.env.RRNN_TRAIN_GOLDEN, init: process.env.INIT_CWD };
    try {
      process.env.INIT_CWD = dir;
      process.env.RRNN_TRAIN_GOLDEN = 'mine.json';
      expect(traceFilePath()).toBe(join(dir, 'mine.json'));
      expect(() => loadTraceCases()).toThrow(/mine\.json cannot be read .*set RRNN_TRAIN_GOLDEN to a reference-training.json file/);
      await writeFile(join(dir, 'mine.json'), JSON.stringify({ cases: [cases[2]] }));
      expect(loadTraceCases()).toHaveLength(1);
      await writeFile(join(dir, 'mine.json'), '{"cases": []}');
      expect(() => loadTraceCases()).toThrow(/has no cases/);
    } finally {
      for (const [k, v] of [['RRNN_TRAIN_GOLDEN', saved.golden], ['INIT_CWD', saved.init]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await rm(dir, { recursive: true, force: true });
    }
  });
});
