import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const probe = new URL('./fixtures/print-active-trace.ts', import.meta.url).pathname;
const register = new URL('../src/register.ts', import.meta.url).pathname;

function activeSpanContext(env: Record<string, string>) {
  const output = execFileSync(process.execPath, ['--import', register, probe], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return JSON.parse(output.trim()) as { traceId: string; traceFlags: number } | null;
}

describe('node --import @ecommerce/telemetry/register', () => {
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
