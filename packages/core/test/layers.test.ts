import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stackForward, stackFromReference, sharingLayout } from '../src';
import { RestrictedRNN, restrictedGRU, restrictedLSTM, restrictedRNN } from '../src/layers';
import { maxAbsDiff } from './util';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Saves to model.json + weights.bin in a temp dir (the files tf.io's file handler writes) and loads back. */
async function saveAndLoad(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  const dir = mkdtempSync(join(tmpdir(), 'rrnn-layers-'));
  await model.save(tf.io.withSaveHandler(async (a) => {
    writeFileSync(join(dir, 'model.json'), JSON.stringify({
      modelTopology: a.modelTopology, format: a.format, generatedBy: a.generatedBy, convertedBy: a.convertedBy,
      weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
    }));
    writeFileSync(join(dir, 'weights.bin'), Buffer.from(a.weightData as ArrayBuffer));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const bin = readFileSync(join(dir, 'weights.bin'));
  const weights = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  return tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: weights }));
}

describe('RestrictedRNN layer', () => {
  it('trains with fit in tf.sequential and round-trips through save and load', async () => {
    for (const make of [restrictedRNN, restrictedGRU, restrictedLSTM]) {
      const model = tfl.sequential({
        layers: [
          make({ units: 6, sharingRate: 0.5, returnSequences: true, inputShape: [5, 4] }),
          make({ units: 3, sharingRate: 0.3 }),
          tfl.layers.dense({ units: 2 }),
        ],
      });
      model.compile({ optimizer: tf.train.adam(0.02), loss: 'meanSquaredError' });
      const x = tf.randomNormal([16, 5, 4], 0, 1, 'float32', 1);
      const y = tf.randomNormal([16, 2], 0, 1, 'float32', 2);
      const h = await model.fit(x, y, { epochs: 15, batchSize: 8, verbose: 0 });
      const loss = h.history.loss as number[];
      expect(loss[loss.length - 1]).toBeLessThan(loss[0]);
      const cell = (model.layers[0] as RestrictedRNN).cell;
      expect(model.layers[0].getWeights().map((t) => t.shape)).toEqual([
        [sharingLayout(cell, 4, 6, 0.5).poolRows, 6], [sharingLayout(cell, 4, 6, 0.5).poolRows],
      ]);
      const loaded = await saveAndLoad(model);
      expect(loaded.layers[0]).toBeInstanceOf(RestrictedRNN);
      expect((loaded.layers[1] as RestrictedRNN).sharingRate).toBe(0.3);
      const a = (model.predict(x) as tf.Tensor).arraySync() as number[][];
      const b = (loaded.predict(x) as tf.Tensor).arraySync() as number[][];
      expect(maxAbsDiff(a, b)).toBe(0);
    }
  });

  it('computes what stackForward computes on the same pool, with states in a functional model', () => {
    const input = tfl.input({ shape: [3, 5] });
    const layer = restrictedLSTM({ units: 4, sharingRate: 0.5, returnSequences: true, returnState: true });
    const outs = layer.apply(input) as tfl.SymbolicTensor[];
    expect(outs.map((o) => o.shape)).toEqual([[null, 3, 4], [null, 4], [null, 4]]);
    const model = tfl.model({ inputs: input, outputs: outs });
    const x = tf.randomNormal([2, 3, 5], 0, 1, 'float32', 3) as tf.Tensor3D;
    const [seq, h, c] = model.predict(x) as tf.Tensor[];
    const [pool, bias] = layer.getWeights();
    const w = stackFromReference('lstm', [0.5], [{
      inputSize: 5, hiddenSize: 4, poolRows: pool.shape[0]!, poolCols: pool.shape[1]!,
      pool: pool.arraySync() as number[][], bias: bias.arraySync() as number[],
    }]);
    const ref = stackForward(w, x);
    expect(maxAbsDiff(seq.arraySync() as number[][][], ref.outputs.arraySync())).toBeLessThan(1e-6);
    expect(maxAbsDiff(h.arraySync() as number[][], ref.final.h[0].arraySync())).toBeLessThan(1e-6);
    expect(maxAbsDiff(c.arraySync() as number[][], ref.final.c![0].arraySync())).toBeLessThan(1e-6);
  });

  it('carries state between calls when stateful, until resetStates', () => {
    const layer = restrictedGRU({ units: 3, sharingRate: 0.5, stateful: true, returnSequences: true, batchInputShape: [2, 4, 3] });
    const model = tfl.sequential({ layers: [layer] });
    const x = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 4);
    const first = (model.predict(x) as tf.Tensor).arraySync() as number[][][];
    const second = (model.predict(x) as tf.Tensor).arraySync() as number[][][];
    expect(maxAbsDiff(first, second)).toBeGreaterThan(1e-4);
    model.resetStates();
    expect(maxAbsDiff((model.predict(x) as tf.Tensor).arraySync() as number[][][], first)).toBe(0);
    // the whole 8-step sequence equals the two 4-step halves
    layer.resetStates();
    const x2 = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 5);
    const halves = tf.concat([model.predict(x) as tf.Tensor, model.predict(x2) as tf.Tensor], 1);
    const whole = tfl.sequential({ layers: [restrictedGRU({ units: 3, sharingRate: 0.5, returnSequences: true, inputShape: [8, 3] })] });
    whole.layers[0].setWeights(layer.getWeights());
    expect(maxAbsDiff((whole.predict(tf.concat([x, x2], 1)) as tf.Tensor).arraySync() as number[][][], halves.arraySync() as number[][][])).toBeLessThan(1e-6);
  });

  it('fits when stateful without leaking tensors', async () => {
    const model = tfl.sequential({
      layers: [restrictedLSTM({ units: 4, sharingRate: 0.5, stateful: true, batchInputShape: [2, 3, 2] }), tfl.layers.dense({ units: 1 })],
    });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const x = tf.randomNormal([4, 3, 2], 0, 1, 'float32', 6);
    const y = tf.randomNormal([4, 1], 0, 1, 'float32', 7);
    await model.fit(x, y, { batchSize: 2, epochs: 1, shuffle: false, verbose: 0 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) await model.fit(x, y, { batchSize: 2, epochs: 1, shuffle: false, verbose: 0 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('takes initializers and serializes them', async () => {
    const model = tfl.sequential({
      layers: [restrictedRNN({ units: 3, sharingRate: 1, inputShape: [2, 3], kernelInitializer: 'zeros', biasInitializer: tfl.initializers.constant({ value: 0.5 }) })],
    });
    expect(model.layers[0].getWeights()[1].arraySync()).toEqual([0.5, 0.5, 0.5]);
    const cfg = model.layers[0].getConfig();
    expect(cfg.biasInitializer).toEqual({ className: 'Constant', config: { value: 0.5 } });
    const loaded = await saveAndLoad(model);
    expect(loaded.layers[0].getConfig().biasInitializer).toEqual(cfg.biasInitializer);
  });

  it.each([
    [() => new RestrictedRNN({ units: 4, sharingRate: 1.5 }), 'sharingRate must be in [0, 1], got 1.5'],
    [() => new RestrictedRNN({ units: 2.5 }), 'units must be a positive integer, got 2.5'],
    [() => new RestrictedRNN({ units: 4, cell: 'tree' as 'rnn' }), `cell must be one of 'rnn', 'gru', 'lstm', got "tree"`],
    [() => restrictedLSTM({ units: 4, kernelInitializer: 'nope' }), `kernelInitializer must be an Initializer or a tf.initializers name such as 'glorotUniform', got 'nope'`],
    [() => restrictedLSTM({ units: 4 }).apply(tf.ones([2, 3])), 'expects inputs of shape [batch, steps, features] with known features, got [2, 3]'],
    [() => {
      const l = restrictedGRU({ units: 4, name: 'rgru' });
      l.apply(tf.ones([1, 5, 4]));
      l.apply(tf.ones([1, 5, 3]));
    }, 'rgru expects inputs of shape [batch, steps, 4], got [1, 5, 3]'],
  ] as const)('%#: rejects bad options with a message naming them', (f, msg) => {
    expect(f).toThrow(msg);
  });
});
