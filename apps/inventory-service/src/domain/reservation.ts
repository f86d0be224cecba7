export type ReservationStatus = 'RESERVED' | 'RELEASED' | 'COMMITTED';

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
  return status === target ? 'already_done' : 'conflict';
}
