/** Offsets of one partition as Kafka reports them (strings, as the protocol's int64s). */
export interface PartitionOffsets {
  /** The offset the next message will get. */
  high: string;
  /** The oldest offset still held (retention may have deleted earlier ones). */
  low: string;
  /** The group's committed offset (the next message it will read), or -1 when it has none. */
  committed: string;
}

/**
 * Messages of a partition that a consumer group has not committed yet. A group that has
 * committed nothing starts at the oldest held message; a committed offset older than that (its
 * messages were deleted) counts only from what can still be read.
 */
export function partitionLag({ high, low, committed }: PartitionOffsets): number {
  const oldest = BigInt(low);
  const read = BigInt(committed);
  const start = read < 0n || read < oldest ? oldest : read;
  const lag = BigInt(high) - start;
  return lag > 0n ? Number(lag) : 0;
}
