import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CellType } from '@rrnn/core';
import {
  createLanguageModel, createOptimizer, disposeLanguageModel, disposeOptimizer, disposeState, initialState,
  evaluateLoss, modelParameters, train, trainStep, type ModelConfig, type TokenWindow, type TrainEvent,
} from '../src';
import { createShardComputer, evaluateLossParallel, localPeer, portPeer, shardRows, trainStepParallel, type GradientPeer } from '../src/parallel';
import { stateTensors } from '../src/state';
import { useBackend } from '@rrnn/backend';
import { tinyCorpus, tinyModel, tinyTrain } from './helpers';

beforeAll(() => tf.setBackend('cpu'));

function windowsOf(batch: number, len: number, count: number): TokenWindow[] {
  const ids = tinyCorpus().train;
  return Array.from({ length: count }, (_, k) => {
    const inputs = new Int32Array(batch * len);
    const targets = new Int32Array(batch * len);
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < len; t++) {
        const i = (b * 97 + k * len + t) % (ids.length - 1);
        inputs[b * len + t] = ids[i];
        targets[b * len + t] = ids[i + 1];
      }
    }
    return { inputs, targets, batch, len };
  });
}

/** Train `steps` windows single-threaded and with `peers`; return both runs' losses, weights and final state. */
async function compare(config: ModelConfig, peers: GradientPeer[], steps = 3, batch = 5) {
  const run = async (parallel: boolean) => {
    const m = createLanguageModel(config, 7);
    const params = modelParameters(m);
    const opt = createOptimizer('sgd', params, { weightDecay: 1e-6 });
    let state = initialState(m, batch);
    const losses: number[] = [];
    for (const [i, w] of windowsOf(batch, 6, steps).entries()) {
      const o = { lr: 1, clip: 0.25, seed: 11 + i, step: i + 1 };
      const r = parallel ? await trainStepParallel(m, params, opt, w, state, o, peers) : trainStep(m, params, opt, w, state, o);
      disposeState(state);
      state = r.state;
      losses.push(r.loss);
    }
    const weights = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.from(v.dataSync())]));
    const finalState = stateTensors(state).map((t) => ({ shape: t.shape, values: Array.from(t.dataSync()) }));
    disposeState(state);
    disposeOptimizer(opt);
    disposeLanguageModel(m);
    return { losses, weights, finalState };
  };
  return { single: await run(false), parallel: await run(true) };
}

function expectClose(a: number[], b: number[], tol = 1e-5) {
  expect(a.length).toBe(b.length);
  const worst = a.reduce((w, x, i) => Math.max(w, Math.abs(x - b[i])), 0);
  expect(worst).toBeLessThan(tol);
}

describe('shardRows', () => {
  test('splits the streams contiguously and evenly, larger shards first, never empty', () => {
    expect(shardRows(5, 2)).toEqual([{ start: 0, end: 3 }, { start: 3, end: 5 }]);
    expect(shardRows(8, 3)).toEqual([{ start: 0, end: 3 }, { start: 3, end: 6 }, { start: 6, end: 8 }]);
    expect(shardRows(2, 4)).toEqual([{ start: 0, end: 1 }, { start: 1, end: 2 }]);
    expect(shardRows(7, 1)).toEqual([{ start: 0, end: 7 }]);
  });
});

describe('data-parallel step (peers on this thread)', () => {
  for (const cell of ['lstm', 'gru', 'rnn'] as CellType[]) {
    test(`${cell}: without dropout it equals the single-threaded step (losses, weights, carried state)`, async () => {
      const config = tinyModel({ cell, dropout: 0 });
      const peers = [localPeer(config), localPeer(config)];
      const { single, parallel } = await compare(config, peers);
      await Promise.all(peers.map((p) => p.close()));
      expectClose(parallel.losses, single.losses);
      for (const k of Object.keys(single.weights)) expectClose(parallel.weights[k], single.weights[k]);
      expect(parallel.finalState.map((s) => s.shape)).toEqual(single.finalState.map((s) => s.shape));
      parallel.finalState.forEach((s, i) => expectClose(s.values, single.finalState[i].values));
      // the step did something: weights moved away from the initial ones
      expect(single.losses[0]).not.toBe(single.losses[2]);
    });
  }

  test('the tensor count stays flat over many parallel steps', async () => {
    const config = tinyModel();
    const peer = localPeer(config);
    const m = createLanguageModel(config, 1);
    const params = modelParameters(m);
    const opt = createOptimizer('sgd', params, { weightDecay: 0 });
    let state = initialState(m, 4);
    const counts: number[] = [];
    for (const [i, w] of windowsOf(4, 5, 30).entries()) {
      const r = await trainStepParallel(m, params, opt, w, state, { lr: 1, clip: 0.25, seed: i, step: i + 1 }, [peer]);
      disposeState(state);
      state = r.state;
      counts.push(tf.memory().numTensors);
    }
    expect(counts[29]).toBe(counts[2]);
    disposeState(state);
    disposeOptimizer(opt);
    disposeLanguageModel(m);
    await peer.close();
  });

  test('a failing peer rejects the step, leaves the weights alone and leaks nothing', async () => {
    const config = tinyModel();
    const fail = async () => Promise.reject(new Error('peer fell over'));
    const broken: GradientPeer = { compute: fail, evaluate: fail, close: async () => undefined };
    const m = createLanguageModel(config, 1);
    const params = modelParameters(m);
    const opt = createOptimizer('sgd', params, { weightDecay: 0 });
    const state = initialState(m, 4);
    const before = Array.from(params.embedding.dataSync());
    const count = tf.memory().numTensors;
    const [w] = windowsOf(4, 5, 1);
    await expect(trainStepParallel(m, params, opt, w, state, { lr: 1, clip: 0.25, seed: 0, step: 1 }, [broken])).rejects.toThrow('peer fell over');
    expect(tf.memory().numTensors).toBe(count);
    expect(Array.from(params.embedding.dataSync())).toEqual(before);
    disposeState(state);
    disposeOptimizer(opt);
    disposeLanguageModel(m);
  });
});

describe('parallel evaluation (peers on this thread)', () => {
  for (const cell of ['lstm', 'gru', 'rnn'] as CellType[]) {
    test(`${cell}: splitting the streams between 1 and 2 peers gives evaluateLoss's losses, token by token`, async () => {
      const config = tinyModel({ cell, dropout: 0.5 }); // evaluation has no dropout
      const m = createLanguageModel(config, 3);
      const ids = tinyCorpus().valid;
      const o = { batchSize: 7, bptt: 6, perToken: true };
      const single = evaluateLoss(m, ids, o);
      for (const k of [1, 2]) {
        const peers = Array.from({ length: k }, () => localPeer(config));
        const before = tf.memory().numTensors;
        const progress: number[] = [];
        const parallel = await evaluateLossParallel(m, ids, { ...o, onProgress: (done) => progress.push(done) }, peers);
        expect(tf.memory().numTensors).toBe(before);
        await Promise.all(peers.map((p) => p.close()));
        expect(parallel.tokens).toBe(single.tokens);
        expect(Math.abs(parallel.loss - single.loss)).toBeLessThan(1e-6);
        const nan = (a: Float32Array) => Array.from(a, (v) => Number.isNaN(v));
        expect(nan(parallel.perToken!)).toEqual(nan(single.perToken!));
        expectClose(Array.from(parallel.perToken!, (v) => v || 0), Array.from(single.perToken!, (v) => v || 0), 1e-5);
        expect(progress.length).toBe(Math.ceil((Math.floor(ids.length / 7) - 1) / 6));
      }
      // the model scores something: not the uniform guess
      expect(Math.abs(single.loss - Math.log(config.vocabSize))).toBeGreaterThan(1e-3);
      disposeLanguageModel(m);
    });
  }

  test('a failing peer rejects the evaluation and leaks nothing', async () => {
    const config = tinyModel();
    const fail = async () => Promise.reject(new Error('peer fell over'));
    const broken: GradientPeer = { compute: fail, evaluate: fail, close: async () => undefined };
    const m = createLanguageModel(config, 1);
    const count = tf.memory().numTensors;
    await expect(evaluateLossParallel(m, tinyCorpus().valid, { batchSize: 4, bptt: 5 }, [broken])).rejects.toThrow('peer fell over');
    expect(tf.memory().numTensors).toBe(count);
    disposeLanguageModel(m);
  });

  test('a replica refuses to evaluate before it has been sent weights', () => {
    const c = createShardComputer(tinyModel());
    const [w] = windowsOf(2, 3, 1);
    expect(() => c.evaluate({ window: w, state: [] })).toThrow('gradient peer: the first request must carry the weights');
    c.dispose();
  });
});

describe('portPeer', () => {
  test('posts a request synchronously once the worker is ready, so the worker runs while this thread computes its shard', async () => {
    const posted: { type: string }[] = [];
    const listeners = new Map<string, (v: never) => void>();
    const port = { postMessage: (m: unknown) => void posted.push(m as { type: string }), on: (e: string, l: (v: never) => void) => void listeners.set(e, l) };
    const peer = portPeer(port, tinyModel());
    expect(posted.map((m) => m.type)).toEqual(['init']);
    (listeners.get('message') as (a: unknown) => void)({ type: 'ready' });
    await Promise.resolve();
    const [w] = windowsOf(2, 3, 1);
    const reply = peer.compute({ weights: [], window: w, state: [], seed: 0 });
    // no await in between: a deferred post would only go out after this thread's own (synchronous) shard
    expect(posted.map((m) => m.type)).toEqual(['init', 'compute']);
    (listeners.get('message') as (a: unknown) => void)({ type: 'reply', id: 0, reply: { loss: 1, grads: [], state: [] } });
    await expect(reply).resolves.toEqual({ loss: 1, grads: [], state: [] });
  });

  test('weights travel in one reused SharedArrayBuffer while no earlier request may be reading it, else as themselves', async () => {
    const posted: { type: string; request?: { weights?: Float32Array[] } }[] = [];
    let onMessage!: (a: unknown) => void;
    const port = { postMessage: (m: unknown) => void posted.push(m as never), on: (e: string, l: (v: never) => void) => void (e === 'message' && (onMessage = l as never)) };
    const peer = portPeer(port, tinyModel());
    onMessage({ type: 'ready' });
    await Promise.resolve();
    const [w] = windowsOf(2, 3, 1);
    const weights = [Float32Array.of(1, 2, 3), Float32Array.of(4, 5)];
    const first = peer.compute({ weights, window: w, state: [], seed: 0 });
    const second = peer.compute({ weights: [Float32Array.of(7, 8, 9), Float32Array.of(0, 1)], window: w, state: [], seed: 0 }); // the first is pending
    const [a, b] = posted.slice(1).map((m) => m.request?.weights as Float32Array[]);
    expect(a.map((x) => x.buffer instanceof SharedArrayBuffer)).toEqual([true, true]);
    expect(a[0].buffer).toBe(a[1].buffer); // one buffer for all the weights
    expect(a.map((x) => Array.from(x))).toEqual([[1, 2, 3], [4, 5]]);
    expect(b.map((x) => x.buffer instanceof SharedArrayBuffer)).toEqual([false, false]); // the shared buffer may still be read
    expect(Array.from(a[0])).toEqual([1, 2, 3]); // ... and was not rewritten
    onMessage({ type: 'reply', id: 0, reply: { loss: 1, grads: [], state: [] } });
    onMessage({ type: 'reply', id: 1, reply: { loss: 1, grads: [], state: [] } });
    await Promise.all([first, second]);
    void peer.evaluate({ weights: [Float32Array.of(6, 6, 6), Float32Array.of(6, 6)], window: w, state: [] });
    const c = posted[3].request?.weights as Float32Array[];
    expect(c[0].buffer).toBe(a[0].buffer); // the same buffer again, rewritten
    expect(Array.from(a[0])).toEqual([6, 6, 6]);
  });
});

// A replica skips its defensive copies where the backend copies by itself (wasm); on cpu it makes them.
describe.each(['cpu', 'wasm'])('a replica on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  afterAll(() => tf.setBackend('cpu'));

  test('keeps the weights it gets in shared memory, which the sender rewrites for the next request', () => {
    const config = tinyModel({ dropout: 0 });
    const c = createShardComputer(config);
    const m = createLanguageModel(config, 3);
    const values = Object.values(modelParameters(m)).map((p) => p.dataSync() as Float32Array);
    const buffer = new SharedArrayBuffer(4 * values.reduce((n, v) => n + v.length, 0));
    let offset = 0;
    const shared = values.map((v) => ((offset += v.length), new Float32Array(buffer, 4 * (offset - v.length), v.length)));
    shared.forEach((v, i) => v.set(values[i]));
    const [w] = windowsOf(2, 3, 1);
    const state = () => stateTensors(initialState(m, 2)).map((t) => t.dataSync() as Float32Array);
    const before = c.evaluate({ weights: shared, window: w, state: state() }).losses;
    shared.forEach((v) => v.fill(0)); // the sender's next weights
    const after = c.evaluate({ window: w, state: state() }).losses; // no weights: the replica's own copy
    expect(Array.from(after)).toEqual(Array.from(before));
    c.dispose();
    disposeLanguageModel(m);
  });

  test('sends arrays of its own: transferring them (as a worker does) leaves the replica and its next reply intact', () => {
    const config = tinyModel({ dropout: 0 });
    const c = createShardComputer(config);
    const m = createLanguageModel(config, 3);
    const weights = Object.values(modelParameters(m)).map((p) => (p.dataSync() as Float32Array).slice());
    const [w] = windowsOf(2, 3, 1);
    const state = () => stateTensors(initialState(m, 2)).map((t) => t.dataSync() as Float32Array);
    const first = c.compute({ weights, window: w, state: state(), seed: 0 });
    const values = first.grads.map((g) => Array.from(g));
    structuredClone(first, { transfer: [...first.grads, ...first.state].map((a) => a.buffer as ArrayBuffer) });
    expect(first.grads[0].length).toBe(0); // detached
    const second = c.compute({ weights, window: w, state: state(), seed: 0 });
    expect(second.grads.map((g) => Array.from(g))).toEqual(values);
    expect(values.flat().some((x) => x !== 0)).toBe(true);
    c.dispose();
    disposeLanguageModel(m);
  });
});

const workerFile = fileURLToPath(new URL('./fixtures/gradient-worker.mjs', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../dist/parallel.js', import.meta.url)));

describe('data-parallel training with a worker thread', () => {
  const workers: Worker[] = [];
  afterAll(async () => void (await Promise.all(workers.map((w) => w.terminate()))));

  test('needs the built package (pnpm build runs before the tests)', () => {
    expect(built, 'packages/train/dist/parallel.js is missing: run `pnpm build` first').toBe(true);
  });

  test('train() with a worker peer equals single-threaded training without dropout', async () => {
    const config = tinyTrain({ model: tinyModel({ dropout: 0 }), epochs: 1, batchSize: 5 });
    const w = new Worker(workerFile);
    workers.push(w);
    const peer = portPeer(w, config.model);
    const losses = async (peers?: GradientPeer[]) => {
      const events: TrainEvent[] = [];
      const r = await train({ config, corpus: tinyCorpus(), onEvent: (e) => events.push(e), peers });
      return { r, steps: events.flatMap((e) => (e.type === 'step' ? [e.loss] : [])) };
    };
    const single = await losses();
    const parallel = await losses([peer]);
    await peer.close();
    expect(parallel.steps.length).toBe(single.steps.length);
    expectClose(parallel.steps, single.steps, 1e-4);
    expect(Math.abs(parallel.r.bestValidPerplexity - single.r.bestValidPerplexity)).toBeLessThan(1e-3);
  });

  test('a worker that dies fails the run with the cause', async () => {
    const config = tinyTrain({ epochs: 1 });
    const w = new Worker('process.exit(3)', { eval: true });
    workers.push(w);
    const peer = portPeer(w, config.model);
    await expect(train({ config, corpus: tinyCorpus(), peers: [peer] })).rejects.toThrow(/gradient worker exited \(code 3\)/);
  });
});

