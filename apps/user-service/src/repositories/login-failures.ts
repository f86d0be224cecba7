import type { Database } from '../db.ts';
import type { FailureWindow } from '../domain/login-lockout.ts';

export function loginFailureRepository(db: Database) {
  return {
    find(email: string): Promise<FailureWindow | null> {
      return db.loginFailure.findUnique({ where: { email } });
    },

    /**
     * Replaces the email's window with `next(current)` under a row-independent lock, so
     * concurrent failures for one address are all counted (the row may not exist yet, so
     * SELECT ... FOR UPDATE could not lock it).
     */
    update(
      email: string,
      next: (current: FailureWindow | null) => FailureWindow,
    ): Promise<FailureWindow> {
      return db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('login_failures'), hashtext(${email}))`;
        const window = next(await tx.loginFailure.findUnique({ where: { email } }));
        await tx.loginFailure.upsert({
          where: { email },
          create: { email, ...window },
          update: window,
        });
        return window;
      });
    },

    /** Deletes windows that started before `before`; they no longer count. Returns how many. */
    async purgeStartedBefore(before: Date): Promise<number> {
      const { count } = await db.loginFailure.deleteMany({
        where: { windowStartedAt: { lt: before } },
      });
      return count;
    },

    async clear(email: string): Promise<void> {
      await db.loginFailure.deleteMany({ where: { email } });
    },
  };
}
