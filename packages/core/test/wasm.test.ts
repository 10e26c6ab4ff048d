// The fast path on tfjs-backend-wasm (as shipped, without @rrnn/backend's kernel fixes) agrees with
// the cpu backend: outputs, final states and gradients.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import './grad-setup';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { disposeStackWeights, initStackWeights, stackForward, stackFromReference, stackSpec, stackToReference, type CellType } from '../src';
import { maxAbsDiff } from './util';

function run(cell: CellType, ref: ReturnType<typeof stackToReference>, xs: number[][][]) {
  return tf.tidy(() => {
    const w = stackFromReference(cell, [0.5, 0.3], ref);
    const x = tf.tensor3d(xs);
    const { outputs, final } = stackForward(w, x, { training: true, dropout: 0 });
    const vars = w.layers.flatMap((l) => [l.pool, l.bias]);
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(stackForward(w, x).outputs)) as tf.Scalar, vars);
    const res = {
      outputs: outputs.arraySync(), h: final.h.map((t) => t.arraySync()),
      grads: vars.map((v) => grads[v.name].arraySync() as number[][]),
    };
    disposeStackWeights(w);
    return res;
  });
}

describe('wasm backend agrees with cpu', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });
  for (const cell of ['rnn', 'gru', 'lstm'] as CellType[]) {
    it(`${cell}: outputs, states and gradients within 1e-5`, async () => {
      await tf.setBackend('cpu');
      const spec = stackSpec({ cell, inputSize: 5, hiddenSize: 6, numLayers: 2, sharingRates: [0.5, 0.3], outputSize: 4 });
      const w = initStackWeights(spec, { seed: 12 });
      const ref = stackToReference(w);
      disposeStackWeights(w);
      const xs = tf.tidy(() => tf.randomNormal([3, 7, 5], 0, 1, 'float32', 13).arraySync() as number[][][]);
      const onCpu = run(cell, ref, xs);
      await tf.setBackend('wasm');
      const onWasm = run(cell, ref, xs);
      expect(maxAbsDiff(onWasm.outputs, onCpu.outputs)).toBeLessThan(1e-5);
      expect(maxAbsDiff(onWasm.h, onCpu.h)).toBeLessThan(1e-5);
      expect(maxAbsDiff(onWasm.grads, onCpu.grads)).toBeLessThan(1e-5);
    });
  }
});
