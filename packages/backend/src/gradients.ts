/**
 * Registers tfjs-core's gradient functions (Add, MatMul, GatherV2, ...).
 *
 * `@tensorflow/tfjs-core` alone ships no gradients: `tf.grads`, `variableGrads`
 * and every optimizer fail with "gradient function not found for Add" until
 * `@tensorflow/tfjs-core/dist/register_all_gradients` is loaded. That file is
 * extensionless ESM, which plain Node cannot import, so the build bundles it
 * into this package (see tsup.config.ts); its kernels and tensors still go
 * through the one global tfjs engine. Importing this module registers them;
 * registering twice just overwrites the same entries.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { getGradient } from '@tensorflow/tfjs-core';

/** True when tfjs has gradients registered (checked on `Add`, the first op of any loss). */
export function gradientsRegistered(): boolean {
  return getGradient('Add') != null;
}
