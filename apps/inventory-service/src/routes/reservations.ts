import { conflict, notFound } from '@ecommerce/service-kit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { InventoryDatabase } from '../db.ts';
import {
  commitReservation,
  findReservation,
  type ReservationView as Reservation,
  releaseReservation,
  reserveStock,
  type TransitionResult,
} from '../repository/reservation-repository.ts';

const Line = Type.Object(
  {
    productId: Type.String({ format: 'uuid' }),
    quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  },
  { additionalProperties: false },
);

export const ReservationView = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    orderId: Type.String({ format: 'uuid' }),
    status: Type.Union([
      Type.Literal('RESERVED'),
      Type.Literal('RELEASED'),
      Type.Literal('COMMITTED'),
      Type.Literal('RETURNED'),
    ]),
    lines: Type.Array(Line),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'ReservationView' },
);

const ReserveBody = Type.Object(
  {
    orderId: Type.String({ format: 'uuid' }),
    lines: Type.Array(Line, { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: false },
);

const OrderParams = Type.Object({ orderId: Type.String({ format: 'uuid' }) });

function reservationJson(reservation: Reservation) {
  return {
    ...reservation,
    createdAt: reservation.createdAt.toISOString(),
    updatedAt: reservation.updatedAt.toISOString(),
  };
}

function reservationNotFound(orderId: string) {
  return notFound('Reservation not found', { detail: `Order ${orderId} has no reservation` });
}

/** The reservation (200) or the problem that says why the request changed nothing. */
function transitionAnswer(orderId: string, result: TransitionResult, verb: 'release' | 'commit') {
  if (result.outcome === 'not_found' || result.outcome === 'preempted') {
    throw reservationNotFound(orderId);
  }
  if (result.outcome === 'conflict') {
    throw conflict(`Reservation is ${result.reservation.status.toLowerCase()}`, {
      detail: `Cannot ${verb} the reservation of order ${orderId}: it is ${result.reservation.status}`,
      extensions: { reservation: { id: result.reservation.id, status: result.reservation.status } },
    });
  }
  return reservationJson(result.reservation);
}

/**
 * Reservations by order. The order saga makes them over Kafka; these endpoints are for admins
 * and operations (inspecting, or finishing an order by hand).
 */
export const reservationRoutes: FastifyPluginAsyncTypebox<{ db: InventoryDatabase }> = async (
  app,
  { db },
) => {
  app.addHook('onRequest', app.requireRole('admin'));

  app.post(
    '/reservations',
    {
      config: { problems: [409] },
      schema: {
        summary: 'Reserve all lines of an order or none; admin',
        description:
          '201 with the new reservation; 200 with the existing one when the order already has ' +
          'one; 409 with `unavailable` lines when any line lacks stock (nothing is reserved).',
        tags: ['reservations'],
        body: ReserveBody,
        response: { 200: ReservationView, 201: ReservationView },
      },
    },
    async (request, reply) => {
      const { orderId, lines } = request.body;
      const result = await db.$transaction((tx) => reserveStock(tx, orderId, lines));
      if (result.outcome === 'rejected') {
        throw conflict('Insufficient stock', {
          detail: `Order ${orderId} cannot be reserved: ${result.unavailable.length} line(s) lack stock`,
          extensions: { unavailable: result.unavailable },
        });
      }
      return reply
        .code(result.outcome === 'reserved' ? 201 : 200)
        .send(reservationJson(result.reservation));
    },
  );

  app.get(
    '/reservations/:orderId',
    {
      schema: {
        summary: "An order's reservation; admin",
        tags: ['reservations'],
        params: OrderParams,
        response: { 200: ReservationView },
      },
    },
    async (request) => {
      const reservation = await findReservation(db, request.params.orderId);
      if (!reservation) throw reservationNotFound(request.params.orderId);
      return reservationJson(reservation);
    },
  );

  app.post(
    '/reservations/:orderId/release',
    {
      config: { problems: [409] },
      schema: {
        summary: "Release an order's reserved units back to sale (idempotent); admin",
        description: '409 when the reservation is already committed.',
        tags: ['reservations'],
        params: OrderParams,
        response: { 200: ReservationView },
      },
    },
    async (request) => {
      const { orderId } = request.params;
      const result = await db.$transaction((tx) =>
        releaseReservation(tx, orderId, { reason: 'released by an admin' }),
      );
      return transitionAnswer(orderId, result, 'release');
    },
  );

  app.post(
    '/reservations/:orderId/commit',
    {
      config: { problems: [409] },
      schema: {
        summary: "Commit an order's reserved units: they leave on hand (idempotent); admin",
        description: '409 when the reservation is already released.',
        tags: ['reservations'],
        params: OrderParams,
        response: { 200: ReservationView },
      },
    },
    async (request) => {
      const { orderId } = request.params;
      const result = await db.$transaction((tx) =>
        commitReservation(tx, orderId, 'committed by an admin'),
      );
      return transitionAnswer(orderId, result, 'commit');
    },
  );
};
