import { queryOn, statementOn, type TransactionClient } from '../sql-client.ts';

/**
 * Records that `consumer` handled `eventId`, inside the transaction that applies the handler's
 * effects. False when the event was already recorded: a redelivery, whose effects exist. A
 * concurrent duplicate waits on the primary key until the first commits, then gets false.
 */
export async function recordInInbox(
  tx: TransactionClient,
  consumer: string,
  eventId: string,
): Promise<boolean> {
  const inserted = await statementOn(tx)`INSERT INTO inbox_events (consumer, event_id)
    VALUES (${consumer}, ${eventId}::uuid) ON CONFLICT DO NOTHING`;
  return inserted === 1;
}

/**
 * Records a batch of events in one statement, inside the transaction that applies their
 * effects; returns the ids that were new (the others were handled before). An id given twice
 * is new once.
 */
export async function recordBatchInInbox(
  tx: TransactionClient,
  consumer: string,
  eventIds: readonly string[],
): Promise<Set<string>> {
  const rows = await queryOn(tx)<{ event_id: string }>`INSERT INTO inbox_events (consumer, event_id)
    SELECT ${consumer}, id FROM unnest(${eventIds}::uuid[]) AS id
    ON CONFLICT DO NOTHING RETURNING event_id::text AS event_id`;
  if (rows) return new Set(rows.map((row) => row.event_id));
  // A client that returns no rows: one statement per event.
  const fresh = new Set<string>();
  for (const id of eventIds) if (await recordInInbox(tx, consumer, id)) fresh.add(id);
  return fresh;
}
