import type { Database } from '../db.ts';
import { type TimelineStepView, timelineStepView } from './order-views.ts';

/** Timeline steps of an order after the step with id `afterId` (all of them for 0), in order. */
export async function timelineStepsAfter(
  db: Database,
  orderId: string,
  afterId: bigint,
): Promise<{ id: bigint; view: TimelineStepView }[]> {
  const steps = await db.orderTimelineStep.findMany({
    where: { orderId, id: { gt: afterId } },
    orderBy: { id: 'asc' },
  });
  return steps.map((step) => ({ id: step.id, view: timelineStepView(step) }));
}
