export { default } from '@rrnn/eslint-config';
