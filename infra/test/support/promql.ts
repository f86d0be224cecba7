import { parser } from '@prometheus-io/lezer-promql';

export interface PromqlReading {
  /** The metric names the expression selects. */
  metricNames: string[];
  /** Label names it matches on (`{service=~"..."}`) or groups by (`by`, `on`, ...). */
  labelNames: string[];
  /** Offsets of syntax errors; empty for a valid expression. */
  syntaxErrors: number[];
}

/**
 * Grafana's variables replaced by values Prometheus accepts, as Grafana does before it sends a
 * query: time variables by a duration, the others (inside label values) by a regex.
 */
export function withGrafanaVariables(expr: string): string {
  return expr
    .replace(/\$\{?__(?:rate_interval|interval|range)(?:_ms|_s)?\}?/g, '1m')
    .replace(/\$\{[^}]*\}|\$\w+/g, '.*');
}

/** What a PromQL expression reads, from Prometheus's own PromQL grammar (the one its UI uses). */
export function readPromql(expr: string): PromqlReading {
  const text = withGrafanaVariables(expr);
  const metricNames = new Set<string>();
  const labelNames = new Set<string>();
  const syntaxErrors: number[] = [];
  const cursor = parser.parse(text).cursor();
  const slice = () => text.slice(cursor.from, cursor.to);
  do {
    const node = cursor.node;
    if (node.type.isError) syntaxErrors.push(cursor.from);
    else if (node.name === 'Identifier' && node.parent?.name === 'VectorSelector') {
      metricNames.add(slice());
    } else if (node.name === 'LabelName') {
      const name = slice();
      if (name === '__name__') {
        // {__name__="metric"} selects a metric by name too.
        const value = node.parent?.getChild('StringLiteral');
        const exact = node.parent?.getChild('MatchOp')?.getChild('EqlSingle');
        if (value && exact) metricNames.add(JSON.parse(text.slice(value.from, value.to)));
      } else {
        labelNames.add(name);
      }
    }
  } while (cursor.next());
  return { metricNames: [...metricNames], labelNames: [...labelNames], syntaxErrors };
}
