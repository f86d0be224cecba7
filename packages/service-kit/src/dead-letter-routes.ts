import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import { notFound } from './problem.ts';

/** A dead letter as listed (the shape of @ecommerce/events' DeadLetterEntry). */
const DeadLetter = Type.Object({
  id: Type.String({ description: '<dead-letter topic>~<partition>~<offset>' }),
  topic: Type.String(),
  partition: Type.Integer(),
  offset: Type.String(),
  originalTopic: Type.String({ description: 'Where a replay puts it back' }),
  key: Type.Union([Type.String(), Type.Null()]),
  reason: Type.String({ description: 'unparseable, invalid or failed' }),
  error: Type.String({
    description: 'The last error of the handler, or why the message was refused',
  }),
  consumer: Type.String(),
  attempts: Type.Integer(),
  failedAt: Type.String({ format: 'date-time' }),
  eventId: Type.Union([Type.String(), Type.Null()]),
  eventType: Type.Union([Type.String(), Type.Null()]),
  value: Type.Union([Type.String(), Type.Null()], { description: 'The message as text' }),
  replayOf: Type.Union([Type.String(), Type.Null()], {
    description: 'The dead letter this one is a failed replay of',
  }),
  replayedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

type DeadLetterView = Static<typeof DeadLetter>;

/** What the routes need from a service's dead letters (@ecommerce/events' DeadLetterBrowser). */
export interface DeadLetterSource {
  list(): DeadLetterView[];
  replay(id: string, actor: string): Promise<DeadLetterView | undefined>;
}

export interface DeadLetterRoutesOptions {
  source: DeadLetterSource;
  /** The service's path, e.g. `/inventory`: the routes are `<area>/dead-letters...`. */
  area: string;
}

const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 300 }) });

/**
 * The dead letters of the service's consumer, and replaying one onto its topic: admins only,
 * enforced here whatever the gateway did, and every replay written to the audit log.
 */
export const deadLetterRoutes: FastifyPluginAsyncTypebox<DeadLetterRoutesOptions> = async (
  app,
  { source, area },
) => {
  const admin = app.requireRole('admin');
  const tags = ['dead letters'];

  app.get(
    `${area}/dead-letters`,
    {
      onRequest: [admin],
      schema: {
        summary: 'Events this service’s consumer gave up on, newest first (admin)',
        tags,
        response: { 200: Type.Object({ items: Type.Array(DeadLetter) }) },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return { items: source.list() };
    },
  );

  app.post(
    `${area}/dead-letters/:id/replay`,
    {
      onRequest: [admin],
      schema: {
        summary:
          'Put a dead-lettered event back on its topic (admin, audit-logged); consumers that handled it already skip it',
        tags,
        params: Params,
        response: { 202: DeadLetter },
      },
    },
    async (request, reply) => {
      const actor = request.identity?.userId ?? 'unknown';
      const replayed = await source.replay(request.params.id, actor);
      if (!replayed) {
        throw notFound('Dead letter not found', { detail: `No dead letter ${request.params.id}` });
      }
      request.log.info(
        {
          audit: true,
          action: 'dead-letter.replay',
          actor,
          actorEmail: request.identity?.email,
          deadLetter: replayed.id,
          topic: replayed.originalTopic,
          eventId: replayed.eventId,
        },
        'dead letter replayed',
      );
      return reply.code(202).send(replayed);
    },
  );
};
