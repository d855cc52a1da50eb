// The queries that observability/ holds: PromQL of the Prometheus rules and Grafana dashboards,
// LogQL of the dashboards and Loki rules, parsed with the grammars Prometheus's and Grafana's own
// editors use, and dashboard variables filled in the way Grafana would.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import yaml from 'js-yaml';

// Both grammars ship a CommonJS build beside the ES one but declare only ES-module types.
type PromQLModule = typeof import('@prometheus-io/lezer-promql', {
  with: { 'resolution-mode': 'import' },
});
type LogQLModule = typeof import('@grafana/lezer-logql', { with: { 'resolution-mode': 'import' } });
/* eslint-disable @typescript-eslint/no-require-imports */
const promqlParser = (require('@prometheus-io/lezer-promql') as PromQLModule).parser;
const logqlParser = (require('@grafana/lezer-logql') as LogQLModule).parser;
/* eslint-enable @typescript-eslint/no-require-imports */

export const observabilityDir = resolve(__dirname, '..', '..', '..', 'observability');

export interface Query {
  source: string;
  expr: string;
  language: 'promql' | 'logql';
}

interface Target {
  expr?: string;
  datasource?: { type?: string; uid?: string };
}
interface Panel {
  title?: string;
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  panels?: Panel[];
}
export interface DashboardJson {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; datasource?: { uid?: string }; query?: unknown }[] };
}

export function dashboardFiles(): string[] {
  const dir = join(observabilityDir, 'grafana', 'dashboards');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => join(dir, name));
}

export function loadDashboard(file: string): DashboardJson {
  return JSON.parse(readFileSync(file, 'utf8')) as DashboardJson;
}

function panels(list: Panel[]): Panel[] {
  return list.flatMap((panel) => [panel, ...panels(panel.panels ?? [])]);
}

/** Every query of a dashboard, its panels' targets and its query variables. */
export function dashboardQueries(dashboard: DashboardJson): Query[] {
  const queries: Query[] = [];
  for (const panel of panels(dashboard.panels)) {
    for (const target of panel.targets ?? []) {
      const type = target.datasource?.type ?? panel.datasource?.type;
      if (target.expr === undefined) continue;
      queries.push({
        source: `${dashboard.title} / ${panel.title}`,
        expr: target.expr,
        language: type === 'loki' ? 'logql' : 'promql',
      });
    }
  }
  for (const variable of dashboard.templating.list) {
    const query = (variable.query as { query?: string } | undefined)?.query;
    const labelValues = query && /^label_values\((.*), \w+\)$/.exec(query);
    if (labelValues?.[1])
      queries.push({
        source: `${dashboard.title} / $${variable.name}`,
        expr: labelValues[1],
        language: 'promql',
      });
  }
  return queries;
}

interface RuleFile {
  groups: { name: string; rules: { record?: string; alert?: string; expr: string }[] }[];
}

export function ruleFiles(dir: string): string[] {
  const path = join(observabilityDir, dir);
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => join(path, name));
}

export function rules(dir: string, language: Query['language']) {
  return ruleFiles(dir).flatMap((file) =>
    (yaml.load(readFileSync(file, 'utf8')) as RuleFile).groups.flatMap((group) =>
      group.rules.map((rule) => ({
        name: rule.record ?? rule.alert ?? '',
        record: rule.record,
        query: { source: rule.record ?? rule.alert ?? '', expr: rule.expr, language } as Query,
      })),
    ),
  );
}

/** Grafana's variables filled with values valid in every query (a namespace, all routes). */
export function fillVariables(expr: string, namespace = 'judix'): string {
  return expr
    .replace(/\$__(rate_interval|interval|auto)\b/g, '1m')
    .replace(/\$__range\b/g, '1h')
    .replace(/\$namespace\b/g, namespace)
    .replace(/\$route\b/g, '.+')
    .replace(/\$severity\b/g, '.*')
    .replace(/\$search\b/g, '');
}

export interface Parsed {
  errors: string[];
  /** Metric names (PromQL) or stream-selector label names (LogQL). */
  names: string[];
}

function walk(
  tree: ReturnType<typeof promqlParser.parse>,
  expr: string,
  nameNode: (type: string, parent: string | undefined) => boolean,
): Parsed {
  const errors: string[] = [];
  const names: string[] = [];
  const cursor = tree.cursor();
  const stack: string[] = [];
  for (;;) {
    const type = cursor.type.name;
    if (cursor.type.isError)
      errors.push(`at ${cursor.from}: "${expr.slice(cursor.from, cursor.to + 10)}"`);
    if (nameNode(type, stack.at(-1))) names.push(expr.slice(cursor.from, cursor.to));
    if (cursor.firstChild()) {
      stack.push(type);
      continue;
    }
    while (!cursor.nextSibling()) {
      if (!cursor.parent()) return { errors, names };
      stack.pop();
    }
  }
}

export function parsePromQL(expr: string): Parsed {
  return walk(
    promqlParser.parse(expr),
    expr,
    (type, parent) => type === 'Identifier' && parent === 'VectorSelector',
  );
}

/** Label names in LogQL stream selectors (`{…}`), not in pipeline label filters. */
export function parseLogQL(expr: string): Parsed {
  const tree = logqlParser.parse(expr);
  const selectorLabels: string[] = [];
  tree.iterate({
    enter(node) {
      if (node.name !== 'Selector') return;
      const matchers = node.node.getChildren('Matchers');
      const collect = (n: typeof node.node) => {
        for (const matcher of n.getChildren('Matcher')) {
          const id = matcher.getChild('Identifier');
          if (id) selectorLabels.push(expr.slice(id.from, id.to));
        }
        for (const inner of n.getChildren('Matchers')) collect(inner);
      };
      for (const m of matchers) collect(m);
      return false;
    },
  });
  const { errors } = walk(tree, expr, () => false);
  return { errors, names: selectorLabels };
}
