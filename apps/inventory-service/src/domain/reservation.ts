export type ReservationStatus = 'RESERVED' | 'RELEASED' | 'COMMITTED' | 'RETURNED';

/**
 * What releasing or committing a reservation in `status` does. Only a RESERVED reservation
 * changes; a repeated request finds it already in the target state and changes nothing, and a
 * reservation in the other final state stays as it is (a committed order's stock is gone, a
 * released one's is back on sale).
 */
export function decideTransition(
  status: ReservationStatus,
  target: 'RELEASED' | 'COMMITTED',
): 'apply' | 'already_done' | 'conflict' {
  if (status === 'RESERVED') return 'apply';
  // A returned reservation was committed first.
  const reached = status === 'RETURNED' ? 'COMMITTED' : status;
  return reached === target ? 'already_done' : 'conflict';
}

/**
 * What a refund of the order's payment does to its reservation in `status`. Units come back on
 * hand only when the refund says so (restock) and they had left (COMMITTED). A RESERVED one is
 * not settled yet: the refund is kept, and applies if the reservation is committed later. A
 * released reservation's units never left (that refund is the compensation of a cancelled
 * order), and a returned one came back already.
 */
export function decideReturn(
  status: ReservationStatus,
  restock: boolean,
): 'return' | 'when_committed' | 'nothing' {
  if (!restock) return 'nothing';
  if (status === 'COMMITTED') return 'return';
  return status === 'RESERVED' ? 'when_committed' : 'nothing';
}
