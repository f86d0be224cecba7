import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { followEventStream } from '../api/event-stream.ts';
import type { Order, OrderTimeline, TimelineStep } from '../api/types.ts';
import { ErrorNotice, Loading, StatusBadge } from '../components/notices.tsx';
import { useAsync } from '../components/use-async.ts';
import { formatMoney, formatTime } from '../format.ts';

// A confirmed order may later be refunded (a return), but its saga is over: the live view stops.
const terminal = new Set(['CONFIRMED', 'CANCELLED', 'REFUNDED']);
const pollIntervalMs = 1_000;
/** Opening the stream is tried this many times, this far apart, before polling. */
const streamAttempts = 3;
const streamRetryMs = 1_000;

const stepLabels: Record<string, string> = {
  'order.created': 'Order placed',
  'inventory.reserved': 'Stock reserved',
  'inventory.rejected': 'Stock not available',
  'payment.succeeded': 'Payment taken',
  'payment.failed': 'Payment declined',
  'order.confirmed': 'Order confirmed',
  'order.cancelled': 'Order cancelled',
  customer_cancelled: 'Cancelled by you',
  deadline_passed: 'Timed out',
};

const reasonTexts: Record<string, string> = {
  out_of_stock: 'Some items were out of stock, so nothing was reserved or charged.',
  payment_declined: 'The payment was declined; the reserved stock was released.',
  timeout: 'The order did not complete in time; anything reserved or charged was given back.',
  customer_cancelled: 'You cancelled this order.',
};

const stepLabel = (step: string) => stepLabels[step.replace(/\.v\d+$/, '')] ?? step;

type Transport = 'stream' | 'polling';

/**
 * The order's saga steps as they happen: a server-sent event stream through the gateway, or
 * polling the timeline when the stream cannot be opened.
 */
function useLiveTimeline(id: string): {
  timeline?: OrderTimeline;
  transport?: Transport;
  error?: unknown;
} {
  const [timeline, setTimeline] = useState<OrderTimeline>();
  const [transport, setTransport] = useState<Transport>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const steps: TimelineStep[] = [];
    /** Until a terminal status; `fallback` when the stream could not be used at all. */
    const poll = async (why: 'fallback' | 'final-record') => {
      if (why === 'fallback') setTransport('polling');
      while (!signal.aborted) {
        try {
          const current = await api<OrderTimeline>(`/api/orders/${id}/timeline`, { signal });
          setTimeline(current);
          setError(undefined);
          if (terminal.has(current.status)) return;
        } catch (failure) {
          if (signal.aborted) return;
          setError(failure);
        }
        await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
      }
    };
    // Like EventSource, a broken or refused stream is opened again (resuming after the last
    // step seen, Last-Event-ID) a few times before the page falls back to polling.
    let lastEventId: string | undefined;
    const follow = async (attempt: number): Promise<void> => {
      try {
        await followEventStream(
          `/api/orders/${id}/timeline/stream`,
          (event) => {
            setTransport('stream');
            if (event.event === 'step') {
              lastEventId = event.id ?? lastEventId;
              steps.push(JSON.parse(event.data) as TimelineStep);
              setTimeline((previous) => ({
                orderId: id,
                status: steps.at(-1)?.status ?? previous?.status ?? 'PENDING',
                steps: [...steps],
              }));
            }
          },
          signal,
          lastEventId,
        );
      } catch (failure) {
        if (signal.aborted) return;
        if (attempt < streamAttempts) {
          await new Promise((resolve) => setTimeout(resolve, streamRetryMs));
          return follow(attempt + 1);
        }
        // Why the page polls is worth a line in the console of whoever debugs it.
        console.warn('order stream unavailable, polling instead:', String(failure));
        return poll('fallback').catch(() => setError(failure));
      }
      // The server ends the stream at a terminal state; read the final record once.
      if (!signal.aborted) await poll('final-record');
    };
    void follow(1);
    return () => controller.abort();
  }, [id]);
  return { timeline, transport, error };
}

export function OrderPage({ id }: { id: string }) {
  const live = useLiveTimeline(id);
  const status = live.timeline?.status;
  const order = useAsync(() => api<Order>(`/api/orders/${id}`), [id, status]);
  const [cancelError, setCancelError] = useState<unknown>();
  const [cancelling, setCancelling] = useState(false);

  if (order.error && !order.data) return <ErrorNotice error={order.error} />;
  if (!order.data) return <Loading what="the order" />;
  const current = order.data;
  const shownStatus = status ?? current.status;
  const cancel = async () => {
    setCancelling(true);
    setCancelError(undefined);
    try {
      await api<Order>(`/api/orders/${id}/cancel`, { method: 'POST' });
      order.reload();
    } catch (failure) {
      setCancelError(failure);
    } finally {
      setCancelling(false);
    }
  };
  return (
    <article class="order">
      <h1>
        Order <span class="mono">{current.id.slice(0, 8)}</span>
      </h1>
      <p class="order-status" aria-live="polite">
        Status: <StatusBadge status={shownStatus} />
      </p>
      {current.cancellationReason ? (
        <div class="notice notice-warn" role="status">
          <strong>Why it was cancelled</strong>
          <p>{reasonTexts[current.cancellationReason] ?? current.cancellationReason}</p>
        </div>
      ) : null}
      <div class="order-columns">
        <section aria-labelledby="saga-heading" class="panel">
          <h2 id="saga-heading">What happened</h2>
          <ol class="timeline" aria-live="polite">
            {(live.timeline?.steps ?? []).map((step, index) => (
              <li
                key={`${step.at}-${index}`}
                class={`timeline-step step-${step.status.toLowerCase()}`}
              >
                <span class="step-name">{stepLabel(step.step)}</span>
                <time dateTime={step.at}>{formatTime(step.at)}</time>
                {step.reason ? (
                  <span class="step-reason">{step.reason.replace(/_/g, ' ')}</span>
                ) : null}
              </li>
            ))}
          </ol>
          {!terminal.has(shownStatus) ? <p class="hint">Following the saga live…</p> : null}
          <p class="hint transport">
            {live.transport === 'stream'
              ? 'Live: server-sent events'
              : live.transport === 'polling'
                ? 'Live: polling'
                : ''}
          </p>
          <ErrorNotice error={live.error} />
        </section>
        <section aria-labelledby="lines-heading" class="panel">
          <h2 id="lines-heading">Items</h2>
          <ul class="order-lines">
            {current.lines.map((line) => (
              <li key={line.productId}>
                <span>
                  {line.quantity} × {line.name}
                </span>
                <span>
                  {formatMoney({
                    ...line.unitPrice,
                    amount: line.unitPrice.amount * line.quantity,
                  })}
                </span>
              </li>
            ))}
          </ul>
          <p class="total">
            Total <strong>{formatMoney(current.total)}</strong>
          </p>
          {!terminal.has(current.status) ? (
            <button
              type="button"
              class="button button-danger"
              onClick={cancel}
              disabled={cancelling}
            >
              Cancel order
            </button>
          ) : null}
          <ErrorNotice error={cancelError} />
        </section>
      </div>
    </article>
  );
}
