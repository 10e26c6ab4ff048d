import { defineConfig } from 'tsup';
import { packageBuild } from '../../tooling/tsup.base';

export default defineConfig(packageBuild({ index: 'src/index.ts', layout: 'src/layout.ts', layers: 'src/layers.ts', bench: 'src/bench.ts', kernels: 'src/kernels.ts' }));
