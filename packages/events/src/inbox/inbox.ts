import { statementOn, type TransactionClient } from '../sql-client.ts';

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
