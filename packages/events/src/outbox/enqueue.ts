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
  const run = statementOn(tx);
  const list: readonly EventEnvelope[] = Array.isArray(events) ? events : [events];
  for (const event of list) {
    const headers = JSON.stringify(injectTraceHeaders(envelopeHeaders(event)));
    await run`INSERT INTO outbox_events (id, topic, key, type, payload, headers)
      VALUES (${event.id}::uuid, ${event.type}, ${event.subject}, ${event.type},
              ${JSON.stringify(event)}::jsonb, ${headers}::jsonb)`;
  }
  // Delivered only if the transaction commits: the relay wakes for committed events alone.
  await run`SELECT pg_notify(${OUTBOX_CHANNEL}, current_schema())`;
}
