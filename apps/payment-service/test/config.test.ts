import { ConfigError, loadConfig } from '@ecommerce/service-kit';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/config.ts';

describe('configuration', () => {
  it('defaults to local development settings and an approving simulated provider', () => {
    const config = loadConfig(configSchema, {});
    expect(config).toMatchObject({
      PORT: 3005,
      DATABASE_URL:
        'postgresql://payment_service:payment_service_dev_password@127.0.0.1:5432/ecommerce',
      PAYMENT_PROVIDER_FAILURE_RATE: 0,
      PAYMENT_DEFAULT_TOKEN: 'tok_visa',
      PAYMENT_CUSTOMER_TOKENS: '',
    });
  });

  it('reads the provider settings', () => {
    const config = loadConfig(configSchema, {
      PAYMENT_PROVIDER_LATENCY_MS: '250',
      PAYMENT_PROVIDER_FAILURE_RATE: '0.2',
      PAYMENT_CUSTOMER_TOKENS:
        '443a6ad5-6554-52d7-8add-98c8d052b2c4=tok_chargeDeclined,e1083608-10fb-513b-8f62-38437b43e658=tok_visa',
    });
    expect(config.PAYMENT_PROVIDER_LATENCY_MS).toBe(250);
    expect(config.PAYMENT_PROVIDER_FAILURE_RATE).toBe(0.2);
  });

  it('names every bad provider setting', () => {
    try {
      loadConfig(configSchema, {
        PAYMENT_PROVIDER_FAILURE_RATE: '1.5',
        PAYMENT_CUSTOMER_TOKENS: 'alan=declined',
        PAYMENT_DEFAULT_TOKEN: 'visa',
      });
      expect.unreachable('loadConfig accepted bad settings');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((p) => p.variable)).toEqual([
        'PAYMENT_CUSTOMER_TOKENS',
        'PAYMENT_DEFAULT_TOKEN',
        'PAYMENT_PROVIDER_FAILURE_RATE',
      ]);
    }
  });
});
