import { forbidden, isOwnerOrAdmin, notFound } from '@ecommerce/service-kit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { publicUser, type userRepository } from '../repositories/users.ts';
import { Problem, User } from './schemas.ts';

export interface UserRoutesOptions {
  users: ReturnType<typeof userRepository>;
}

/** The caller's own account, and any account for admins. */
export const userRoutes: FastifyPluginAsyncTypebox<UserRoutesOptions> = async (app, options) => {
  const { users } = options;

  app.get(
    '/users/me',
    {
      onRequest: [app.authenticate],
      schema: {
        summary: "The caller's account",
        tags: ['users'],
        response: {
          200: User,
          401: Problem('Missing or invalid access token'),
          404: Problem('The account no longer exists'),
        },
      },
    },
    async (request) => {
      const identity = request.identity;
      const user = identity ? await users.findById(identity.userId) : null;
      if (!user) throw notFound('User not found', { detail: 'The account no longer exists' });
      return publicUser(user);
    },
  );

  app.get(
    '/users/:id',
    {
      onRequest: [app.authenticate],
      schema: {
        summary: 'An account (admins, or the account owner)',
        tags: ['users'],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: {
          200: User,
          400: Problem('The id is not a UUID'),
          401: Problem('Missing or invalid access token'),
          403: Problem('Neither an admin nor the owner'),
          404: Problem('No such user'),
        },
      },
    },
    async (request) => {
      if (!isOwnerOrAdmin(request.identity, request.params.id)) {
        throw forbidden('Forbidden', { detail: 'Only admins may read other accounts' });
      }
      const user = await users.findById(request.params.id);
      if (!user) throw notFound('User not found', { detail: `No user ${request.params.id}` });
      return publicUser(user);
    },
  );
};
