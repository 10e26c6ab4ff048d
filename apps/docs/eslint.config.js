// The shared config, plus Node globals for the plain-JS build scripts. (.vue files are checked by vue-tsc.)
import shared from '@rrnn/eslint-config';

export default [
  ...shared,
  { ignores: ['src/api/**', 'public/**', 'test-artifacts/**'] },
  { files: ['scripts/**/*.mjs'], languageOptions: { globals: { console: 'readonly', process: 'readonly' } } },
];
