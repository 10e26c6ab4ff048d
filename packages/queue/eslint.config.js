// Until the root config can resolve @rrnn/eslint-config, lint this package with the shared config by path.
export { default } from '../../tooling/eslint/index.js';
