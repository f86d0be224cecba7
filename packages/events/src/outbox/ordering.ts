/** The parts of an outbox row that decide publishing order. */
export interface SequencedRow {
  key: string;
  /** Postgres bigint, as text. */
  sequence: string;
}

/**
 * Of the rows this relay locked, those it may publish now: for each key, the unbroken run of
 * that key's unpublished rows, from its earliest, that are all locked here. A row whose key has
 * an earlier unpublished row held elsewhere (another relay, or one not yet read) waits, so a
 * key's events never overtake each other even with several relays.
 *
 * `unpublished` is every unpublished row of the locked rows' keys up to the highest locked
 * sequence, in sequence order; `locked` is in sequence order too.
 */
export function publishableInOrder<R extends SequencedRow>(
  locked: readonly R[],
  unpublished: readonly SequencedRow[],
): R[] {
  const lockedBySequence = new Map(locked.map((row) => [row.sequence, row]));
  const blockedKeys = new Set<string>();
  const publishable = new Set<string>();
  for (const row of unpublished) {
    if (blockedKeys.has(row.key)) continue;
    if (lockedBySequence.has(row.sequence)) publishable.add(row.sequence);
    else blockedKeys.add(row.key);
  }
  return locked.filter((row) => publishable.has(row.sequence));
}

/**
 * Splits rows (in sequence order) into rounds holding at most one row per key: round n has each
 * key's n-th row. Sending round n+1 only after round n is acknowledged keeps a key's events in
 * order even across topics and partitions.
 */
export function roundsPerKey<R extends SequencedRow>(rows: readonly R[]): R[][] {
  const rounds: R[][] = [];
  const countByKey = new Map<string, number>();
  for (const row of rows) {
    const index = countByKey.get(row.key) ?? 0;
    countByKey.set(row.key, index + 1);
    let round = rounds[index];
    if (!round) {
      round = [];
      rounds[index] = round;
    }
    round.push(row);
  }
  return rounds;
}
