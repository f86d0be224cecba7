import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { callJson, expectStatus } from './gateway-client.ts';

export interface Shop {
  productIds: string[];
  /** Access tokens of the customers who place the orders. */
  customerTokens: string[];
}

const password = 'saga-bench-password';

async function signUp(gatewayUrl: string, email: string): Promise<void> {
  await expectStatus(
    `register ${email}`,
    201,
    callJson(`${gatewayUrl}/api/auth/register`, { body: { email, password } }),
  );
}

async function signIn(gatewayUrl: string, email: string): Promise<string> {
  const body = await expectStatus(
    `login ${email}`,
    200,
    callJson(`${gatewayUrl}/api/auth/login`, { body: { email, password } }),
  );
  return body.accessToken;
}

/**
 * Through the gateway, as a shop would be set up: an administrator (production starts without
 * one, so the role is granted in user-service's table), products, their stock, and customers.
 */
export async function setUpShop(
  gatewayUrl: string,
  database: pg.Pool,
  options: { products: number; stock: number; customers: number },
): Promise<Shop> {
  const run = randomUUID().slice(0, 8);
  const adminEmail = `admin-${run}@bench.example`;
  await signUp(gatewayUrl, adminEmail);
  await database.query(
    `UPDATE users.users SET roles = ARRAY['customer', 'admin'] WHERE email = $1`,
    [adminEmail],
  );
  const adminToken = await signIn(gatewayUrl, adminEmail);

  const productIds: string[] = [];
  for (let i = 1; i <= options.products; i++) {
    const product = await expectStatus(
      `create product ${i}`,
      201,
      callJson(`${gatewayUrl}/api/products`, {
        token: adminToken,
        body: {
          sku: `BENCH-${run}-${String(i).padStart(3, '0')}`,
          name: `Benchmark product ${i}`,
          description: 'A product stocked for the order saga benchmark.',
          category: 'benchmark',
          price: { amount: 500 + i * 100, currency: 'EUR' },
        },
      }),
    );
    await expectStatus(
      `stock product ${i}`,
      201,
      callJson(`${gatewayUrl}/api/inventory/${product.id}`, {
        method: 'PUT',
        token: adminToken,
        body: { onHand: options.stock },
      }),
    );
    productIds.push(product.id);
  }

  const customerTokens: string[] = [];
  for (let i = 1; i <= options.customers; i++) {
    const email = `customer-${i}-${run}@bench.example`;
    await signUp(gatewayUrl, email);
    customerTokens.push(await signIn(gatewayUrl, email));
  }
  return { productIds, customerTokens };
}
