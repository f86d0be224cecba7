import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import type { DeadLetter, SagaStats, Topology } from '../api/types.ts';
import { Link } from '../components/link.tsx';
import { ErrorNotice, Loading } from '../components/notices.tsx';
import { useAsync } from '../components/use-async.ts';
import { formatDateTime, formatTime } from '../format.ts';

const topologyRefreshMs = 1_000;
const statsRefreshMs = 5_000;

/** Where each consumer's dead letters are listed and replayed: the service that owns it. */
export const deadLetterAreas = [
  { service: 'inventory-service', path: '/api/inventory/dead-letters' },
  { service: 'payment-service', path: '/api/payments/dead-letters' },
  { service: 'order-service', path: '/api/orders/dead-letters' },
  { service: 'notification-service', path: '/api/notifications/dead-letters' },
] as const;

function useRefreshing<T>(load: () => Promise<T>, everyMs: number) {
  const state = useAsync(load, []);
  useEffect(() => {
    const timer = setInterval(state.reload, everyMs);
    return () => clearInterval(timer);
  }, [state.reload, everyMs]);
  return state;
}

const health = (healthy: boolean) => (healthy ? 'healthy' : 'unhealthy');

function TopologyPanel() {
  const topology = useRefreshing(() => api<Topology>('/api/ops/topology'), topologyRefreshMs);
  return (
    <section class="panel" aria-labelledby="topology-heading">
      <h2 id="topology-heading">Topology</h2>
      <ErrorNotice error={topology.error} />
      {!topology.data && !topology.error ? <Loading what="the topology" /> : null}
      {topology.data ? (
        <>
          <ul class="infra-list" aria-label="Infrastructure">
            <li
              class={`tile tile-${topology.data.gateway.status === 'down' ? 'unhealthy' : 'healthy'}`}
            >
              <span class="tile-name">gateway</span>
              <span class="tile-state">{topology.data.gateway.status}</span>
            </li>
            {topology.data.infrastructure.map((server) => (
              <li
                key={server.name}
                class={`tile tile-${server.status === 'up' ? 'healthy' : server.status === 'down' ? 'unhealthy' : 'unknown'}`}
              >
                <span class="tile-name">{server.name}</span>
                <span class="tile-state">{server.status}</span>
              </li>
            ))}
          </ul>
          <table class="table topology">
            <caption class="visually-hidden">
              Service instances, their health and circuit breakers
            </caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Instance</th>
                <th scope="col">Health</th>
                <th scope="col">Ready</th>
                <th scope="col">Circuit</th>
                <th scope="col" class="number">
                  In flight
                </th>
              </tr>
            </thead>
            <tbody>
              {topology.data.services.flatMap(({ service, instances }) =>
                instances.length === 0
                  ? [
                      <tr key={service} data-service={service} data-health="unhealthy">
                        <th scope="row">{service}</th>
                        <td colSpan={5}>
                          <span class="dot dot-unhealthy" aria-hidden="true" /> no instance
                        </td>
                      </tr>,
                    ]
                  : instances.map((instance) => (
                      <tr
                        key={instance.url}
                        data-service={service}
                        data-health={health(instance.healthy)}
                      >
                        <th scope="row">{service}</th>
                        <td class="mono">{instance.url}</td>
                        <td>
                          <span class={`dot dot-${health(instance.healthy)}`} aria-hidden="true" />{' '}
                          {health(instance.healthy)}
                        </td>
                        <td>{instance.ready}</td>
                        <td>
                          <span class={`circuit circuit-${instance.circuit}`}>
                            {instance.circuit}
                          </span>
                        </td>
                        <td class="number">{instance.outstanding}</td>
                      </tr>
                    )),
              )}
            </tbody>
          </table>
          <p class="hint">
            Checked at {formatTime(topology.data.checkedAt)}; refreshed every second.
          </p>
        </>
      ) : null}
    </section>
  );
}

function SagaPanel() {
  const stats = useRefreshing(() => api<SagaStats>('/api/orders/stats?minutes=15'), statsRefreshMs);
  const buckets = stats.data?.buckets ?? [];
  const peak = Math.max(
    1,
    ...buckets.map((bucket) => bucket.confirmed + bucket.cancelled + bucket.pending),
  );
  const totals = buckets.reduce(
    (sum, bucket) => ({
      confirmed: sum.confirmed + bucket.confirmed,
      cancelled: sum.cancelled + bucket.cancelled,
      pending: sum.pending + bucket.pending,
    }),
    { confirmed: 0, cancelled: 0, pending: 0 },
  );
  return (
    <section class="panel" aria-labelledby="saga-stats-heading">
      <h2 id="saga-stats-heading">Saga outcomes, last 15 minutes</h2>
      <ErrorNotice error={stats.error} />
      {stats.data ? (
        <>
          <dl class="stat-row">
            <div>
              <dt>Confirmed</dt>
              <dd class="stat-confirmed">{totals.confirmed}</dd>
            </div>
            <div>
              <dt>Cancelled</dt>
              <dd class="stat-cancelled">{totals.cancelled}</dd>
            </div>
            <div>
              <dt>In flight</dt>
              <dd>{totals.pending}</dd>
            </div>
          </dl>
          <table class="table compact">
            <caption class="visually-hidden">
              Orders placed per minute and how long their sagas took
            </caption>
            <thead>
              <tr>
                <th scope="col">Minute</th>
                <th scope="col">Outcomes</th>
                <th scope="col" class="number">
                  p50
                </th>
                <th scope="col" class="number">
                  p95
                </th>
              </tr>
            </thead>
            <tbody>
              {buckets
                .filter((bucket) => bucket.confirmed + bucket.cancelled + bucket.pending > 0)
                .map((bucket) => (
                  <tr key={bucket.start}>
                    <td>{formatTime(bucket.start).slice(0, 5)}</td>
                    <td>
                      <span class="bar" aria-hidden="true">
                        <span
                          class="bar-confirmed"
                          style={{ width: `${(bucket.confirmed / peak) * 100}%` }}
                        />
                        <span
                          class="bar-cancelled"
                          style={{ width: `${(bucket.cancelled / peak) * 100}%` }}
                        />
                      </span>
                      {bucket.confirmed} confirmed, {bucket.cancelled} cancelled
                      {bucket.pending ? `, ${bucket.pending} in flight` : ''}
                    </td>
                    <td class="number">{bucket.p50Ms === null ? '–' : `${bucket.p50Ms} ms`}</td>
                    <td class="number">{bucket.p95Ms === null ? '–' : `${bucket.p95Ms} ms`}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}

function DeadLetterPanel() {
  // One service down must not hide the others' dead letters: each area answers on its own.
  const letters = useRefreshing(
    () =>
      Promise.all(
        deadLetterAreas.map(async (area) => {
          try {
            return { ...area, items: (await api<{ items: DeadLetter[] }>(area.path)).items };
          } catch (error) {
            return { ...area, items: [] as DeadLetter[], error };
          }
        }),
      ),
    statsRefreshMs,
  );
  const [replayError, setReplayError] = useState<unknown>();
  const [replayed, setReplayed] = useState<string>();
  const replay = async (path: string, letter: DeadLetter) => {
    setReplayError(undefined);
    try {
      await api(`${path}/${encodeURIComponent(letter.id)}/replay`, { method: 'POST' });
      setReplayed(`Put ${letter.eventType ?? 'the event'} back on ${letter.originalTopic}`);
      letters.reload();
    } catch (failure) {
      setReplayError(failure);
    }
  };
  const all = (letters.data ?? []).flatMap((area) => area.items.map((item) => ({ area, item })));
  return (
    <section class="panel" aria-labelledby="dlq-heading">
      <h2 id="dlq-heading">Dead-lettered events</h2>
      <ErrorNotice error={letters.error ?? replayError} />
      {(letters.data ?? [])
        .filter((area) => 'error' in area)
        .map((area) => (
          <p key={area.service} class="notice notice-warn" role="status">
            The dead letters of {area.service} cannot be read right now.
          </p>
        ))}
      {replayed ? (
        <p class="notice notice-ok" role="status">
          {replayed}
        </p>
      ) : null}
      {letters.data && all.length === 0 ? <p class="empty">No dead-lettered events.</p> : null}
      {all.length > 0 ? (
        <table class="table dead-letters">
          <caption class="visually-hidden">Events consumers gave up on, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Failed</th>
              <th scope="col">Consumer</th>
              <th scope="col">Topic</th>
              <th scope="col">Why</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {all.map(({ area, item }) => (
              <tr key={item.id}>
                <td>{formatDateTime(item.failedAt)}</td>
                <td>{item.consumer}</td>
                <td class="mono">{item.originalTopic}</td>
                <td class="error-text">
                  <strong>{item.reason}</strong>: {item.error}
                </td>
                <td>
                  {item.replayedAt ? (
                    <span class="hint">replayed {formatTime(item.replayedAt)}</span>
                  ) : (
                    <button
                      type="button"
                      class="button button-small"
                      onClick={() => void replay(area.path, item)}
                    >
                      Replay
                      <span class="visually-hidden">
                        {' '}
                        {item.eventType ?? ''} from {formatDateTime(item.failedAt)}
                      </span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

export function OpsPage() {
  return (
    <div class="ops">
      <div class="page-head">
        <h1>Operations</h1>
        <Link href="/ops/catalog" class="button button-small">
          Products and stock
        </Link>
      </div>
      <TopologyPanel />
      <SagaPanel />
      <DeadLetterPanel />
    </div>
  );
}
