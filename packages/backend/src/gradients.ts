/**
 * Registers tfjs-core's gradient functions (Add, MatMul, GatherV2, ...) and its
 * chained tensor methods (`t.reshape()`, `t.split()`, ...).
 *
 * `@tensorflow/tfjs-core` alone ships neither: `tf.grads`, `variableGrads`
 * and every optimizer fail with "gradient function not found for Add" until
 * `@tensorflow/tfjs-core/dist/register_all_gradients` is loaded, and some of
 * those gradients (Prod; GatherV2 with batchDims) call tensor methods that only
 * `dist/public/chained_ops/register_all_chained_ops` installs. Both files are
 * extensionless ESM, which plain Node cannot import, so the build bundles them
 * into this package (see tsup.config.ts); their kernels and tensors still go
 * through the one global tfjs engine and Tensor class. Importing this module
 * registers them; registering twice just overwrites the same entries.
 */
import { getGradient, Tensor } from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';

/** True when tfjs has gradients registered (checked on `Add`, the first op of any loss) and chained methods installed. */
export function gradientsRegistered(): boolean {
  return getGradient('Add') != null && typeof (Tensor.prototype as { reshape?: unknown }).reshape === 'function';
}
