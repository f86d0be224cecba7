import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findPackageManifest, resolveServiceIdentity } from '../src/service-identity.ts';

describe('resolveServiceIdentity', () => {
  const manifest = { name: '@ecommerce/order-service', version: '0.1.0' };

  it('takes name and version from the package, without its scope', () => {
    expect(resolveServiceIdentity({}, manifest)).toEqual({
      name: 'order-service',
      version: '0.1.0',
      environment: 'development',
    });
  });

  it('prefers OTEL_SERVICE_NAME, then SERVICE_NAME, and SERVICE_VERSION', () => {
    expect(
      resolveServiceIdentity(
        { OTEL_SERVICE_NAME: 'a', SERVICE_NAME: 'b', SERVICE_VERSION: '2' },
        manifest,
      ),
    ).toMatchObject({ name: 'a', version: '2' });
    expect(resolveServiceIdentity({ SERVICE_NAME: 'b' }, manifest).name).toBe('b');
  });

  it('reads the environment from DEPLOYMENT_ENVIRONMENT, else NODE_ENV', () => {
    expect(resolveServiceIdentity({ NODE_ENV: 'production' }, manifest).environment).toBe(
      'production',
    );
    expect(
      resolveServiceIdentity(
        { NODE_ENV: 'production', DEPLOYMENT_ENVIRONMENT: 'staging' },
        manifest,
      ).environment,
    ).toBe('staging');
  });

  it('falls back to unknown-service with no package and no variable', () => {
    expect(resolveServiceIdentity({}, undefined).name).toBe('unknown-service');
  });
});

describe('findPackageManifest', () => {
  it('finds the package.json above the entry script', () => {
    const here = fileURLToPath(import.meta.url);
    expect(findPackageManifest(here)?.name).toBe('@ecommerce/telemetry');
  });

  it('answers undefined without an entry script (node -e, a REPL)', () => {
    expect(findPackageManifest(undefined)).toBeUndefined();
  });
});
