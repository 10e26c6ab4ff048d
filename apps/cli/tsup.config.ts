import { defineConfig } from 'tsup';
import { packageBuild } from '../../tooling/tsup.base';

// The CLI ships as one ESM program; workspace packages stay external (dependencies)
// and are imported lazily by the commands that need them, so `--help` and usage
// errors never load TensorFlow.js.
export default defineConfig(packageBuild({ index: 'src/index.ts', bin: 'src/bin.ts', 'gradient-worker': 'src/gradient-worker.ts' }, { format: ['esm'], banner: { js: '' } }));
