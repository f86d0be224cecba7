import { integrationTestConfig } from '@ecommerce/testkit/vitest';

export default integrationTestConfig('notification-service');
