import type { OrderOutcome } from './order-outcomes.ts';
import type { PlacementRun } from './place-orders.ts';
import { type LatencySummary, summarize } from './statistics.ts';

export interface SagaFigures {
  requested: number;
  placed: number;
  confirmed: number;
  /** Terminal orders per second, from the first placement to the last terminal state. */
  ordersPerSecond: number;
  windowSeconds: number;
  /** orders.created_at to the terminal status history entry (server clock), milliseconds. */
  toTerminal: LatencySummary;
  /** POST /api/orders as the client saw it, milliseconds. */
  placement: LatencySummary;
  errors: {
    total: number;
    /** Placements answered with anything but 201, or not answered. */
    placementFailed: number;
    /** Placed but not CONFIRMED or CANCELLED within the drain bound. */
    notTerminal: number;
    /** Terminal but CANCELLED, by reason. */
    cancelled: Record<string, number>;
  };
  /** Placement failures by HTTP status or error message. */
  placementFailures: Record<string, number>;
}

const countBy = <T>(items: readonly T[], key: (item: T) => string) => {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
};

/**
 * The benchmark's figures. With stock for every order and a token the provider accepts, every
 * placed order should be CONFIRMED: anything else is an error.
 */
export function sagaFigures(
  requested: number,
  placements: PlacementRun,
  outcomes: readonly OrderOutcome[],
): SagaFigures {
  const terminal = outcomes.filter(
    (o): o is OrderOutcome & { terminalAt: number } => o.terminalAt !== null,
  );
  const first = Math.min(...outcomes.map((o) => o.placedAt));
  const last = Math.max(...terminal.map((o) => o.terminalAt));
  const windowSeconds = terminal.length > 0 ? (last - first) / 1000 : Number.NaN;
  const cancelled = countBy(
    terminal.filter((o) => o.status === 'CANCELLED'),
    (o) => o.cancellationReason ?? 'unknown',
  );
  const notTerminal = placements.placed.length - terminal.length;
  const placementFailed = requested - placements.placed.length;
  const cancelledCount = Object.values(cancelled).reduce((a, b) => a + b, 0);
  return {
    requested,
    placed: placements.placed.length,
    confirmed: terminal.filter((o) => o.status === 'CONFIRMED').length,
    ordersPerSecond: windowSeconds > 0 ? terminal.length / windowSeconds : Number.NaN,
    windowSeconds,
    toTerminal: summarize(terminal.map((o) => o.terminalAt - o.placedAt)),
    placement: summarize(placements.placed.map((p) => p.clientMs)),
    errors: {
      total: placementFailed + notTerminal + cancelledCount,
      placementFailed,
      notTerminal,
      cancelled,
    },
    placementFailures: countBy(placements.failures, (f) => String(f.outcome)),
  };
}
