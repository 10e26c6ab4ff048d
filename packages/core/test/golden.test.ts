import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeStackWeights, stackForward, stackFromReference, type CellType } from '../src';
import { goldenPath, loadGolden } from './golden-file';
import { naiveForward } from './naive';
import { maxAbsDiff } from './util';

const path = goldenPath();
// Loaded at collection time: a missing or corrupt file fails the run, it never skips.
const cases = loadGolden(path);

describe(`golden reference outputs (${path})`, () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(cases.map((c, i) => [i, `${c.cell} I=${c.inputSize} H=${c.hiddenSize} L=${c.numLayers} r=${c.sharingRate}`, c] as const))(
    'case %i: %s matches within 1e-4',
    (_i, _name, c) => {
      const cell = c.cell.toLowerCase() as CellType;
      const rates = Array.isArray(c.sharingRate) ? c.sharingRate : c.layers.map(() => c.sharingRate as number);
      const w = stackFromReference(cell, rates, c.layers);
      const x = tf.tensor3d(c.input);
      const { outputs, final } = stackForward(w, x);
      expect(outputs.shape).toEqual([c.batch, c.steps, c.layers[c.layers.length - 1].hiddenSize]);
      expect(maxAbsDiff(outputs.arraySync(), c.output)).toBeLessThan(1e-4);
      expect(maxAbsDiff(final.h.map((t) => t.arraySync()), c.final.h)).toBeLessThan(1e-4);
      if (cell === 'lstm') {
        expect(c.final.c).toBeDefined();
        expect(maxAbsDiff(final.c!.map((t) => t.arraySync()), c.final.c!)).toBeLessThan(1e-4);
      }
      // the tests' naive gather-based path reproduces the reference too (it is what the fast path is compared to)
      const naive = naiveForward(w, x);
      expect(maxAbsDiff(naive.outputs.arraySync(), c.output)).toBeLessThan(1e-4);
      tf.dispose([x, outputs, final.h, final.c ?? [], naive.outputs, naive.final.h, naive.final.c ?? []]);
      disposeStackWeights(w);
    },
  );
});
