/**
 * One SGD training step (forward + backward + update) of a single restricted layer
 * `inputSize -> hidden` over `[batch, steps, inputSize]`, loss = mean of squared outputs.
 * The same loss and update as {@link tfjsLayerSecondsPerStep}, so the two compare like for like.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CellType } from '../layout';
import { stackSpec } from '../params';
import { stackForward } from '../stack';
import { disposeStackWeights, initStackWeights } from '../weights';
import { bestSeconds, type TimingOptions } from './timing';

/** Sizes of a single-layer benchmark. */
export interface LayerBenchSizes { cell: CellType; inputSize: number; hidden: number; batch: number; steps: number }

/** Seconds per training step of our layer at sharing rate `sharingRate`. Gradients must be registered. */
export async function rrnnLayerSecondsPerStep(s: LayerBenchSizes & { sharingRate: number }, o: TimingOptions & { lr?: number } = {}): Promise<number> {
  const spec = stackSpec({ cell: s.cell, inputSize: s.inputSize, hiddenSize: s.hidden, numLayers: 1, sharingRates: s.sharingRate });
  const w = initStackWeights(spec, { seed: 1 });
  const vars = w.layers.flatMap((l) => [l.pool, l.bias]);
  const x = tf.randomNormal([s.batch, s.steps, s.inputSize], 0, 1, 'float32', 2) as tf.Tensor3D;
  const lr = o.lr ?? 0.1;
  try {
    return await bestSeconds(() => {
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(stackForward(w, x).outputs)) as tf.Scalar, vars);
        for (const v of vars) v.assign(tf.sub(v, tf.mul(grads[v.name], lr)));
        value.dataSync();
      });
    }, o);
  } finally {
    tf.dispose(x);
    disposeStackWeights(w);
  }
}
