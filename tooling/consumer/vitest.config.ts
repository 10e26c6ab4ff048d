import { rrnnProject } from '../vitest.base';

// Packing, npm install and a tiny training run: minutes on a cold npm cache, so generous timeouts.
export default rrnnProject('@rrnn/consumer-test', { testTimeout: 300_000, hookTimeout: 600_000 });
