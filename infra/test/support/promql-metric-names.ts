/** Words of PromQL that look like metric names but are not. */
const keywords = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression reads. Strings, label matchers `{...}`, grouping
 * clauses `by (...)`, ranges `[5m]` and Grafana variables go first; of the identifiers left,
 * those followed by `(` are functions or aggregations, and keywords and numbers are dropped.
 * Enough for the queries of a dashboard, not a PromQL parser.
 */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\$\{[^}]*\}|\$\w+/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/gi, ' ')
    .replace(/\[[^\]]*\]/g, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/(?<![\w.:])[a-zA-Z_:][\w:]*(?![\w:])(?!\s*\()/g)) {
    const name = match[0];
    if (!keywords.has(name.toLowerCase())) names.add(name);
  }
  return [...names];
}

/**
 * The label names a PromQL expression matches on (`{service=~"..."}`) or groups by (`by`,
 * `without`, `on`, `ignoring`): each must exist on the series the expression reads.
 */
export function labelNames(expr: string): string[] {
  const unquoted = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""');
  const names = new Set<string>();
  for (const [, block = ''] of unquoted.matchAll(/\{([^}]*)\}/g)) {
    for (const [, name] of block.matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)) {
      if (name) names.add(name);
    }
  }
  for (const [, list = ''] of unquoted.matchAll(/\b(?:by|without|on|ignoring)\s*\(([^)]*)\)/gi)) {
    for (const name of list.split(',').map((part) => part.trim())) if (name) names.add(name);
  }
  names.delete('__name__');
  return [...names];
}
