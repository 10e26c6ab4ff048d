/**
 * The peer: tfjs-layers' own `simpleRNN` / `gru` / `lstm` (same sizes), one `trainOnBatch` step with
 * SGD on the mean squared output (target zeros), i.e. the same loss and update as our layer's step.
 * Needs `@tensorflow/tfjs-layers` (an optional peer of this package), loaded on first use.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CellType } from '../layout';
import type { LayerBenchSizes } from './layer-step';
import { bestSeconds, type TimingOptions } from './timing';

/** Seconds per training step of tfjs-layers' own recurrent layer of the same cell and sizes. */
export async function tfjsLayerSecondsPerStep(s: LayerBenchSizes, o: TimingOptions & { lr?: number } = {}): Promise<number> {
  const tfl = await import('@tensorflow/tfjs-layers');
  // glorot, not the default orthogonal recurrent init (its QR fails on wasm and does not change the speed)
  const args = { units: s.hidden, returnSequences: true, inputShape: [s.steps, s.inputSize], recurrentInitializer: 'glorotUniform' as const };
  const make: Record<CellType, () => ReturnType<typeof tfl.layers.lstm>> = {
    rnn: () => tfl.layers.simpleRNN(args),
    gru: () => tfl.layers.gru(args),
    lstm: () => tfl.layers.lstm(args),
  };
  const model = tfl.sequential({ layers: [make[s.cell]()] });
  const optimizer = tf.train.sgd(o.lr ?? 0.1);
  model.compile({ optimizer, loss: 'meanSquaredError' });
  const x = tf.randomNormal([s.batch, s.steps, s.inputSize], 0, 1, 'float32', 2);
  const y = tf.zeros([s.batch, s.steps, s.hidden]);
  try {
    return await bestSeconds(async () => {
      await model.trainOnBatch(x, y);
    }, o);
  } finally {
    tf.dispose([x, y]);
    model.dispose();
    optimizer.dispose(); // its learning-rate scalar
  }
}
