import type { Database } from '../db.ts';
import type { Prisma, SigningKey } from '../generated/prisma/client.ts';

export type { SigningKey };

export interface NewSigningKey {
  kid: string;
  algorithm: string;
  privateKeyPem: string;
  publicJwk: Prisma.InputJsonObject;
}

export function signingKeyRepository(db: Database) {
  return {
    /** Keys not retired, newest first. */
    active(): Promise<SigningKey[]> {
      return db.signingKey.findMany({
        where: { retiredAt: null },
        orderBy: [{ createdAt: 'desc' }, { kid: 'asc' }],
      });
    },

    /**
     * The newest active key, or the one `create()` makes when there is none. Serialized by an
     * advisory lock, so instances starting together agree on a single key.
     */
    newestOrCreate(create: () => Promise<NewSigningKey>): Promise<SigningKey> {
      return db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('signing_keys'))`;
        const newest = await tx.signingKey.findFirst({
          where: { retiredAt: null },
          orderBy: [{ createdAt: 'desc' }, { kid: 'asc' }],
        });
        return newest ?? tx.signingKey.create({ data: await create() });
      });
    },
  };
}
