/**
 * Loaded before the application with `node --import @ecommerce/telemetry/register src/main.ts`,
 * so instrumentation is in place before any instrumented module is imported.
 *
 * Configured only through the standard variables: OTEL_SERVICE_NAME (else SERVICE_NAME),
 * OTEL_EXPORTER_OTLP_ENDPOINT to export, OTEL_SDK_DISABLED=true to switch it all off.
 */
import { register } from 'node:module';

if (process.env.OTEL_SDK_DISABLED !== 'true') {
  // Imported only when enabled: the SDK and its instrumentations cost about 45 MB of memory
  // and patch every instrumented module, for nothing when telemetry is off.
  const { startTelemetry } = await import('./start.ts');
  // Lets instrumentations patch ES modules as well as CommonJS ones.
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const telemetry = startTelemetry({
    serviceName: process.env.OTEL_SERVICE_NAME ?? process.env.SERVICE_NAME ?? 'unknown-service',
  });
  // Flush what was recorded so far when asked to stop. Any listener disables Node's default
  // exit on a signal, so when nobody else handles it (the service has not installed its own
  // shutdown yet), the signal is raised again to end the process as it would have ended.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void telemetry
        .shutdown()
        .catch(() => {})
        .finally(() => {
          if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
        });
    });
  }
}
