import { badRequest, conflict, tooManyRequests, unauthorized } from '@ecommerce/service-kit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { PasswordWork } from '../auth/password-work.ts';
import { register, WeakPasswordError } from '../auth/registration.ts';
import {
  InvalidCredentialsError,
  InvalidRefreshTokenError,
  LoginLockedError,
  type Sessions,
} from '../auth/sessions.ts';
import type { ScryptParameters } from '../domain/password-hash.ts';
import { passwordMaxLength } from '../domain/password-policy.ts';
import { EmailTakenError, publicUser, type userRepository } from '../repositories/users.ts';
import { Email, NewPassword, Problem, RefreshTokenBody, TokenPair, User } from './schemas.ts';

export interface AuthRoutesOptions {
  users: ReturnType<typeof userRepository>;
  sessions: Sessions;
  passwordHashCost: ScryptParameters;
  /** The bulkhead every password hash goes through (auth/password-work.ts). */
  passwordWork: PasswordWork;
}

/** Registration, login, refresh-token rotation and logout. */
export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (app, options) => {
  const { users, sessions, passwordHashCost, passwordWork } = options;

  app.post(
    '/auth/register',
    {
      schema: {
        summary: 'Create a customer account',
        tags: ['auth'],
        body: Type.Object(
          {
            email: Email,
            password: NewPassword,
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: User,
          400: Problem('Invalid body or a password the policy refuses'),
          409: Problem('The email address is taken'),
          503: Problem('Too many password checks at once; see Retry-After'),
        },
      },
    },
    async (request, reply) => {
      try {
        const user = await passwordWork.run(reply, () =>
          register(users, request.body, passwordHashCost),
        );
        return reply.code(201).header('location', `/users/${user.id}`).send(publicUser(user));
      } catch (error) {
        if (error instanceof WeakPasswordError) {
          throw badRequest('Weak password', {
            detail: error.message,
            extensions: {
              errors: error.violations.map((message) => ({
                in: 'body',
                field: 'password',
                instancePath: '/password',
                message,
              })),
            },
          });
        }
        if (error instanceof EmailTakenError) {
          throw conflict('Email already registered', {
            detail: 'An account with this email address exists',
          });
        }
        throw error;
      }
    },
  );

  app.post(
    '/auth/login',
    {
      schema: {
        summary: 'Exchange email and password for an access token and a refresh token',
        tags: ['auth'],
        body: Type.Object(
          {
            email: Email,
            password: Type.String({ minLength: 1, maxLength: passwordMaxLength }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: TokenPair,
          400: Problem('Invalid body'),
          401: Problem('Unknown email or wrong password (the same answer for both)'),
          429: Problem('Too many failed logins for this email; see Retry-After'),
          503: Problem('Too many logins at once; see Retry-After'),
        },
      },
    },
    async (request, reply) => {
      try {
        const tokens = await passwordWork.run(reply, () =>
          sessions.login(request.body.email, request.body.password),
        );
        return reply.header('cache-control', 'no-store').send(tokens);
      } catch (error) {
        if (error instanceof InvalidCredentialsError) {
          throw unauthorized('Invalid credentials', { detail: 'Wrong email or password' });
        }
        if (error instanceof LoginLockedError) {
          reply.header('retry-after', String(error.retryAfterSeconds));
          throw tooManyRequests('Too many failed logins', {
            detail: `Try again in ${error.retryAfterSeconds} seconds`,
          });
        }
        throw error;
      }
    },
  );

  const refreshRejected = () =>
    unauthorized('Invalid refresh token', {
      detail: 'The refresh token is invalid, expired or revoked; log in again',
    });

  app.post(
    '/auth/refresh',
    {
      schema: {
        summary: 'Exchange a refresh token for a new pair (the old refresh token stops working)',
        description:
          'Refresh tokens are single use. Presenting one that was already exchanged revokes every token of its login session.',
        tags: ['auth'],
        body: RefreshTokenBody,
        response: {
          200: TokenPair,
          400: Problem('Invalid body'),
          401: Problem('Invalid, expired, revoked or reused refresh token'),
        },
      },
    },
    async (request, reply) => {
      try {
        const tokens = await sessions.refresh(request.body.refreshToken);
        return reply.header('cache-control', 'no-store').send(tokens);
      } catch (error) {
        if (error instanceof InvalidRefreshTokenError) throw refreshRejected();
        throw error;
      }
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        summary: "Revoke the refresh token's login session",
        tags: ['auth'],
        body: RefreshTokenBody,
        response: { 204: Type.Null(), 400: Problem('Invalid body') },
      },
    },
    async (request, reply) => {
      await sessions.logout(request.body.refreshToken);
      return reply.code(204).send(null);
    },
  );
};
