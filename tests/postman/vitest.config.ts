import { integrationTestConfig } from '@ecommerce/testkit/vitest';

export default integrationTestConfig('postman');
