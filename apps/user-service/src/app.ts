import { randomBytes } from 'node:crypto';
import {
  authentication,
  type CreateServiceOptions,
  createService,
  postgresCheck,
} from '@ecommerce/service-kit';
import { accessTokenSigner } from './auth/access-tokens.ts';
import { passwordWork } from './auth/password-work.ts';
import { seedAccounts } from './auth/registration.ts';
import { sessions } from './auth/sessions.ts';
import {
  generateSigningKey,
  publishedKeySet,
  type Signer,
  signerFromPem,
  signerFromStoredKey,
} from './auth/signing-keys.ts';
import type { UserServiceConfig } from './config.ts';
import { createDatabase, type Database } from './db.ts';
import { hashPassword, type ScryptParameters } from './domain/password-hash.ts';
import { startHousekeeping } from './housekeeping.ts';
import { loginFailureRepository } from './repositories/login-failures.ts';
import { refreshTokenRepository } from './repositories/refresh-tokens.ts';
import { signingKeyRepository } from './repositories/signing-keys.ts';
import { userRepository } from './repositories/users.ts';
import { authRoutes } from './routes/auth.ts';
import { jwksRoutes } from './routes/jwks.ts';
import { userRoutes } from './routes/users.ts';

export interface AppDependencies {
  /** A database client owned by the caller (not closed with the app). */
  db?: Database;
  /** Where log lines go instead of stdout. */
  logStream?: CreateServiceOptions<UserServiceConfig>['logStream'];
}

export function passwordHashCost(config: UserServiceConfig): ScryptParameters {
  return { logN: config.PASSWORD_HASH_COST, r: 8, p: 1 };
}

/** user-service: accounts, login, tokens and the public keys; never listens (see main.ts). */
export async function buildApp(config: UserServiceConfig, deps: AppDependencies = {}) {
  const app = await createService({
    name: 'user-service',
    version: '0.1.0',
    description: 'Accounts, login, access and refresh tokens, and the JWKS that verifies them.',
    config,
    ...(deps.logStream ? { logStream: deps.logStream } : {}),
  });
  const db = deps.db ?? createDatabase(config.DATABASE_URL, config.DATABASE_POOL_MAX);
  if (!deps.db) app.addHook('onClose', () => db.$disconnect());
  app.addReadinessCheck(
    'postgres',
    postgresCheck(() => db.$queryRaw`SELECT 1`),
  );

  try {
    const users = userRepository(db);
    const signingKeys = signingKeyRepository(db);
    const hashCost = passwordHashCost(config);

    let signer: Signer;
    if (config.JWT_PRIVATE_KEY) {
      signer = await signerFromPem(config.JWT_PRIVATE_KEY, config.JWT_KEY_ID);
    } else {
      signer = await signerFromStoredKey(await signingKeys.newestOrCreate(generateSigningKey));
      if (config.NODE_ENV === 'production') {
        app.log.warn(
          { kid: signer.kid },
          'JWT_PRIVATE_KEY is not set: signing with a key kept in the database; supply the key through secrets',
        );
      }
    }
    const keySet = async () => publishedKeySet(signer, await signingKeys.active());

    if (config.NODE_ENV !== 'production') {
      const created = await seedAccounts(
        users,
        [
          {
            email: config.SEED_ADMIN_EMAIL,
            password: config.SEED_ADMIN_PASSWORD,
            roles: ['admin'],
          },
        ],
        hashCost,
      );
      if (created.length > 0) app.log.info({ email: created[0] }, 'created the development admin');
    }

    const refreshTokens = refreshTokenRepository(db);
    const loginFailures = loginFailureRepository(db);
    const lockout = {
      maxFailures: config.LOGIN_MAX_FAILURES,
      windowMs: config.LOGIN_FAILURE_WINDOW_SECONDS * 1000,
    };
    const stopHousekeeping = startHousekeeping(
      { loginFailures, refreshTokens, loginFailureWindowMs: lockout.windowMs, log: app.log },
      config.HOUSEKEEPING_INTERVAL_SECONDS * 1000,
    );
    app.addHook('onClose', async () => stopHousekeeping());

    await app.register(authentication, { jwks: await keySet() });
    await app.register(jwksRoutes, { keySet });
    await app.register(authRoutes, {
      users,
      passwordHashCost: hashCost,
      passwordWork: passwordWork({
        maxConcurrent: config.PASSWORD_HASH_CONCURRENCY,
        maxQueue: config.PASSWORD_HASH_QUEUE,
      }),
      sessions: sessions({
        users,
        refreshTokens,
        loginFailures,
        accessTokens: accessTokenSigner(signer, config.ACCESS_TOKEN_TTL_SECONDS),
        refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
        lockout,
        dummyPasswordHash: await hashPassword(randomBytes(16).toString('hex'), hashCost),
        onRefreshTokenReuse: (details) =>
          app.log.warn(details, 'a rotated refresh token was reused: revoked its session'),
      }),
    });
    await app.register(userRoutes, { users });
  } catch (error) {
    await app.close();
    throw error;
  }
  return app;
}
