import { isolatedInfra } from '@ecommerce/testkit';
import { expect, it } from 'vitest';
import { createDatabase } from '../src/db.ts';
import { readSeedData, seedOrders } from '../src/seed.ts';
import { migrate } from './support/order-service.ts';

const infra = await isolatedInfra();
await migrate(infra);

it('places one example order per seed customer, once however often it runs', async () => {
  const db = createDatabase({ url: infra.postgres.urlFor('order-service'), poolMax: 2 });
  try {
    const seed = await readSeedData();
    expect(seed.customers.length).toBeGreaterThan(0);
    expect(await seedOrders(db, seed)).toEqual({ placed: seed.customers.length, present: 0 });
    expect(await seedOrders(db, seed)).toEqual({ placed: 0, present: seed.customers.length });

    // A day later the keys have expired for clients; the seed still finds its orders.
    await db.idempotencyKey.updateMany({
      data: { createdAt: new Date(Date.now() - 25 * 3600_000) },
    });
    expect(await seedOrders(db, seed)).toEqual({ placed: 0, present: seed.customers.length });

    const orders = await db.order.findMany({ include: { lines: true } });
    expect(orders.map((order) => order.customerId).sort()).toEqual(
      seed.customers.map((customer) => customer.id).sort(),
    );
    expect(orders.every((order) => order.status === 'PENDING' && order.lines.length > 0)).toBe(
      true,
    );
    expect(await db.outboxEvent.count({ where: { type: 'order.created.v1' } })).toBe(orders.length);
  } finally {
    await db.$disconnect();
  }
});
