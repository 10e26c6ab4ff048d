// Weights and gradients between the training thread and its peers without new arrays per step:
// readInto (straight out of wasm's heap), the replica writing into `gradsInto`, portPeer lending its
// shared gradient buffer, the worker not transferring shared memory, and the step's weights kept
// in one shared buffer from step to step.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, test } from 'vitest';
import { useBackend } from '@rrnn/backend';
import { createLanguageModel, createOptimizer, disposeLanguageModel, disposeOptimizer, disposeState, initialState, modelParameters, type TokenWindow } from '../src';
import { createShardComputer, localPeer, portPeer, serveGradients, trainStepParallel, type GradientPeer, type ShardRequest } from '../src/parallel';
import { readInto } from '../src/parallel/transport';
import { stateTensors } from '../src/state';
import { tinyModel } from './helpers';

afterAll(() => tf.setBackend('cpu'));

const window = (batch: number, len: number, seed: number): TokenWindow => {
  const ids = (s: number) => Int32Array.from({ length: batch * len }, (_, i) => (i * 7 + s * 13) % 12);
  return { inputs: ids(seed), targets: ids(seed + 1), batch, len };
};
const shared = (a: Float32Array) => a.buffer instanceof SharedArrayBuffer;

describe.each(['cpu', 'wasm'])('readInto on %s', (backend) => {
  test('copies the values dataSync gives, on wasm without reading them out of the heap; a wrong size is refused', async () => {
    await useBackend(backend);
    const t = tf.tensor2d([[1.5, -2, 3], [0.25, 7, -9]]);
    const expected = Array.from(t.dataSync());
    const b = tf.backend() as unknown as { readSync: (...a: unknown[]) => unknown };
    const readSync = b.readSync;
    let reads = 0;
    b.readSync = (...a: unknown[]) => (reads++, readSync.apply(b, a));
    const out = new Float32Array(6);
    try {
      readInto(t, out);
    } finally {
      b.readSync = readSync;
    }
    expect(Array.from(out)).toEqual(expected);
    expect(reads).toBe(backend === 'wasm' ? 0 : 1);
    expect(() => readInto(t, new Float32Array(5))).toThrow('readInto: a float32 tensor of 5 values fits, got float32 [2, 3]');
    expect(() => readInto(tf.tensor1d([1, 2], 'int32'), new Float32Array(2))).toThrow('got int32 [2]');
    t.dispose();
  });
});

describe('gradients into given arrays', () => {
  test('a replica writes them into gradsInto and replies with those arrays; the values are those it replies without', async () => {
    for (const backend of ['cpu', 'wasm']) {
      await useBackend(backend);
      const config = tinyModel({ dropout: 0 });
      const c = createShardComputer(config);
      const m = createLanguageModel(config, 3);
      const weights = Object.values(modelParameters(m)).map((p) => (p.dataSync() as Float32Array).slice());
      const state = () => stateTensors(initialState(m, 2)).map((t) => t.dataSync() as Float32Array);
      const req: ShardRequest = { weights, window: window(2, 3, 1), state: state(), seed: 0 };
      const own = c.compute(req).grads.map((g) => Array.from(g));
      const into = weights.map((w) => new Float32Array(new SharedArrayBuffer(4 * w.length)));
      const reply = c.compute({ ...req, state: state(), gradsInto: into });
      expect(reply.grads.every((g, i) => g === into[i])).toBe(true);
      expect(into.map((g) => Array.from(g))).toEqual(own);
      expect(() => c.compute({ ...req, state: state(), gradsInto: into.slice(1) })).toThrow(
        `gradient peer: gradsInto must hold ${weights.length} arrays of the parameters' sizes, got ${weights.length - 1}`,
      );
      c.dispose();
      disposeLanguageModel(m);
    }
    await useBackend('cpu');
  });

  test('portPeer lends its shared gradient buffer, the same one each time, only while no other request is out', async () => {
    const posted: { type: string; request?: ShardRequest }[] = [];
    let onMessage!: (a: unknown) => void;
    const port = { postMessage: (m: unknown) => void posted.push(m as never), on: (e: string, l: (v: never) => void) => void (e === 'message' && (onMessage = l as never)) };
    const peer = portPeer(port, tinyModel());
    onMessage({ type: 'ready' });
    await Promise.resolve();
    const w = window(2, 3, 1);
    const weights = [Float32Array.of(1, 2, 3), Float32Array.of(4, 5)];
    const first = peer.compute({ weights, window: w, state: [], seed: 0 });
    const second = peer.compute({ weights, window: w, state: [], seed: 0 }); // the first is pending
    const [a, b] = posted.slice(1).map((m) => m.request?.gradsInto);
    expect(a?.map((g) => [g.length, shared(g)])).toEqual([[3, true], [2, true]]);
    expect(b).toBeUndefined(); // the worker may still be writing the first reply's
    onMessage({ type: 'reply', id: 0, reply: { loss: 1, grads: a, state: [] } });
    onMessage({ type: 'reply', id: 1, reply: { loss: 1, grads: [], state: [] } });
    await Promise.all([first, second]);
    void peer.compute({ weights, window: w, state: [], seed: 0 });
    expect(posted[3].request?.gradsInto?.[0]).toBe(a?.[0]);
  });

  test('a worker transfers its own arrays but not shared ones', () => {
    const sent: { message: { type: string; reply?: { grads: Float32Array[] } }; transfer?: ArrayBuffer[] }[] = [];
    let onMessage!: (m: unknown) => void;
    serveGradients({ postMessage: (message, transfer) => void sent.push({ message: message as never, transfer }), on: (e, l) => void (e === 'message' && (onMessage = l)) });
    const config = tinyModel({ dropout: 0 });
    onMessage({ type: 'init', config });
    const m = createLanguageModel(config, 3);
    const weights = Object.values(modelParameters(m)).map((p) => (p.dataSync() as Float32Array).slice());
    const state = stateTensors(initialState(m, 2)).map((t) => (t.dataSync() as Float32Array).slice());
    const into = weights.map((x) => new Float32Array(new SharedArrayBuffer(4 * x.length)));
    onMessage({ type: 'compute', id: 0, request: { weights, window: window(2, 3, 1), state, seed: 0, gradsInto: into } });
    onMessage({ type: 'compute', id: 1, request: { weights, window: window(2, 3, 1), state, seed: 0 } });
    const [withInto, without] = sent.slice(1);
    expect(withInto.message.type).toBe('reply');
    expect(withInto.transfer).toHaveLength(state.length); // the state only
    expect(withInto.transfer?.some((t) => (t as unknown) instanceof SharedArrayBuffer)).toBe(false);
    expect(without.transfer).toHaveLength(weights.length + state.length);
    onMessage({ type: 'close' });
    disposeLanguageModel(m);
  });
});

test('the data-parallel step sends its weights in one shared buffer, the same from step to step, with the current values', async () => {
  await useBackend('cpu');
  const config = tinyModel({ dropout: 0 });
  const inner = localPeer(config);
  const sent: Float32Array[][] = [];
  const peer: GradientPeer = { ...inner, compute: (req) => (sent.push(req.weights), inner.compute(req)) };
  const m = createLanguageModel(config, 5);
  const params = modelParameters(m);
  const opt = createOptimizer('sgd', params, {});
  let state = initialState(m, 4);
  for (let i = 0; i < 3; i++) {
    const r = await trainStepParallel(m, params, opt, window(4, 3, i), state, { lr: 0.5, clip: 0.25, seed: i, step: i + 1 }, [peer]);
    disposeState(state);
    state = r.state;
    if (i > 0) expect(sent[i].every((a, j) => a === sent[0][j])).toBe(true);
  }
  expect(sent[0].every(shared)).toBe(true);
  expect(new Set(sent[0].map((a) => a.buffer)).size).toBe(1);
  // after the last step the arrays hold the weights that step started from, not the updated ones
  const now = Object.values(params).map((p) => Array.from(p.dataSync()));
  expect(sent[0].map((a) => Array.from(a))).not.toEqual(now);
  disposeState(state);
  disposeOptimizer(opt);
  disposeLanguageModel(m);
  await inner.close();
});
