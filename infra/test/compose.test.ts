import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, serviceDatabases } from '@ecommerce/testkit';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loopbackPort } from './support/compose-file.ts';

// No Docker engine is needed to check that docker-compose.yml agrees with infra/local.

interface ComposeService {
  image: string;
  ports?: string[];
  environment?: Record<string, string | number>;
  volumes?: string[];
  healthcheck?: { test: string[] | string };
}

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const service = (name: string) => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};

/** The default port a local server script uses, e.g. `REDIS_PORT="${REDIS_PORT:-6379}"`. */
function localDefaultPort(script: string, variable: string): string {
  const match = new RegExp(`\\$\\{${variable}:-(\\d+)\\}`).exec(read(`infra/local/lib/${script}`));
  if (!match?.[1]) throw new Error(`no default for ${variable} in ${script}`);
  return match[1];
}

describe('docker-compose.yml', () => {
  it('runs postgres, redis and kafka, each with a healthcheck', () => {
    for (const name of ['postgres', 'redis', 'kafka']) {
      expect(service(name).healthcheck?.test, name).toBeTruthy();
    }
  });

  it('publishes the same ports as infra/local, on loopback, under the same variables', () => {
    const postgresPort = localDefaultPort('postgres.sh', 'POSTGRES_PORT');
    expect(service('postgres').ports).toEqual([
      `127.0.0.1:\${POSTGRES_PORT:-${postgresPort}}:5432`,
    ]);
    const redisPort = localDefaultPort('redis.sh', 'REDIS_PORT');
    expect(service('redis').ports).toEqual([`127.0.0.1:\${REDIS_PORT:-${redisPort}}:6379`]);
    const kafkaPort = localDefaultPort('kafka.sh', 'KAFKA_PORT');
    expect(service('kafka').ports).toEqual([`127.0.0.1:\${KAFKA_PORT:-${kafkaPort}}:9092`]);
    expect(String(service('kafka').environment?.KAFKA_ADVERTISED_LISTENERS)).toContain(
      `HOST://127.0.0.1:\${KAFKA_PORT:-${kafkaPort}}`,
    );
  });

  it('publishes nothing beyond loopback: development credentials stay on this machine', () => {
    for (const [name, { ports }] of Object.entries(compose.services)) {
      for (const mapping of ports ?? []) {
        const containerPort = Number(mapping.split(':').at(-1));
        expect(mapping, name).toMatch(loopbackPort(containerPort));
      }
    }
  });

  it('uses no healthcheck option that Docker Engine 20.10 refuses (start_interval needs 25)', () => {
    for (const [name, { healthcheck }] of Object.entries(compose.services)) {
      expect(healthcheck ?? {}, name).not.toHaveProperty('start_interval');
    }
  });

  it('initialises Postgres with the same scripts, database and password as infra/local', () => {
    const postgres = service('postgres');
    expect(postgres.volumes).toContain('./infra/postgres/init:/docker-entrypoint-initdb.d:ro');
    expect(readdirSync(join(repoRoot, 'infra/postgres/init')).sort()).toEqual([
      '01-roles.sql',
      '02-schemas.sql',
    ]);
    expect(postgres.environment?.POSTGRES_DB).toBe('ecommerce');
    const localPassword = /POSTGRES_PASSWORD:-([^}]+)\}/.exec(read('infra/local/lib/postgres.sh'));
    expect(postgres.environment?.POSTGRES_PASSWORD).toBe(localPassword?.[1]);
    expect(Number(/postgres:(\d+)/.exec(postgres.image)?.[1])).toBeGreaterThanOrEqual(15);
  });

  it('runs the same Kafka version as the local broker, in KRaft mode', () => {
    const pomVersion = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(
      read('infra/kafka/pom.xml'),
    );
    expect(pomVersion?.[1]).toBeTruthy();
    expect(service('kafka').image).toBe(`apache/kafka:${pomVersion?.[1]}`);
    expect(service('kafka').environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
  });
});

describe('infra/postgres/init', () => {
  const roles = read('infra/postgres/init/01-roles.sql');
  const schemas = read('infra/postgres/init/02-schemas.sql');

  it.each(Object.entries(serviceDatabases))('creates the schema and role of %s', (_, db) => {
    expect(roles).toContain(`'${db.role}'`);
    expect(schemas).toContain(`['${db.schema}', '${db.role}']`);
  });
});
