import { defineConfig } from 'tsup';
import { packageBuild } from '../../tooling/tsup.base';

// The CLI ships as one ESM program; workspace packages stay external (dependencies),
// except @rrnn/train and @rrnn/eval: their dist imports tfjs-core's extensionless
// `dist/register_all_gradients`, which plain Node ESM cannot resolve, so they are
// bundled here (with that file) until their builds bundle it themselves as
// @rrnn/backend does.
export default defineConfig(
  packageBuild(
    { index: 'src/index.ts', bin: 'src/bin.ts' },
    { format: ['esm'], banner: { js: '' }, noExternal: [/^@rrnn\/(train|eval)$/, /^@tensorflow\/tfjs-core\/dist\/register_all_gradients/] },
  ),
);
