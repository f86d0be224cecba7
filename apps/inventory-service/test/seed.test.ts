import { describe, expect, it } from 'vitest';
import { readSeedCatalog, seedInventory } from '../src/seed.ts';
import { expectStockConsistent, inventoryTestbed } from './support.ts';

const testbed = await inventoryTestbed();

describe('seedInventory', () => {
  it('stocks every catalog product with its initial stock, and changes nothing the second time', async () => {
    const catalog = await readSeedCatalog();
    expect(catalog.products).toHaveLength(20);

    expect(await seedInventory(testbed.db, catalog)).toEqual({ created: 20, unchanged: 0 });
    const [first] = catalog.products;
    if (!first) throw new Error('empty catalog');
    // Stock that orders have moved since is kept as it is.
    await testbed.admin.query(
      'UPDATE inventory.stock_items SET reserved = 1 WHERE product_id = $1',
      [first.id],
    );
    expect(await seedInventory(testbed.db, catalog)).toEqual({ created: 0, unchanged: 20 });

    for (const product of catalog.products) {
      const response = await testbed.app.inject({ url: `/inventory/${product.id}` });
      expect(response.json()).toMatchObject({
        onHand: product.initialStock,
        reserved: product.id === first.id ? 1 : 0,
      });
    }
    await testbed.admin.query(
      'UPDATE inventory.stock_items SET reserved = 0 WHERE product_id = $1',
      [first.id],
    );
    await expectStockConsistent(testbed);
  });
});
