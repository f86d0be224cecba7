import { performance } from 'node:perf_hooks';
import fp from 'fastify-plugin';
import { problemDocument, sendProblem } from './errors.ts';

/** Resolves when the dependency can serve; throws (or rejects) when it cannot. */
export type ReadinessCheck = (signal: AbortSignal) => Promise<unknown> | unknown;

export interface ReadinessCheckOptions {
  /** How long the check may take before it counts as failed. */
  timeoutMs?: number;
  /**
   * Whether the service cannot serve without it (default true). A dependency the service can
   * do without for a while, like Kafka behind an outbox, is reported as `degraded` and keeps
   * the service ready, so load balancers do not turn away requests it can still take.
   */
  critical?: boolean;
}

export interface CheckResult {
  status: 'ok' | 'failed' | 'degraded';
  durationMs: number;
  error?: string;
}

export interface HealthOptions {
  /** Default time limit of each readiness check. */
  checkTimeoutMs: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Adds a dependency to `/health/ready`; checks run in parallel, each with a time limit. */
    addReadinessCheck(name: string, check: ReadinessCheck, options?: ReadinessCheckOptions): void;
  }
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    await Promise.race([Promise.resolve().then(() => check(controller.signal)), timeout]);
    return { status: 'ok', durationMs: elapsed(started) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'failed', durationMs: elapsed(started), error: message || 'failed' };
  } finally {
    clearTimeout(timer);
  }
}

const elapsed = (started: number) => Math.round((performance.now() - started) * 10) / 10;

/**
 * `/health/live`: the process answers. `/health/ready`: every registered dependency answers
 * (503 problem+json naming the failing ones otherwise). While the app closes, the shutdown
 * plugin answers 503 before either runs.
 */
export const healthPlugin = fp<HealthOptions>(
  async (app, options) => {
    const checks = new Map<
      string,
      { check: ReadinessCheck; timeoutMs: number; critical: boolean }
    >();

    app.decorate(
      'addReadinessCheck',
      (name: string, check: ReadinessCheck, checkOptions: ReadinessCheckOptions = {}) => {
        if (checks.has(name)) throw new Error(`Readiness check "${name}" is already registered`);
        checks.set(name, {
          check,
          timeoutMs: checkOptions.timeoutMs ?? options.checkTimeoutMs,
          critical: checkOptions.critical ?? true,
        });
      },
    );

    // Probes arrive every few seconds; only their failures are worth a log line.
    const probe = { logLevel: 'warn', schema: { hide: true } } as const;

    app.get('/health/live', probe, async () => ({ status: 'ok' }));

    app.get('/health/ready', probe, async (request, reply) => {
      const entries = await Promise.all(
        [...checks].map(async ([name, { check, timeoutMs, critical }]) => {
          const result = await runCheck(check, timeoutMs);
          const status = result.status === 'failed' && !critical ? 'degraded' : result.status;
          return [name, { ...result, status }] as const;
        }),
      );
      const results = Object.fromEntries(entries);
      const failed = entries.filter(([, result]) => result.status === 'failed');
      const degraded = entries.filter(([, result]) => result.status === 'degraded');
      if (degraded.length > 0)
        request.log.warn({ checks: Object.fromEntries(degraded) }, 'degraded');
      if (failed.length === 0) {
        return { status: degraded.length === 0 ? 'ok' : 'degraded', checks: results };
      }
      request.log.warn({ checks: Object.fromEntries(failed) }, 'not ready');
      return sendProblem(
        reply,
        problemDocument(request, 503, {
          detail: `Not ready: ${failed.map(([name]) => name).join(', ')} failed`,
          checks: results,
        }),
      );
    });
  },
  { name: 'service-kit-health', dependencies: ['service-kit-errors'] },
);
