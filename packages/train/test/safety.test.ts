/**
 * Issue 14 on the @rrnn/train side: divergence that stays finite, the one
 * resume policy, mid-epoch checkpoints, checksums, finite weights, a damaged
 * optimizer state that blocks only resuming, output folders that cannot exist.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createLanguageModel, disposeLanguageModel, DivergenceError, modelParameters, resumeChanges,
  ResumeConflictError, train, type TrainEvent,
} from '../src';
import { loadCheckpoint, loadRun, saveCheckpoint } from '../src/node';
import { makeDir } from '../src/layout';
import { tinyCorpus, tinyModel, tinyTrain } from './helpers';

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'rrnn-safety-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const stepLosses = (events: TrainEvent[]) => events.flatMap((e) => (e.type === 'step' ? [e.loss] : []));

describe('divergence', () => {
  test('a loss far above log V is divergence even while finite: rejected, best/ untouched', async () => {
    const out = join(dir, 'diverge');
    await train({ config: tinyTrain({ epochs: 1 }), corpus: tinyCorpus(), outDir: out });
    const best = await readFile(join(out, 'best', 'weights.bin'));
    const blowUp = train({ config: tinyTrain({ epochs: 2, lr: 1e6, clip: 0 }), corpus: tinyCorpus(), outDir: out, resume: true });
    await expect(blowUp).rejects.toThrow(DivergenceError);
    await expect(blowUp).rejects.toThrow(/far worse than guessing uniformly|the loss is (NaN|Infinity)/);
    expect(await readFile(join(out, 'best', 'weights.bin'))).toEqual(best);
    expect(tf.memory().numTensors).toBeLessThan(50);
  });
});

describe('resume policy', () => {
  test('fixed settings are rejected by name; optimisation settings are listed as changes', () => {
    const saved = tinyTrain();
    expect(() => resumeChanges(saved, tinyTrain({ batchSize: 8 }))).toThrow(ResumeConflictError);
    expect(() => resumeChanges(saved, tinyTrain({ model: tinyModel({ hiddenSize: 12 }) }))).toThrow(/model\.hiddenSize cannot change \(saved 10, asked 12\)/);
    expect(() => resumeChanges(saved, tinyTrain({ momentum: 0.9 }))).toThrow(/momentum cannot change/);
    expect(resumeChanges(saved, { ...saved, momentum: 0, init: 'uniform' })).toEqual([]); // defaults spelled out are no change
    const changes = resumeChanges(saved, tinyTrain({ lr: 0.1, clip: 1, weightDecay: 0, model: tinyModel({ dropout: 0 }) }));
    expect(changes.map((c) => c.setting).sort()).toEqual(['clip', 'lr', 'model.dropout', 'weightDecay']);
  });

  test('--lr on resume takes effect and is recorded in the history', async () => {
    const out = join(dir, 'relr');
    await train({ config: tinyTrain({ epochs: 2, maxSteps: 5 }), corpus: tinyCorpus(), outDir: out });
    const events: TrainEvent[] = [];
    await train({ config: tinyTrain({ epochs: 2, maxSteps: 8, lr: 0.25, schedule: 'none' }), corpus: tinyCorpus(), outDir: out, resume: true, onEvent: (e) => events.push(e) });
    const lrs = events.flatMap((e) => (e.type === 'step' ? [e.lr] : []));
    expect(lrs).toEqual([0.25, 0.25, 0.25]);
    expect(events[0]).toMatchObject({ type: 'resume', step: 5, changes: expect.arrayContaining([{ setting: 'lr', from: 1, to: 0.25 }]) });
    const state = JSON.parse(await readFile(join(out, 'last', 'training-state.json'), 'utf8'));
    expect(state.history[0].changes.map((c: { setting: string }) => c.setting).sort()).toEqual(['lr', 'maxSteps', 'schedule']);
    await expect(train({ config: tinyTrain({ epochs: 2, bptt: 5 }), corpus: tinyCorpus(), outDir: out, resume: true })).rejects.toThrow(/bptt cannot change/);
  });
});

describe('checkpointEvery', () => {
  test('saves last/ within the epoch, and resuming from it gives the uninterrupted losses', async () => {
    const whole: TrainEvent[] = [];
    await train({ config: tinyTrain({ epochs: 1, maxSteps: 9 }), corpus: tinyCorpus(), onEvent: (e) => whole.push(e) });
    const out = join(dir, 'every');
    const first: TrainEvent[] = [];
    const ctrl = new AbortController();
    await train({
      config: tinyTrain({ epochs: 1, maxSteps: 9 }), corpus: tinyCorpus(), outDir: out, checkpointEvery: 4, signal: ctrl.signal,
      onEvent: (e) => {
        first.push(e);
        if (e.type === 'checkpoint' && first.filter((x) => x.type === 'step').length === 4) ctrl.abort();
      },
    }).catch(() => undefined);
    const saved = JSON.parse(await readFile(join(out, 'last', 'training-state.json'), 'utf8'));
    expect(saved.step).toBeGreaterThanOrEqual(4);
    const rest: TrainEvent[] = [];
    await train({ config: tinyTrain({ epochs: 1, maxSteps: 9 }), corpus: tinyCorpus(), outDir: out, resume: true, onEvent: (e) => rest.push(e) });
    const all = [...stepLosses(first).slice(0, saved.step), ...stepLosses(rest)];
    expect(all).toEqual(stepLosses(whole));
  });
});

describe('damaged checkpoints', () => {
  const save = async (name: string, withTraining = false) => {
    const out = join(dir, name);
    if (withTraining) await train({ config: tinyTrain({ epochs: 1, maxSteps: 3 }), corpus: tinyCorpus(), outDir: out });
    else {
      const m = createLanguageModel(tinyModel(), 3);
      await saveCheckpoint(join(out, 'last'), { model: m, vocab: tinyCorpus().vocab, config: tinyTrain() });
      disposeLanguageModel(m);
    }
    return join(out, 'last');
  };

  test('a flipped byte in weights.bin is detected on load, naming the file', async () => {
    const ck = await save('flip');
    const bytes = await readFile(join(ck, 'weights.bin'));
    bytes[17] ^= 0x01;
    await writeFile(join(ck, 'weights.bin'), bytes);
    await expect(loadCheckpoint(ck)).rejects.toThrow(/flip\/last\/weights\.bin is damaged \(its SHA-256/);
  });

  test('NaN weights are refused, naming the parameter', async () => {
    const m = createLanguageModel(tinyModel(), 3);
    modelParameters(m).embedding.assign(tf.fill(m.embedding.shape, NaN));
    await saveCheckpoint(join(dir, 'nan'), { model: m, vocab: tinyCorpus().vocab, config: tinyTrain() });
    disposeLanguageModel(m);
    await expect(loadCheckpoint(join(dir, 'nan'))).rejects.toThrow(/NaN or infinite weights in embedding/);
  });

  test('a truncated optimizer state blocks only resuming, and the error names the file', async () => {
    const ck = await save('state', true);
    const bin = await readFile(join(ck, 'training-state.bin'));
    await writeFile(join(ck, 'training-state.bin'), bin.subarray(0, 10));
    const run = await loadRun(join(dir, 'state'));
    disposeLanguageModel(run.model);
    await expect(loadCheckpoint(ck)).rejects.toThrow(/state\/last\/training-state\.bin is damaged/);
    // without the manifest the size check still names it
    await rm(join(ck, 'manifest.json'));
    await expect(loadCheckpoint(ck)).rejects.toThrow(/training-state\.bin is truncated or damaged \(10 bytes/);
  });
});

test('an output folder that cannot be made fails at once, naming it (no endless mkdir under /proc)', async () => {
  const started = performance.now();
  await expect(makeDir('/proc/rrnn-test/run')).rejects.toThrow(/cannot create \/proc\/rrnn-test/);
  expect(performance.now() - started).toBeLessThan(1000);
});
