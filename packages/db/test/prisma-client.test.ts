import { join } from 'node:path';
import { isolatedInfra } from '@ecommerce/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { prismaGenerate } from '../src/cli/prisma-generate.ts';
import { createPrismaClient } from '../src/index.ts';
import { deployMigrations } from '../src/migrations/index.ts';
import { shopFixture } from './fixture.ts';

/** The part of the fixture's generated client these tests use (it is generated, not committed). */
interface ShopClient {
  customer: {
    create(args: {
      data: { email: string; orders: { create: { totalMinor: number; currency: string }[] } };
      include: { orders: true };
    }): Promise<{ id: string; email: string; orders: { id: string; totalMinor: number }[] }>;
    findUniqueOrThrow(args: {
      where: { email: string };
      include: { orders: true };
    }): Promise<{ id: string; orders: { totalMinor: number; currency: string }[] }>;
    count(): Promise<number>;
  };
  $disconnect(): Promise<void>;
}
type ShopClientClass = new (options: { adapter?: unknown }) => ShopClient;

const infra = await isolatedInfra();
const admin = infra.postgres.pool();
let PrismaClient: ShopClientClass;

beforeAll(async () => {
  expect(prismaGenerate(join(shopFixture, 'prisma/schema.prisma'), [], 'ignore')).toBe(0);
  const generated = join(shopFixture, 'src/generated/prisma/client.ts');
  ({ PrismaClient } = (await import(generated)) as { PrismaClient: ShopClientClass });
  await deployMigrations(
    { schemaPath: join(shopFixture, 'prisma/schema.prisma') },
    { databaseUrl: infra.postgres.urlFor('order-service') },
  );
}, 120_000);

async function withClient<T>(client: ShopClient, work: (client: ShopClient) => Promise<T>) {
  try {
    return await work(client);
  } finally {
    await client.$disconnect();
  }
}

describe('createPrismaClient', () => {
  it('round-trips rows as the service role in its schema', async () => {
    const prisma = createPrismaClient(PrismaClient, {
      connectionString: infra.postgres.urlFor('order-service'),
      schema: 'orders',
    });
    await withClient(prisma, async (client) => {
      const created = await client.customer.create({
        data: {
          email: 'ada@example.com',
          orders: { create: [{ totalMinor: 1299, currency: 'EUR' }] },
        },
        include: { orders: true },
      });
      const found = await client.customer.findUniqueOrThrow({
        where: { email: 'ada@example.com' },
        include: { orders: true },
      });
      expect(found.id).toBe(created.id);
      expect(found.orders).toEqual([
        expect.objectContaining({ totalMinor: 1299, currency: 'EUR' }),
      ]);
    });
    const { rows } = await admin.query('SELECT email FROM orders.customers');
    expect(rows).toEqual([{ email: 'ada@example.com' }]);
  });

  it("takes the schema from the URL's schema parameter", async () => {
    const prisma = createPrismaClient(PrismaClient, {
      connectionString: `${infra.postgres.urlFor('order-service')}?schema=orders`,
    });
    expect(await withClient(prisma, (client) => client.customer.count())).toBe(1);
  });

  it("cannot reach a schema that is not the role's own", async () => {
    const prisma = createPrismaClient(PrismaClient, {
      connectionString: infra.postgres.urlFor('payment-service'),
      schema: 'orders',
    });
    await expect(withClient(prisma, (client) => client.customer.count())).rejects.toThrow(
      /permission denied/i,
    );
  });
});
