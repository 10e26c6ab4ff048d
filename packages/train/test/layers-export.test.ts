import '@tensorflow/tfjs-backend-cpu';
import '@rrnn/backend'; // file:// model IO in Node
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import '@rrnn/core/layers';
import {
  createLanguageModel, disposeLanguageModel, initialState, loadModelFromArtifacts, modelForward, modelParameters, modelStackSpec, modelToArtifacts,
  quantizeWeightData, type LanguageModel,
} from '../src';
import { toFloat16Bits } from '../src/quantize';
import { fromLayersModel, toLayersModel } from '../src/layers';
import { tinyModel } from './helpers';

beforeAll(() => tf.setBackend('cpu'));

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
const ids = () => tf.tensor2d([[1, 4, 2, 7, 3, 3, 9], [0, 11, 5, 6, 2, 8, 1]], [2, 7], 'int32');
const probabilities = (m: LanguageModel) => tf.tidy(() => tf.softmax(modelForward(m, ids(), initialState(m, 2)).logits));

describe('toLayersModel', () => {
  it.each([
    ['lstm, tied, 2 layers', tinyModel()],
    ['gru, untied, 2 layers', tinyModel({ cell: 'gru', tied: false, sharingRates: [0.3, 1] })],
    ['rnn, tied, 1 layer', tinyModel({ cell: 'rnn', numLayers: 1, sharingRates: [0] })],
  ])('%s: the same next-word probabilities, also after file:// save and tf.loadLayersModel', async (_, config) => {
    const m = createLanguageModel(config, 3, { init: 'reference' });
    const model = toLayersModel(m);
    const want = probabilities(m);
    expect(maxAbsDiff(model.predict(ids()) as tf.Tensor, want)).toBeLessThan(1e-5);
    const dir = join(mkdtempSync(join(tmpdir(), 'rrnn-layers-')), 'lm');
    await model.save(`file://${dir}`);
    const loaded = await tfl.loadLayersModel(`file://${join(dir, 'model.json')}`);
    expect(maxAbsDiff(loaded.predict(ids()) as tf.Tensor, want)).toBeLessThan(1e-5);
    disposeLanguageModel(m);
  });
});

describe('fromLayersModel', () => {
  /** Logits of two windows in a row, the second from the first's final state (stateful use, as generation). */
  const twoWindows = (m: LanguageModel) => tf.tidy(() => {
    const a = modelForward(m, ids(), initialState(m, 2));
    return tf.concat([tf.softmax(a.logits), tf.softmax(modelForward(m, ids(), a.state).logits)], 1);
  });

  it.each([
    ['lstm, tied', tinyModel(), undefined],
    ['gru, untied, rates 0.3 and 1', tinyModel({ cell: 'gru', tied: false, sharingRates: [0.3, 1] }), undefined],
    ['rnn, tied, 1 layer, float16 weights', tinyModel({ cell: 'rnn', numLayers: 1, sharingRates: [0] }), 'float16' as const],
  ])('%s: file:// save, tf.loadLayersModel, back to the same model and the same stateful probabilities', async (_, config, quantize) => {
    const m = createLanguageModel(config, 5, { init: 'reference' });
    const model = toLayersModel(m);
    const dir = join(mkdtempSync(join(tmpdir(), 'rrnn-from-layers-')), 'lm');
    await model.save(tf.io.withSaveHandler(async (a) => {
      const q = quantize ? quantizeWeightData(a.weightData as ArrayBuffer, a.weightSpecs!, quantize) : null;
      return tf.io.getSaveHandlers(`file://${dir}`)[0].save!(q ? { ...a, weightData: q.data, weightSpecs: q.specs } : a);
    }));
    model.dispose();
    const loaded = await tfl.loadLayersModel(`file://${join(dir, 'model.json')}`);
    const before = tf.memory().numTensors;
    const back = await fromLayersModel(loaded);
    // a tied model's last layer has embeddingSize units: with one layer, hiddenSize says nothing
    expect(modelStackSpec(back.config)).toEqual(modelStackSpec(config));
    expect({ ...back.config, hiddenSize: 0 }).toEqual({ ...config, hiddenSize: 0, dropout: 0 });
    expect(back.decoderWeight === null).toBe(config.tied);
    // float32: the same numbers; float16: within the rounding of the weights
    expect(tf.tidy(() => maxAbsDiff(twoWindows(back), twoWindows(m)))).toBeLessThan(quantize ? 2e-3 : 1e-6);
    disposeLanguageModel(back);
    expect(tf.memory().numTensors).toBe(before);
    loaded.dispose();
    disposeLanguageModel(m);
  });

  it('an untied export whose decoder differs from the embedding stays untied; other models are refused, naming their layers', async () => {
    const m = createLanguageModel(tinyModel({ tied: false, hiddenSize: 8, embeddingSize: 8 }), 2);
    const back = await fromLayersModel(toLayersModel(m));
    expect(back.decoderWeight).not.toBeNull();
    disposeLanguageModel(back);
    disposeLanguageModel(m);
    const plain = tfl.sequential({ layers: [
      tfl.layers.embedding({ inputDim: 10, outputDim: 4, inputShape: [3] }),
      tfl.layers.lstm({ units: 4, returnSequences: true }),
      tfl.layers.dense({ units: 10 }),
    ] });
    await expect(fromLayersModel(plain)).rejects.toThrow(/expected Embedding -> RestrictedRNN x L -> Dense .* got Embedding -> LSTM -> Dense/);
    plain.dispose();
  });
});

describe('quantization', () => {
  it('float16 bits: exact halves, rounding to nearest even, subnormals, overflow', () => {
    expect([1, -2, 0.5, 65504, 0.1, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 2 ** -24, 2 ** -26, 1e6, 0].map(toFloat16Bits))
      .toEqual([0x3c00, 0xc000, 0x3800, 0x7bff, 0x2e66, 0x3c00, 0x3c02, 0x0001, 0x0000, 0x7c00, 0x0000]);
  });

  it('uint8 and float16 weights decode within their precision, at a half and a quarter of the bytes', async () => {
    const m = createLanguageModel(tinyModel(), 1, { init: 'reference' });
    const plain = await modelToArtifacts(m);
    for (const [q, ratio] of [['float16', 0.5], ['uint8', 0.25]] as const) {
      const a = await modelToArtifacts(m, { quantize: q });
      expect(a.weightData.byteLength).toBe(plain.weightData.byteLength * ratio);
      const back = loadModelFromArtifacts(a.modelJson, a.weightData);
      for (const [k, v] of Object.entries(modelParameters(m))) {
        const got = modelParameters(back)[k];
        const range = tf.sub(tf.max(v), tf.min(v)).dataSync()[0];
        const bound = q === 'uint8' ? range / 255 / 2 + 1e-7 : tf.max(tf.abs(v)).dataSync()[0] * 2 ** -11;
        expect(maxAbsDiff(got, v), `${q} ${k}`).toBeLessThanOrEqual(bound);
      }
      disposeLanguageModel(back);
    }
    disposeLanguageModel(m);
  });

  it('rejects a weight that is already quantized and data shorter than its specs, naming them', () => {
    const spec = { name: 'w', shape: [4], dtype: 'float32' as const };
    expect(() => quantizeWeightData(new ArrayBuffer(8), [spec], 'uint8')).toThrow(/weight data ends before weight "w"/);
    expect(() => quantizeWeightData(new ArrayBuffer(16), [{ ...spec, quantization: { dtype: 'uint8', min: 0, scale: 1 } }], 'float16')).toThrow(/"w" is already quantized/);
    expect(() => quantizeWeightData(new ArrayBuffer(16), [spec], 'int4' as never)).toThrow(/unknown quantization "int4"; use float16 or uint8/);
  });
});
