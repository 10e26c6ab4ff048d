import { rrnnProject } from '../../tooling/vitest.base';

export default rrnnProject('@rrnn/queue');
