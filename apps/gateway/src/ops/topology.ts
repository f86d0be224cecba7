/** What one instance's `/health/ready` said, next to the gateway's own view of it. */
export interface InstanceReport {
  url: string;
  /** The gateway's last active health check. */
  healthy: boolean;
  circuit: 'closed' | 'open' | 'half-open';
  outstanding: number;
  ready: 'up' | 'degraded' | 'down' | 'unreachable';
  checks: Record<string, { status: string }>;
}

export interface ServiceReport {
  service: string;
  instances: InstanceReport[];
}

export interface InfrastructureReport {
  name: string;
  status: 'up' | 'down' | 'unknown';
  /** The services whose readiness checks this verdict comes from. */
  reportedBy: string[];
}

/** The servers every service's readiness checks name: Postgres, Kafka, Redis. */
export const infrastructure = ['postgres', 'kafka', 'redis'] as const;

/** `ok`/`degraded` bodies are ready; a 503 problem is down; no answer at all is unreachable. */
export function readinessOf(
  status: number | undefined,
  body: unknown,
): Pick<InstanceReport, 'ready' | 'checks'> {
  if (status === undefined) return { ready: 'unreachable', checks: {} };
  const parsed = (body ?? {}) as { status?: unknown; checks?: unknown };
  const checks: Record<string, { status: string }> = {};
  if (parsed.checks && typeof parsed.checks === 'object') {
    for (const [name, result] of Object.entries(parsed.checks as Record<string, unknown>)) {
      const value = (result as { status?: unknown } | null)?.status;
      checks[name] = { status: typeof value === 'string' ? value : 'unknown' };
    }
  }
  if (status >= 200 && status < 300) {
    return { ready: parsed.status === 'degraded' ? 'degraded' : 'up', checks };
  }
  return { ready: 'down', checks };
}

/**
 * Each server's state as the services see it: up when any instance that checks it reached it
 * last time, down when every one that checks it failed, unknown when no reachable instance
 * checks it (then nobody can tell).
 */
export function infrastructureStatus(services: readonly ServiceReport[]): InfrastructureReport[] {
  return infrastructure.map((name) => {
    const verdicts: { service: string; ok: boolean }[] = [];
    for (const { service, instances } of services) {
      for (const instance of instances) {
        const check = instance.checks[name];
        if (check) verdicts.push({ service, ok: check.status === 'ok' });
      }
    }
    const reportedBy = [...new Set(verdicts.map((verdict) => verdict.service))].sort();
    if (verdicts.length === 0) return { name, status: 'unknown', reportedBy };
    return { name, status: verdicts.some((verdict) => verdict.ok) ? 'up' : 'down', reportedBy };
  });
}
