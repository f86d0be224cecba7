import type { EventEnvelope } from '../envelope.ts';
import { envelopeHeaders } from '../kafka/message.ts';
import { statementOn, type TransactionClient } from '../sql-client.ts';
import { injectTraceHeaders } from '../tracing.ts';

/** Channel the relay listens on; the payload is the schema whose outbox changed. */
export const OUTBOX_CHANNEL = 'outbox_events';

/**
 * Stores events in the outbox inside the caller's open transaction, so they exist exactly when
 * the state change they describe commits. The table is found through the search_path (each
 * service role's is its own schema). The topic stored is the contract's (the event type); the
 * relay applies any prefix when it publishes. The current trace context is stored with the
 * event, so the consumer's span joins the trace of the request that caused it.
 */
export async function enqueue(
  tx: TransactionClient,
  events: EventEnvelope | readonly EventEnvelope[],
): Promise<void> {
  const list: readonly EventEnvelope[] = Array.isArray(events) ? events : [events];
  if (list.length === 0) return;
  const ids = list.map((event) => event.id);
  const types = list.map((event) => event.type);
  const keys = list.map((event) => event.subject);
  const payloads = list.map((event) => JSON.stringify(event));
  const headers = list.map((event) => JSON.stringify(injectTraceHeaders(envelopeHeaders(event))));
  // One round trip for the rows and the wake-up call, rows in the order given (the relay
  // publishes a key's events in sequence order). The notification is delivered only if the
  // transaction commits: the relay wakes for committed events alone.
  await statementOn(tx)`WITH stored AS (
      INSERT INTO outbox_events (id, topic, key, type, payload, headers)
      SELECT id, type, key, type, payload, headers
      FROM unnest(${ids}::uuid[], ${types}::text[], ${keys}::text[],
                  ${payloads}::text[]::jsonb[], ${headers}::text[]::jsonb[])
        WITH ORDINALITY AS event (id, type, key, payload, headers, position)
      ORDER BY position
      RETURNING 1
    )
    SELECT pg_notify(${OUTBOX_CHANNEL}, current_schema()) WHERE EXISTS (SELECT 1 FROM stored)`;
}
