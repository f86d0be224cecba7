import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../db.ts';
import { sagaStatsBuckets } from '../domain/saga-stats.ts';
import {
  cancellationReasonCounts,
  sagaOutcomesPerMinute,
} from '../repository/saga-stats-repository.ts';

const StatsQuery = Type.Object(
  { minutes: Type.Integer({ minimum: 1, maximum: 120, default: 15 }) },
  { additionalProperties: false },
);

const SagaStats = Type.Object({
  windowMinutes: Type.Integer(),
  buckets: Type.Array(
    Type.Object({
      start: Type.String({
        format: 'date-time',
        description: 'The minute the orders were placed in',
      }),
      confirmed: Type.Integer(),
      cancelled: Type.Integer(),
      pending: Type.Integer({ description: 'Still in flight' }),
      p50Ms: Type.Union([Type.Integer(), Type.Null()], {
        description: 'Median time from placement to outcome, of those with one',
      }),
      p95Ms: Type.Union([Type.Integer(), Type.Null()]),
    }),
  ),
  cancellationReasons: Type.Record(Type.String(), Type.Integer()),
});

/** The saga's outcomes and latency over the last minutes, for the operations console. */
export const sagaStatsRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/orders/stats',
    {
      onRequest: [app.requireRole('admin')],
      schema: {
        summary: 'Saga outcomes and latency per minute over the last minutes (admin)',
        tags: ['orders'],
        querystring: StatsQuery,
        response: { 200: SagaStats },
      },
    },
    async (request, reply) => {
      const { minutes } = request.query;
      const [rows, cancellationReasons] = await Promise.all([
        sagaOutcomesPerMinute(db, minutes),
        cancellationReasonCounts(db, minutes),
      ]);
      reply.header('cache-control', 'no-store');
      return {
        windowMinutes: minutes,
        buckets: sagaStatsBuckets(rows, minutes, new Date()),
        cancellationReasons,
      };
    },
  );
};
