/**
 * Loaded before the application with `node --import @ecommerce/telemetry/register src/main.ts`,
 * so instrumentation is in place before any instrumented module is imported.
 *
 * The service reports its name and version from its own package.json unless OTEL_SERVICE_NAME
 * (else SERVICE_NAME) and SERVICE_VERSION say otherwise, and its deployment environment from
 * DEPLOYMENT_ENVIRONMENT (else NODE_ENV). OTEL_EXPORTER_OTLP_ENDPOINT exports spans,
 * OTEL_SDK_DISABLED=true switches it all off.
 */
import { register } from 'node:module';
import { findPackageManifest, resolveServiceIdentity } from './service-identity.ts';

if (process.env.OTEL_SDK_DISABLED !== 'true') {
  // Imported only when enabled: the SDK and its instrumentations cost about 45 MB of memory
  // and patch every instrumented module, for nothing when telemetry is off.
  const { startTelemetry } = await import('./start.ts');
  // Lets instrumentations patch ES modules as well as CommonJS ones.
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const identity = resolveServiceIdentity(process.env, findPackageManifest(process.argv[1]));
  const telemetry = startTelemetry({
    serviceName: identity.name,
    serviceVersion: identity.version,
    environment: identity.environment,
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
