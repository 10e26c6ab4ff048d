import { defineConfig } from 'tsup';
import { packageBuild } from '../../tooling/tsup.base';

// Training needs tfjs-core's gradients, whose registration module is extensionless ESM that plain
// Node cannot import: bundle it (as @rrnn/backend does); everything else @tensorflow stays external.
// Code splitting: the entries share one copy of each module (one model-id counter, one
// DivergenceError class), not a copy each.
export default defineConfig(
  packageBuild(
    { index: 'src/index.ts', node: 'src/node.ts', parallel: 'src/parallel.ts', layers: 'src/layers.ts', layout: 'src/layout.ts' },
    { noExternal: [/^@tensorflow\/tfjs-core\/dist\/register_all_gradients/], splitting: true },
  ),
);
