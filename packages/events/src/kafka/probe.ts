import type { Admin } from 'kafkajs';
import { createKafkaClient, type KafkaSettings } from './client.ts';

export interface KafkaProbe {
  /** Resolves when a broker answers a metadata request; for readiness checks. */
  check(): Promise<void>;
  close(): Promise<void>;
}

/** One admin connection, opened on the first check and kept, that asks the cluster for its brokers. */
export function createKafkaProbe(kafka: KafkaSettings): KafkaProbe {
  let admin: Admin | undefined;
  let connecting: Promise<Admin> | undefined;

  function connected(): Promise<Admin> {
    if (admin) return Promise.resolve(admin);
    connecting ??= (async () => {
      // A probe answers now or fails; the readiness endpoint asks again soon enough.
      const client = createKafkaClient(kafka, {
        retry: { retries: 0 },
        connectionTimeout: 1_000,
      }).admin();
      try {
        await client.connect();
        admin = client;
        return client;
      } finally {
        connecting = undefined;
      }
    })();
    return connecting;
  }

  return {
    async check() {
      const { brokers } = await (await connected()).describeCluster();
      if (brokers.length === 0) throw new Error('the cluster reports no brokers');
    },
    async close() {
      await admin?.disconnect();
      admin = undefined;
    },
  };
}
