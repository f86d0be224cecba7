import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const probe = new URL('./fixtures/print-active-trace.ts', import.meta.url).pathname;
const resourceProbe = new URL('./fixtures/print-resource.ts', import.meta.url).pathname;
const register = new URL('../src/register.ts', import.meta.url).pathname;

function activeSpanContext(env: Record<string, string>) {
  const output = execFileSync(process.execPath, ['--import', register, probe], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return JSON.parse(output.trim()) as { traceId: string; traceFlags: number } | null;
}

function resourceAttributes(env: Record<string, string>) {
  const output = execFileSync(process.execPath, ['--import', register, resourceProbe], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return JSON.parse(output.trim()) as Record<string, unknown>;
}

describe('node --import @ecommerce/telemetry/register', () => {
  it('names the process after the package of its entry script when OTEL_SERVICE_NAME is unset', () => {
    // The probe's nearest package.json is this package's: @ecommerce/telemetry 0.1.0.
    const attributes = resourceAttributes({ NODE_ENV: 'test' });
    expect(attributes['service.name']).toBe('telemetry');
    expect(attributes['service.version']).toBe('0.1.0');
    expect(attributes['deployment.environment']).toBe('test');
  });

  it('lets OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override what the package says', () => {
    const attributes = resourceAttributes({
      OTEL_SERVICE_NAME: 'order-service',
      OTEL_RESOURCE_ATTRIBUTES: 'service.version=1.2.3,deployment.environment=staging',
    });
    expect(attributes['service.name']).toBe('order-service');
    expect(attributes['service.version']).toBe('1.2.3');
    expect(attributes['deployment.environment']).toBe('staging');
  });

  it('records real spans even when nothing is exported, so trace ids reach logs and events', () => {
    const context = activeSpanContext({ OTEL_SERVICE_NAME: 'probe' });
    expect(context?.traceId).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
    expect(context?.traceFlags).toBe(1);
  });

  it('is switched off entirely by OTEL_SDK_DISABLED=true', () => {
    // No context manager either: there is no active span at all.
    expect(activeSpanContext({ OTEL_SDK_DISABLED: 'true' })).toBeNull();
  });
});
