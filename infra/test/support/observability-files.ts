import { parse } from 'yaml';
import { readRepoFile } from './compose-file.ts';

export interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  scrape_interval?: string;
  static_configs?: { targets: string[]; labels?: Record<string, string> }[];
}

export interface PrometheusConfig {
  global?: { scrape_interval?: string; scrape_timeout?: string };
  scrape_configs: ScrapeConfig[];
}

export const prometheusConfig = parse(
  readRepoFile('infra/prometheus/prometheus.yml'),
) as PrometheusConfig;

export const datasourcesFile = parse(
  readRepoFile('infra/grafana/provisioning/datasources/prometheus.yml'),
) as {
  apiVersion: number;
  datasources: { name: string; uid: string; type: string; url: string; isDefault?: boolean }[];
};

export const dashboardProvidersFile = parse(
  readRepoFile('infra/grafana/provisioning/dashboards/ecommerce.yml'),
) as {
  apiVersion: number;
  providers: { name: string; type: string; options: { path: string } }[];
};

export interface DashboardTarget {
  refId: string;
  expr?: string;
  datasource?: { type?: string; uid?: string };
}

export interface DashboardPanel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type?: string; uid?: string };
  targets?: DashboardTarget[];
  panels?: DashboardPanel[];
}

export interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: DashboardPanel[];
  templating: {
    list: {
      name: string;
      type: string;
      datasource?: { uid?: string };
      query?: string | { query: string };
    }[];
  };
}

export const dashboardFile = 'infra/grafana/dashboards/ecommerce.json';
export const dashboard = JSON.parse(readRepoFile(dashboardFile)) as Dashboard;

/** Every panel, those inside collapsed rows included. */
export const allPanels = (panels: DashboardPanel[] = dashboard.panels): DashboardPanel[] =>
  panels.flatMap((panel) => [panel, ...allPanels(panel.panels ?? [])]);

/** Panels that show data: every one but the row headers. */
export const queryPanels = () => allPanels().filter((panel) => panel.type !== 'row');

/** Every PromQL query of the dashboard: its panels' and its template variables'. */
export function dashboardQueries(): { source: string; expr: string }[] {
  const panelQueries = queryPanels().flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({
      source: `panel "${panel.title}" ${target.refId}`,
      expr: target.expr ?? '',
    })),
  );
  const variableQueries = dashboard.templating.list
    .filter((variable) => variable.type === 'query')
    .map((variable) => ({
      source: `variable $${variable.name}`,
      expr: grafanaVariableSelector(
        typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? ''),
      ),
    }));
  return [...panelQueries, ...variableQueries];
}

/**
 * The PromQL inside a Grafana variable query: `label_values(<selector>, <label>)` reads the
 * selector's series (its last argument is a label, not a metric); other queries are PromQL.
 */
export function grafanaVariableSelector(query: string): string {
  const labelValues = /^\s*label_values\((.*),\s*[a-zA-Z_]\w*\s*\)\s*$/s.exec(query);
  if (labelValues) return labelValues[1] ?? '';
  if (/^\s*label_values\(/.test(query)) return '';
  return query;
}

/** Prometheus's duration syntax in seconds (`10s`, `1m`, `1m30s`). */
export function durationSeconds(duration: string): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 };
  const parts = [...duration.matchAll(/(\d+)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== duration) {
    throw new Error(`not a Prometheus duration: ${duration}`);
  }
  return parts.reduce((sum, [, value, unit]) => sum + Number(value) * (units[unit ?? 's'] ?? 0), 0);
}
