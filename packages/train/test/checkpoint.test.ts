import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createLanguageModel, disposeLanguageModel, initialState, loadModelFromArtifacts, modelForward,
  modelParameters, disposeState, type LanguageModel,
} from '../src';
import { loadCheckpoint, loadRun, saveCheckpoint, writeDirAtomic } from '../src/node';
import { tinyCorpus, tinyModel, tinyTrain } from './helpers';

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'rrnn-ckpt-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const logitsOf = (m: LanguageModel) =>
  tf.tidy(() => {
    const s = initialState(m, 1);
    const out = modelForward(m, tf.tensor2d([[1, 2, 3, 4]], [1, 4], 'int32'), s);
    disposeState(s);
    disposeState(out.state);
    return Array.from(out.logits.dataSync());
  });

describe('checkpoints', () => {
  test('save then load gives the same weights, vocabulary and config; the files are the tfjs format', async () => {
    const config = tinyTrain({ model: tinyModel({ tied: false, cell: 'gru' }) });
    const m = createLanguageModel(config.model, 4);
    const vocab = tinyCorpus().vocab;
    await saveCheckpoint(join(dir, 'a'), { model: m, vocab, config });
    expect((await readdir(join(dir, 'a'))).sort()).toEqual(['config.json', 'manifest.json', 'model.json', 'vocab.json', 'weights.bin']);
    const json = JSON.parse(await readFile(join(dir, 'a', 'model.json'), 'utf8'));
    expect(json.format).toBe('rrnn-lm');
    expect(json.modelTopology).toEqual(config.model);
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(json.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toEqual(Object.keys(modelParameters(m)));

    const back = await loadCheckpoint(join(dir, 'a'));
    expect(back.config).toEqual(config);
    expect(back.vocab.tokens).toEqual(vocab.tokens);
    expect(logitsOf(back.model)).toEqual(logitsOf(m));
    // What a browser does: fetch model.json and weights.bin, then decode.
    const browser = loadModelFromArtifacts(await readFile(join(dir, 'a', 'model.json'), 'utf8'), new Uint8Array(await readFile(join(dir, 'a', 'weights.bin'))));
    expect(logitsOf(browser)).toEqual(logitsOf(m));
    for (const x of [m, back.model, browser]) disposeLanguageModel(x);
  });

  test('writeDirAtomic: a failing write leaves the old folder whole and no temporary folder behind', async () => {
    const target = join(dir, 'atomic', 'last');
    await writeDirAtomic(target, { 'a.txt': 'old a', 'b.txt': 'old b' });
    await writeDirAtomic(target, { 'a.txt': 'new a' });
    expect(await readdir(target)).toEqual(['a.txt']); // replaced as a whole, not merged
    expect(await readFile(join(target, 'a.txt'), 'utf8')).toBe('new a');
    await expect(writeDirAtomic(target, { 'a.txt': 'newer a', 'missing/b.txt': 'x' })).rejects.toThrow(/ENOENT/);
    expect(await readFile(join(target, 'a.txt'), 'utf8')).toBe('new a');
    expect(await readdir(join(dir, 'atomic'))).toEqual(['last']);
  });

  test('a crash between the two renames is recovered from the folder moved aside', async () => {
    const config = tinyTrain();
    const m = createLanguageModel(config.model, 1);
    await saveCheckpoint(join(dir, 'crash', 'last.old-123-x'), { model: m, vocab: tinyCorpus().vocab, config });
    const run = await loadRun(join(dir, 'crash'));
    expect(logitsOf(run.model)).toEqual(logitsOf(m));
    disposeLanguageModel(m);
    disposeLanguageModel(run.model);
  });

  test('corrupt or mismatched files give errors naming the file and the fix', async () => {
    const config = tinyTrain();
    const m = createLanguageModel(config.model, 1);
    const good = join(dir, 'good');
    await saveCheckpoint(good, { model: m, vocab: tinyCorpus().vocab, config });
    const weights = await readFile(join(good, 'weights.bin'));
    const modelJson = await readFile(join(good, 'model.json'), 'utf8');
    expect(() => loadModelFromArtifacts(modelJson, weights.subarray(0, 100))).toThrow(/weights\.bin: expected \d+ bytes .* got 100; the file is truncated/);
    expect(() => loadModelFromArtifacts({ ...JSON.parse(modelJson), format: 'layers-model' }, weights)).toThrow(/format must be "rrnn-lm", got "layers-model"/);
    const wrong = JSON.parse(modelJson);
    wrong.modelTopology.hiddenSize = 11;
    expect(() => loadModelFromArtifacts(wrong, weights)).toThrow(/expected \d+ bytes|has shape/);
    const bad = join(dir, 'bad');
    await mkdir(bad);
    for (const f of ['weights.bin', 'vocab.json', 'config.json']) await writeFile(join(bad, f), await readFile(join(good, f)));
    await writeFile(join(bad, 'model.json'), '{"format": "rrnn-lm",');
    await expect(loadCheckpoint(bad)).rejects.toThrow(/bad\/model\.json is not valid JSON .* the file is corrupt/);
    await expect(loadRun(join(dir, 'nowhere'))).rejects.toThrow(/no model\.json in .*nowhere; give a checkpoint folder .* or a run folder/);
    disposeLanguageModel(m);
  });
});
