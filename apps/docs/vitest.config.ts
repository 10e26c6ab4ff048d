import { rrnnProject } from '../../tooling/vitest.base';

// groupOrder 1: in the workspace run, the site's tests start after every package's tests have
// finished. Its software-GPU end-to-end tests (demos.test.ts, kernels.test.ts) keep both cores busy
// for minutes and would otherwise starve the packages' timing-sensitive tests.
export default rrnnProject('@rrnn/docs', { sequence: { groupOrder: 1 } });
