import { unitTestConfig } from '@ecommerce/testkit/vitest';

export default unitTestConfig('saga-bench');
