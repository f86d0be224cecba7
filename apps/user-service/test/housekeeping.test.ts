import { describe, expect, it } from 'vitest';
import { purgeDeadRows } from '../src/housekeeping.ts';
import { loginFailureRepository } from '../src/repositories/login-failures.ts';
import { refreshTokenRepository } from '../src/repositories/refresh-tokens.ts';
import { userServiceTestbed } from './support.ts';

const testbed = await userServiceTestbed();
const app = await testbed.app();

describe('purgeDeadRows', () => {
  it('deletes ended failure windows and long-expired refresh tokens, nothing else', async () => {
    const now = new Date();
    const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3600_000);
    await testbed.db.loginFailure.createMany({
      data: [
        { email: 'old@example.test', failures: 3, windowStartedAt: hoursAgo(1) },
        { email: 'current@example.test', failures: 1, windowStartedAt: now },
      ],
    });
    const user = await testbed.db.user.findFirstOrThrow();
    const token = (hash: string, expiresAt: Date) => ({
      userId: user.id,
      familyId: '00000000-0000-4000-8000-000000000001',
      tokenHash: hash.repeat(64),
      expiresAt,
    });
    await testbed.db.refreshToken.createMany({
      data: [token('a', hoursAgo(48)), token('b', hoursAgo(1)), token('c', hoursAgo(-24))],
    });

    const purged = await purgeDeadRows(
      {
        loginFailures: loginFailureRepository(testbed.db),
        refreshTokens: refreshTokenRepository(testbed.db),
        loginFailureWindowMs: 600_000,
        log: app.log,
      },
      now,
    );
    expect(purged).toEqual({ failureWindows: 1, refreshTokens: 1 });
    const failures = await testbed.db.loginFailure.findMany();
    expect(failures.map((row) => row.email)).toEqual(['current@example.test']);
    const tokens = await testbed.db.refreshToken.findMany({ orderBy: { tokenHash: 'asc' } });
    expect(tokens.map((row) => row.tokenHash[0])).toEqual(['b', 'c']);
  });
});
