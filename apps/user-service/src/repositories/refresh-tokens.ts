import type { Database } from '../db.ts';
import type { RefreshToken } from '../generated/prisma/client.ts';

export type { RefreshToken };

export interface NewRefreshToken {
  userId: string;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
}

export function refreshTokenRepository(db: Database) {
  return {
    create(token: NewRefreshToken): Promise<RefreshToken> {
      return db.refreshToken.create({ data: token });
    },

    findByHash(tokenHash: string): Promise<RefreshToken | null> {
      return db.refreshToken.findUnique({ where: { tokenHash } });
    },

    /**
     * Marks `current` as exchanged and stores its successor, atomically. False when another
     * request exchanged or revoked it first: then only one of them gets a successor.
     */
    rotate(current: RefreshToken, successor: NewRefreshToken, now: Date): Promise<boolean> {
      return db.$transaction(async (tx) => {
        const { count } = await tx.refreshToken.updateMany({
          where: { id: current.id, rotatedAt: null, revokedAt: null },
          data: { rotatedAt: now },
        });
        if (count !== 1) return false;
        await tx.refreshToken.create({ data: successor });
        return true;
      });
    },

    /** Revokes every token of the family that is not revoked yet. */
    async revokeFamily(familyId: string, now: Date): Promise<void> {
      await db.refreshToken.updateMany({
        where: { familyId, revokedAt: null },
        data: { revokedAt: now },
      });
    },

    /** Deletes tokens that expired before `before`; they can only be refused. Returns how many. */
    async purgeExpiredBefore(before: Date): Promise<number> {
      const { count } = await db.refreshToken.deleteMany({ where: { expiresAt: { lt: before } } });
      return count;
    },
  };
}
