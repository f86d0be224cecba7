import { appConfigSchema, appOfVariable, appPort, apps, hasDatabase } from './apps.ts';
import { elsewhere } from './network.ts';

export interface EdgeOptions {
  /** PostgreSQL, Kafka and Redis run in the chart (their pods are named like this). */
  inChartInfrastructure: boolean;
  /** Pods of Jobs that reach PostgreSQL: `<app>-migrate`, `<app>-seed`. */
  jobs: string[];
  /** Where PostgreSQL is when it is neither in the chart nor outside the namespace. */
  postgresPods?: string;
  /** Prometheus in another namespace scrapes every app. */
  scraped?: boolean;
  /** Extra egress of every app to outside the namespace (an OTLP collector). */
  extraEgress?: string[];
}

/**
 * The connections the system needs, from the apps' own configuration schemas rather than from
 * the chart: clients reach the gateway; an app with DATABASE_URL reaches PostgreSQL, with
 * KAFKA_BROKERS Kafka, with REDIS_URL Redis, and with a URL variable naming another app
 * (JWKS_URL, PRODUCT_SERVICE_URL, UPSTREAM_*) that app; every pod reaches the cluster DNS.
 */
export async function expectedEdges(options: EdgeOptions): Promise<string[]> {
  const where = (server: string) => (options.inChartInfrastructure ? server : elsewhere);
  const postgres = `${options.postgresPods ?? where('postgresql')}:5432/TCP`;
  const edges = new Set<string>([`${elsewhere} -> gateway:${await appPort('gateway')}/TCP`]);
  const pods = [...apps, ...options.jobs];
  if (options.inChartInfrastructure) pods.push('postgresql', 'kafka', 'redis');
  for (const pod of pods) {
    edges.add(`${pod} -> ${elsewhere}:53/UDP`);
    edges.add(`${pod} -> ${elsewhere}:53/TCP`);
  }
  for (const job of options.jobs) edges.add(`${job} -> ${postgres}`);
  for (const app of apps) {
    const variables = Object.keys((await appConfigSchema(app)).properties);
    if (variables.includes('DATABASE_URL') && hasDatabase(app)) edges.add(`${app} -> ${postgres}`);
    if (variables.includes('KAFKA_BROKERS')) edges.add(`${app} -> ${where('kafka')}:9092/TCP`);
    if (variables.includes('REDIS_URL')) edges.add(`${app} -> ${where('redis')}:6379/TCP`);
    for (const variable of variables) {
      const target = appOfVariable(variable);
      if (target && target !== app) edges.add(`${app} -> ${target}:${await appPort(target)}/TCP`);
    }
    if (options.scraped) edges.add(`${elsewhere} -> ${app}:${await appPort(app)}/TCP`);
    for (const port of options.extraEgress ?? []) edges.add(`${app} -> ${elsewhere}:${port}`);
  }
  return [...edges].sort();
}
