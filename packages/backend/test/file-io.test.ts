import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FILE_SCHEME, fileSystemIO, useBackend } from '../src';

beforeAll(async () => {
  await useBackend('cpu');
});

/** Artifacts of a tiny model: a topology and two weights. */
function artifacts(): tf.io.ModelArtifacts {
  const specs: tf.io.WeightsManifestEntry[] = [
    { name: 'dense/kernel', shape: [2, 3], dtype: 'float32' },
    { name: 'dense/bias', shape: [3], dtype: 'float32' },
  ];
  const data = new Float32Array([1, 2, 3, 4, 5, 6, 0.5, -0.5, 7]).buffer;
  return { modelTopology: { class_name: 'Sequential', config: { name: 'm' } }, format: 'layers-model', generatedBy: 'test', weightSpecs: specs, weightData: data };
}

describe('file:// model IO without tfjs-node', () => {
  it('save then load round-trips topology, specs and weights; the folder gets model.json and weights.bin only', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'rrnn-io-')), 'nested', 'model');
    const [saver] = tf.io.getSaveHandlers(`${FILE_SCHEME}${dir}`);
    expect(saver).toBeDefined();
    const result = await saver.save!(artifacts());
    expect(result.modelArtifactsInfo.weightDataBytes).toBe(36);
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(json.weightsManifest).toEqual([{ paths: ['weights.bin'], weights: artifacts().weightSpecs }]);
    for (const url of [`${FILE_SCHEME}${join(dir, 'model.json')}`, `${FILE_SCHEME}${dir}`]) {
      const [loader] = tf.io.getLoadHandlers(url);
      const back = await loader.load!();
      expect(back.modelTopology).toEqual(artifacts().modelTopology);
      expect(back.weightSpecs).toEqual(artifacts().weightSpecs);
      expect(Array.from(new Float32Array(back.weightData as ArrayBuffer))).toEqual([1, 2, 3, 4, 5, 6, 0.5, -0.5, 7]);
    }
  });

  it('a missing, corrupt or truncated model is an error naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rrnn-io-'));
    await expect(fileSystemIO(dir).load!()).rejects.toThrow(/no model\.json at .*model\.json; give the path of a saved model's model\.json/);
    await fileSystemIO(dir).save!(artifacts());
    writeFileSync(join(dir, 'weights.bin'), new Uint8Array(10));
    await expect(fileSystemIO(dir).load!()).rejects.toThrow(/weights\.bin hold 10 bytes but model\.json describes 36/);
    writeFileSync(join(dir, 'model.json'), '{"modelTopology": ');
    await expect(fileSystemIO(dir).load!()).rejects.toThrow(/model\.json is not valid JSON/);
  });

  it('tf.sequential saves with model.save("file://...") and tf.loadLayersModel reads it back, on wasm', async () => {
    await useBackend('wasm');
    try {
      const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 3, inputShape: [4], activation: 'tanh' }), tfl.layers.dense({ units: 2 })] });
      const dir = join(mkdtempSync(join(tmpdir(), 'rrnn-io-')), 'seq');
      await model.save(`file://${dir}`);
      const loaded = await tfl.loadLayersModel(`file://${join(dir, 'model.json')}`);
      const x = tf.randomNormal([5, 4], 0, 1, 'float32', 3);
      const diff = tf.max(tf.abs(tf.sub(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor))).dataSync()[0];
      expect(diff).toBe(0);
    } finally {
      await useBackend('cpu');
    }
  });

  it('leaves other URLs to other handlers', () => {
    expect(tf.io.getSaveHandlers('localstorage://x')).toHaveLength(0);
  });
});
