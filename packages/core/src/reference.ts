/**
 * Weights in the reference (PyTorch) pool layout, as plain JSON-friendly arrays: the format of
 * `shared/golden/reference-cells.json`, so weights trained with the authors' code can be imported.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CellType } from './layout';
import { ratesPerLayer, stackLayouts, type StackSpec } from './params';
import { checkPoolShape, type StackWeights } from './weights';

/** One layer: `pool` is `poolRows` rows of `poolCols` numbers, `bias` has `poolRows` numbers. */
export interface ReferenceLayer {
  inputSize: number; hiddenSize: number; poolRows: number; poolCols: number;
  pool: number[][]; bias: number[];
}

/** Builds trainable weights from reference layers; checks every size against the layout. */
export function stackFromReference(
  cell: CellType, sharingRates: number[], layers: ReferenceLayer[], o: { name?: string; trainable?: boolean } = {},
): StackWeights {
  if (!Array.isArray(layers) || layers.length === 0) throw new Error('layers must be a non-empty array of reference layers');
  const rates = ratesPerLayer(sharingRates, layers.length);
  const spec: StackSpec = {
    cell,
    layers: layers.map((l, i) => ({ inputSize: l.inputSize, hiddenSize: l.hiddenSize, sharingRate: rates[i] })),
  };
  const layouts = stackLayouts(spec);
  layers.forEach((l, i) => {
    const rows = Array.isArray(l.pool) ? l.pool.length : NaN;
    const bad = Array.isArray(l.pool) ? l.pool.find((r) => !Array.isArray(r) || r.length !== layouts[i].poolCols) : undefined;
    const cols = !Array.isArray(l.pool) ? NaN : bad === undefined ? layouts[i].poolCols : Array.isArray(bad) ? bad.length : NaN;
    checkPoolShape(layouts[i], [l.poolRows, l.poolCols], [l.poolRows], i);
    checkPoolShape(layouts[i], [rows, cols], [Array.isArray(l.bias) ? l.bias.length : NaN], i);
  });
  const trainable = o.trainable ?? true;
  const name = (i: number, what: string) => (o.name === undefined ? undefined : `${o.name}/l${i}/${what}`);
  return {
    spec,
    layers: tf.tidy(() => layers.map((l, i) => ({
      pool: tf.variable(tf.tensor2d(l.pool, [l.poolRows, l.poolCols], 'float32'), trainable, name(i, 'pool')),
      bias: tf.variable(tf.tensor1d(l.bias, 'float32'), trainable, name(i, 'bias')),
    }))),
  };
}

/** Exports weights to reference layers (reads the tensors synchronously). */
export function stackToReference(w: StackWeights): ReferenceLayer[] {
  const layouts = stackLayouts(w.spec);
  return layouts.map((l, i) => {
    checkPoolShape(l, w.layers[i].pool.shape, w.layers[i].bias.shape, i);
    return {
      inputSize: l.inputSize, hiddenSize: l.hiddenSize, poolRows: l.poolRows, poolCols: l.poolCols,
      pool: w.layers[i].pool.arraySync() as number[][],
      bias: w.layers[i].bias.arraySync() as number[],
    };
  });
}
