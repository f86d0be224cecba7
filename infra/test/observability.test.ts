import { describe, expect, it } from 'vitest';
import { appDefaultPort, apps } from './support/compose-file.ts';
import {
  dashboard,
  dashboardProvidersFile,
  dashboardQueries,
  datasourcesFile,
  durationSeconds,
  grafanaVariableSelector,
  prometheusConfig,
  queryPanels,
} from './support/observability-files.ts';
import { readPromql, withGrafanaVariables } from './support/promql.ts';

describe('infra/prometheus/prometheus.yml', () => {
  it('scrapes exactly the apps under apps/, each on its default port', async () => {
    const expected = await Promise.all(
      apps.map(async (app) => `${app}:${await appDefaultPort(app)}`),
    );
    const targets = prometheusConfig.scrape_configs.flatMap((job) =>
      (job.static_configs ?? []).flatMap((group) => group.targets),
    );
    expect(targets.sort()).toEqual(expected.sort());
    expect(apps).toHaveLength(7);
  });

  it('reads /metrics, one job named after each app', () => {
    for (const job of prometheusConfig.scrape_configs) {
      expect(job.metrics_path ?? '/metrics').toBe('/metrics');
      const hosts = (job.static_configs ?? []).flatMap((group) =>
        group.targets.map((target) => target.split(':')[0]),
      );
      expect(hosts).toEqual([job.job_name]);
    }
  });

  it('scrapes every 5 to 15 s, with a timeout above the 2 s a consumer-lag reading may take', () => {
    const global = prometheusConfig.global ?? {};
    for (const job of prometheusConfig.scrape_configs) {
      const interval = durationSeconds(job.scrape_interval ?? global.scrape_interval ?? '1m');
      expect(interval).toBeGreaterThanOrEqual(5);
      expect(interval).toBeLessThanOrEqual(15);
    }
    const timeout = durationSeconds(global.scrape_timeout ?? '10s');
    expect(timeout).toBeGreaterThan(2);
    expect(timeout).toBeLessThanOrEqual(durationSeconds(global.scrape_interval ?? '1m'));
  });
});

describe('Grafana provisioning', () => {
  it('provides the compose Prometheus as the default datasource, under a fixed uid', () => {
    expect(datasourcesFile.apiVersion).toBe(1);
    expect(datasourcesFile.datasources).toEqual([
      expect.objectContaining({
        uid: 'prometheus',
        type: 'prometheus',
        url: 'http://prometheus:9090',
        isDefault: true,
      }),
    ]);
  });

  it('loads dashboards from the folder compose mounts the dashboards at', () => {
    expect(dashboardProvidersFile.apiVersion).toBe(1);
    expect(dashboardProvidersFile.providers).toEqual([
      expect.objectContaining({ type: 'file', options: { path: '/var/lib/grafana/dashboards' } }),
    ]);
  });
});

describe('infra/grafana/dashboards/ecommerce.json', () => {
  const uid = datasourcesFile.datasources[0]?.uid;

  it('is one dashboard, "E-commerce system", of a current schema', () => {
    expect(dashboard.title).toBe('E-commerce system');
    expect(dashboard.uid).toBe('ecommerce');
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
  });

  it('queries the provisioned datasource in every panel, query and variable', () => {
    for (const panel of queryPanels()) {
      expect(panel.datasource?.uid, panel.title).toBe(uid);
      for (const target of panel.targets ?? []) {
        expect(target.datasource?.uid ?? panel.datasource?.uid, panel.title).toBe(uid);
      }
    }
    for (const variable of dashboard.templating.list.filter((v) => v.type === 'query')) {
      expect(variable.datasource?.uid, variable.name).toBe(uid);
    }
  });

  it('gives every panel a place on the grid and at least one query', () => {
    const ids = new Set<number>();
    for (const panel of queryPanels()) {
      expect(
        panel.targets?.some((target) => (target.expr ?? '').trim() !== ''),
        panel.title,
      ).toBe(true);
      const { x, y, w, h } = panel.gridPos;
      expect([x, y, w, h].every(Number.isInteger), panel.title).toBe(true);
      expect(x + w, panel.title).toBeLessThanOrEqual(24);
      expect(ids.has(panel.id), `panel id ${panel.id} is used twice`).toBe(false);
      ids.add(panel.id);
    }
  });

  it('has the panels the system needs, each reading its metric', () => {
    const metricsOf = (title: string) =>
      queryPanels()
        .filter((panel) => panel.title === title)
        .flatMap((panel) => panel.targets ?? [])
        .flatMap((target) => readPromql(target.expr ?? '').metricNames);
    expect(metricsOf('Request rate')).toEqual(['http_request_duration_seconds_count']);
    expect(metricsOf('5xx responses')).toEqual(['http_request_duration_seconds_count']);
    expect(metricsOf('4xx responses')).toEqual(['http_request_duration_seconds_count']);
    for (const quantile of ['p50', 'p95', 'p99']) {
      expect(metricsOf(`Latency ${quantile}`)).toEqual(['http_request_duration_seconds_bucket']);
    }
    expect(metricsOf('Saga outcomes')).toEqual(['saga_outcomes_total']);
    expect(metricsOf('Outbox backlog')).toEqual(['outbox_backlog_events']);
    expect(metricsOf('Consumer lag')).toEqual(['events_consumer_lag']);
    expect(metricsOf('Events published and handled')).toEqual([
      'events_published_total',
      'events_handled_total',
    ]);
    expect(metricsOf('Events dead-lettered')).toEqual(['events_dead_lettered_total']);
    expect(metricsOf('Circuit breakers')).toEqual(['circuit_breaker_state']);
  });

  it('sends Prometheus valid PromQL in every query, each reading at least one metric', () => {
    for (const { source, expr } of dashboardQueries()) {
      const reading = readPromql(expr);
      expect(reading.syntaxErrors, `${source}: ${withGrafanaVariables(expr)}`).toEqual([]);
      expect(reading.metricNames.length, source).toBeGreaterThan(0);
    }
  });
});

describe('readPromql', () => {
  it('finds the metrics and labels of a query, not its functions, numbers or variables', () => {
    expect(
      readPromql(
        'histogram_quantile(0.95, sum by (service, le) (rate(http_request_duration_seconds_bucket{service=~"$service", route!~"/metrics|/health/.*"}[$__rate_interval])))',
      ),
    ).toEqual({
      metricNames: ['http_request_duration_seconds_bucket'],
      labelNames: ['service', 'le', 'route'],
      syntaxErrors: [],
    });
    expect(
      readPromql('sum without (instance) (increase(saga_outcomes_total[5m] offset 1h))')
        .metricNames,
    ).toEqual(['saga_outcomes_total']);
  });

  it('finds every metric of a binary expression, one selected by __name__ included', () => {
    const reading = readPromql(
      'max by (circuit) (circuit_breaker_state{state="open"}) * 2 + on (circuit) group_left () up unless {__name__="process_cpu_seconds_total"} > bool 1e3',
    );
    expect(reading.metricNames).toEqual([
      'circuit_breaker_state',
      'up',
      'process_cpu_seconds_total',
    ]);
    expect(reading.labelNames).toEqual(['circuit', 'state']);
    expect(reading.syntaxErrors).toEqual([]);
  });

  it('is not fooled by braces, parentheses or names inside label values', () => {
    expect(
      readPromql('events_handled_total{topic="a{b}", reason=~"x(y)|rate"}').metricNames,
    ).toEqual(['events_handled_total']);
  });

  it('reports syntax errors', () => {
    expect(readPromql('sum by (service (rate(x[1m]))').syntaxErrors.length).toBeGreaterThan(0);
    expect(readPromql('rate(x[5m)').syntaxErrors.length).toBeGreaterThan(0);
  });

  it('reads the selector, not the label, of a Grafana label_values() variable', () => {
    expect(
      grafanaVariableSelector('label_values(http_request_duration_seconds_count, service)'),
    ).toBe('http_request_duration_seconds_count');
    expect(grafanaVariableSelector('label_values(service)')).toBe('');
    expect(grafanaVariableSelector('up{job="gateway"}')).toBe('up{job="gateway"}');
  });
});
