import { unitTestConfig } from '@ecommerce/testkit/vitest';

export default unitTestConfig('demo');
