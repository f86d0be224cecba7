import { isOwnerOrAdmin, notFound } from '@ecommerce/service-kit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../db.ts';
import { isTerminal } from '../domain/order-state-machine.ts';
import { findOrder } from '../repository/order-repository.ts';
import { timelineStepsAfter } from '../repository/timeline-stream-repository.ts';
import { OrderParams } from './order-schemas.ts';

export interface OrderLiveRoutesOptions {
  db: Database;
  /** How often a stream looks for new steps. */
  pollIntervalMs?: number;
  /** A stream ends after this long even if the saga has not; clients reconnect or poll. */
  maxStreamMs?: number;
}

/** One parsed event of the stream: `step` (a timeline step, as JSON) or `end` ({ status }). */
const StreamEvent = Type.Object({
  event: Type.Union([Type.Literal('step'), Type.Literal('end')]),
  data: Type.String({ contentMediaType: 'application/json' }),
  id: Type.Optional(Type.String({ pattern: '^[0-9]{1,19}$' })),
});

// A comment line while nothing happens: proxies in front (the gateway's upstream timeout is
// 10 s between bytes) would otherwise cut a stream whose saga waits on a slow step.
const heartbeatMs = 5_000;

/** One event in text/event-stream framing (WHATWG HTML); data is one JSON line. */
export function serverSentEvent(event: string, data: unknown, id?: string): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The saga as it happens: a stream of an order's timeline steps (Server-Sent Events). */
export const orderLiveRoutes: FastifyPluginAsyncTypebox<OrderLiveRoutesOptions> = async (
  app,
  { db, pollIntervalMs = 300, maxStreamMs = 5 * 60_000 },
) => {
  const streams = new Set<() => void>();
  // Open streams would hold the server open; closing ends them first.
  app.addHook('preClose', async () => {
    for (const end of streams) end();
  });

  app.get(
    '/orders/:id/timeline/stream',
    {
      onRequest: [app.requireRole('customer', 'admin')],
      schema: {
        summary:
          'The saga of an order as it happens (its owner or an admin): text/event-stream of `step` events (each a timeline step, oldest first, with the step’s number as the event id), then `end` at a terminal status',
        description:
          'Send Last-Event-ID to resume after a step. The stream ends at a terminal status (CONFIRMED, CANCELLED, REFUNDED), or after five minutes; GET /orders/{id}/timeline is the polling equivalent.',
        tags: ['orders'],
        params: OrderParams,
        headers: Type.Object({
          'last-event-id': Type.Optional(Type.String({ pattern: '^[0-9]{1,19}$' })),
        }),
        response: {
          200: {
            description: 'An event stream',
            // Per OpenAPI 3.2's itemSchema convention (3.0/3.1 tools read `schema` as the
            // same): one parsed event, not the whole stream.
            content: { 'text/event-stream': { schema: StreamEvent } },
          },
        },
      },
    },
    async (request, reply) => {
      const order = await findOrder(db, request.params.id);
      if (!order || !isOwnerOrAdmin(request.identity, order.customerId)) {
        throw notFound('Order not found', { detail: `No order ${request.params.id}` });
      }
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-store',
        connection: 'keep-alive',
        // Proxies that buffer (nginx) pass each event on at once.
        'x-accel-buffering': 'no',
      });
      raw.write(': following the saga\n\n');

      let lastId = BigInt(request.headers['last-event-id'] ?? 0);
      let open = true;
      const end = () => {
        if (!open) return;
        open = false;
        streams.delete(end);
        raw.end();
      };
      streams.add(end);
      request.raw.on('close', end);
      const startedAt = Date.now();
      let lastWrite = Date.now();
      while (open) {
        try {
          const steps = await timelineStepsAfter(db, order.id, lastId);
          for (const { id, view } of steps) {
            raw.write(serverSentEvent('step', view, String(id)));
            lastId = id;
            lastWrite = Date.now();
          }
          const last = steps.at(-1)?.view.status;
          if (last !== undefined && isTerminal(last)) {
            raw.write(serverSentEvent('end', { status: last }));
            break;
          }
        } catch (error) {
          // A lost database connection ends the stream; the client falls back to polling.
          request.log.warn({ err: error }, 'timeline stream failed');
          break;
        }
        if (Date.now() - startedAt > maxStreamMs) break;
        if (Date.now() - lastWrite > heartbeatMs) {
          raw.write(': still following\n\n');
          lastWrite = Date.now();
        }
        await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
      }
      end();
    },
  );
};
