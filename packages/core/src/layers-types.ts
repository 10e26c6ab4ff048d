/**
 * tfjs-layers types its public entry uses but does not export, derived from what it does export.
 * Importing them from `@tensorflow/tfjs-layers/dist/...` instead would put extensionless deep
 * imports into our declarations, which fail under `moduleResolution: nodenext`/`node16` (the
 * package has no `exports` map and ESM resolution needs full file names).
 */
import type * as tfl from '@tensorflow/tfjs-layers';

/** The options every tfjs-layers layer takes (`name`, `inputShape`, `trainable`, `dtype`, ...). */
export type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
/** A tfjs-layers weight initializer (what `tf.initializers.*()` returns). */
export type Initializer = ReturnType<typeof tfl.initializers.zeros>;
/** The keyword arguments of `Layer.call` / `Layer.apply` (`training`, `mask`, `initialState`, ...). */
export type Kwargs = NonNullable<Parameters<tfl.layers.Layer['apply']>[1]>;
