import { defineConfig } from 'tsup';
import { packageBuild } from '../../tooling/tsup.base';

// tfjs-core's gradients and chained tensor methods are extensionless ESM that plain
// Node cannot import: bundle them (src/gradients.ts explains). Everything else
// @tensorflow stays external.
export default defineConfig(
  packageBuild({ index: 'src/index.ts', browser: 'src/browser.ts', names: 'src/names.ts' }, { noExternal: [/^@tensorflow\/tfjs-core\/dist\/(register_all_gradients|public\/chained_ops\/register_all_chained_ops)/] }),
);
