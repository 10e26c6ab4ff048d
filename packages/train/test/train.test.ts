import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DivergenceError, train, type TrainEvent } from '../src';
import { loadRun } from '../src/node';
import { tinyCorpus, tinyModel, tinyTrain } from './helpers';

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'rrnn-train-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const stepLosses = (events: TrainEvent[]) =>
  events.flatMap((e) => (e.type === 'step' ? [[e.step, e.loss] as const] : []));

describe('train', () => {
  test('the loss falls and validation beats the untrained model', async () => {
    const events: TrainEvent[] = [];
    const r = await train({ config: tinyTrain({ lr: 5, epochs: 2 }), corpus: tinyCorpus(), onEvent: (e) => events.push(e) });
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs).toHaveLength(2);
    expect(r.steps).toBe(2 * Math.ceil((750 - 1) / 10));
    expect(r.bestValidPerplexity).toBeLessThan(6); // vocabulary 12: uniform would be 12
    const steps = events.filter((e) => e.type === 'step');
    const first = steps[0];
    expect(first.type === 'step' && first.lr).toBe(5); // cosine: epoch 0 at the base rate
    const second = steps.find((e) => e.type === 'step' && e.epoch === 1);
    expect(second?.type === 'step' && second.lr).toBeCloseTo(2.5, 12); // (1 + cos(pi/2)) / 2 * 5
    expect(events.at(-1)?.type).toBe('done');
    // each validation pass reports its progress, ending at all of its time steps, just before its epoch event
    const epochAt = events.findIndex((e) => e.type === 'epoch');
    const before = events[epochAt - 1];
    expect(before).toMatchObject({ type: 'evaluating', epoch: 0, split: 'valid' });
    expect(before.type === 'evaluating' && before.done === before.total && before.total > 0).toBe(true);
    for (const e of steps) if (e.type === 'step') expect(e.tokensPerSecond > 0 && e.etaSeconds >= 0 && e.perplexity === Math.exp(e.loss)).toBe(true);
    // the last step still has the last validation pass ahead (eta.test.ts checks the arithmetic)
    const last = steps.at(-1);
    expect(last?.type === 'step' && last.step === r.steps && last.etaSeconds > 0).toBe(true);
  });

  test('tensor count after step 1,000 equals the count after step 10', async () => {
    const counts = new Map<number, number>();
    await train({
      config: tinyTrain({ model: tinyModel({ cell: 'rnn', numLayers: 1, sharingRates: [0.5], embeddingSize: 4, hiddenSize: 4 }), bptt: 3, batchSize: 2, epochs: 3, optimizer: 'adam', lr: 0.01 }),
      corpus: tinyCorpus(3000),
      onEvent: (e) => {
        if (e.type === 'step' && (e.step === 10 || e.step === 1000)) counts.set(e.step, tf.memory().numTensors);
      },
    });
    expect(counts.get(10)).toBeGreaterThan(0);
    expect(counts.get(1000)).toBe(counts.get(10));
  });

  test('resuming from last/ reproduces the uninterrupted loss curve exactly', async () => {
    const corpus = tinyCorpus(2000);
    const config = tinyTrain({ optimizer: 'adam', lr: 0.01, epochs: 2 }); // 2 epochs of 50 steps: dropout, Adam slots, schedule, carried state all matter
    const whole: TrainEvent[] = [];
    await train({ config, corpus, outDir: join(dir, 'whole'), onEvent: (e) => whole.push(e) });

    const first: TrainEvent[] = [];
    const stopped = await train({ config: { ...config, maxSteps: 70 }, corpus, outDir: join(dir, 'resumed'), onEvent: (e) => first.push(e) });
    expect(stopped.stopReason).toBe('maxSteps');
    expect(stopped.steps).toBe(70);
    const second: TrainEvent[] = [];
    const done = await train({ config, corpus, outDir: join(dir, 'resumed'), resume: true, onEvent: (e) => second.push(e) });
    expect(done.stopReason).toBe('completed');
    expect(done.steps).toBe(100);
    expect(stepLosses(second)[0][0]).toBe(71);
    expect([...stepLosses(first), ...stepLosses(second)]).toEqual(stepLosses(whole));
    const validOf = (ev: TrainEvent[]) => ev.flatMap((e) => (e.type === 'epoch' ? [e.validLoss] : []));
    expect([...validOf(first), ...validOf(second)]).toEqual(validOf(whole));
  });

  test('abort saves last/ and resolves; the run resumes from there', async () => {
    const corpus = tinyCorpus(2000);
    const config = tinyTrain({ epochs: 1 });
    const ac = new AbortController();
    const seen: TrainEvent[] = [];
    const r = await train({
      config, corpus, outDir: join(dir, 'aborted'), signal: ac.signal,
      onEvent: (e) => {
        seen.push(e);
        if (e.type === 'step' && e.step === 5) ac.abort();
      },
    });
    expect(r.stopReason).toBe('aborted');
    expect(seen).toContainEqual({ type: 'checkpoint', dir: join(dir, 'aborted', 'last'), kind: 'last' });
    const state = JSON.parse(await readFile(join(dir, 'aborted', 'last', 'training-state.json'), 'utf8'));
    expect(state.step).toBeGreaterThanOrEqual(5);
    expect(state.window).toBe(state.step);
    const resumed = await train({ config, corpus, outDir: join(dir, 'aborted'), resume: true });
    expect(resumed.steps).toBe(50);
  });

  test('a diverging run stops with the step and a lower-lr hint, leaving the last checkpoint intact', async () => {
    const corpus = tinyCorpus(2000);
    const out = join(dir, 'diverge');
    await train({ config: tinyTrain({ epochs: 1 }), corpus, outDir: out });
    const before = await readFile(join(out, 'last', 'weights.bin'));
    const beforeState = await readFile(join(out, 'last', 'training-state.json'), 'utf8');
    const tensors = tf.memory().numTensors;
    const err = await train({ config: tinyTrain({ epochs: 2, lr: 1e30, clip: 0 }), corpus, outDir: out, resume: true }).catch((e) => e);
    expect(err).toBeInstanceOf(DivergenceError);
    // caught while still finite: far above log V (issue 14), or once it is no longer a number
    expect(err.message).toMatch(/diverged at step \d+: the loss is (NaN|Infinity|[\d.e+]+, above [\d.]+ \(far worse than guessing uniformly\))/);
    expect(err.message).toMatch(/Lower the learning rate \(e\.g\. lr 5e\+28 instead of 5e\+29\)/);
    expect(err.step).toBeGreaterThan(50);
    expect(await readFile(join(out, 'last', 'weights.bin'))).toEqual(before);
    expect(await readFile(join(out, 'last', 'training-state.json'), 'utf8')).toBe(beforeState);
    expect(tf.memory().numTensors).toBe(tensors); // everything disposed on the way out
    expect((await readdir(out)).sort()).toEqual(['best', 'last']);
  });

  test('loadRun loads best/ with its vocabulary and config', async () => {
    const run = await loadRun(join(dir, 'whole'));
    expect(run.config.optimizer).toBe('adam');
    expect(run.vocab.tokens).toEqual(tinyCorpus().vocab.tokens);
    expect(run.model.config).toEqual(run.config.model);
  });

  test('bad options are rejected with the field named', async () => {
    const corpus = tinyCorpus();
    await expect(train({ config: tinyTrain({ model: tinyModel({ vocabSize: 99 }) }), corpus })).rejects.toThrow(/vocabSize is 99 .* set vocabSize to 12/);
    await expect(train({ config: tinyTrain({ lr: -1 }), corpus })).rejects.toThrow(/lr must be a positive number/);
    await expect(train({ config: tinyTrain({ model: tinyModel({ sharingRates: [0.5] }) }), corpus })).rejects.toThrow(/one rate per layer \(2\)/);
    await expect(train({ config: tinyTrain({ model: tinyModel({ dropout: 1 }) }), corpus })).rejects.toThrow(/dropout must be in \[0, 1\)/);
    await expect(train({ config: tinyTrain(), corpus, resume: true })).rejects.toThrow(/resume needs outDir/);
    await expect(train({ config: tinyTrain(), corpus, outDir: join(dir, 'nothing-here'), resume: true })).rejects.toThrow(/no model\.json in/);
  });
});
