// Grafana cannot run here, so its dashboards and datasources are checked as data: against the
// @grafana/schema types, every PromQL and LogQL expression parsed with Prometheus's and Grafana's
// grammars, Loki's OTLP label names, and every datasource UID one of them refers to.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import yaml from 'js-yaml';
import { typeCheckDashboards } from './support/grafana-schema';
import {
  dashboardFiles,
  dashboardQueries,
  fillVariables,
  loadDashboard,
  observabilityDir,
  parseLogQL,
  parsePromQL,
  rules,
} from './support/queries';

// Index labels Loki makes of OTLP resource attributes by default (dots become underscores).
const LOKI_OTLP_LABELS = new Set([
  'service_name',
  'service_namespace',
  'service_instance_id',
  'deployment_environment_name',
  'k8s_namespace_name',
  'k8s_pod_name',
  'k8s_container_name',
  'k8s_deployment_name',
]);

interface Datasource {
  uid: string;
  type: string;
  jsonData?: Record<string, any>;
}
const datasources = (
  yaml.load(
    readFileSync(join(observabilityDir, 'grafana', 'datasources', 'judix.yaml'), 'utf8'),
  ) as {
    datasources: Datasource[];
  }
).datasources;
const uids = new Set(datasources.map((datasource) => datasource.uid));
const files = dashboardFiles();
const dashboards = files.map(loadDashboard);
const queries = [
  ...dashboards.flatMap(dashboardQueries),
  ...rules('prometheus/rules', 'promql').map((rule) => rule.query),
  ...rules('loki/rules', 'logql').map((rule) => rule.query),
];

describe('Grafana dashboards', () => {
  it('are the API, business, platform and logs dashboards, with unique UIDs', () => {
    expect(files.map((file) => basename(file)).sort()).toEqual([
      'api.json',
      'business.json',
      'logs.json',
      'platform.json',
    ]);
    expect(new Set(dashboards.map((d) => d.uid)).size).toBe(dashboards.length);
  });

  it('type-check against @grafana/schema', () => {
    const diagnostics = typeCheckDashboards(
      Object.fromEntries(
        files.map((file) => [basename(file, '.json'), readFileSync(file, 'utf8')]),
      ),
    );
    expect(diagnostics).toEqual({ api: [], business: [], logs: [], platform: [] });
  }, 120_000);

  it('would fail a misspelt key or a wrong value type', () => {
    const diagnostics = typeCheckDashboards({
      misspelt: '{ "schemaVersion": 39, "titel": "x" }',
      wrong: '{ "schemaVersion": "39" }',
    });
    expect(diagnostics.misspelt).toEqual([expect.stringContaining('\'"titel"\'')]);
    expect(diagnostics.wrong).toEqual([expect.stringContaining('not assignable')]);
  }, 120_000);

  it('refer only to provisioned datasource UIDs', () => {
    const referred = new Set<string>();
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') {
        const record = value as Record<string, unknown>;
        if (record.datasource && typeof record.datasource === 'object')
          referred.add(String((record.datasource as { uid?: string }).uid));
        Object.values(record).forEach(collect);
      }
    };
    dashboards.forEach(collect);
    expect([...referred].filter((uid) => !uids.has(uid))).toEqual([]);
    expect(referred.size).toBeGreaterThan(0);
  });

  it('show exemplars on the latency panel', () => {
    const api = dashboards.find((d) => d.uid === 'judix-api')!;
    const json = JSON.stringify(api);
    expect(json).toContain('"exemplar":true');
  });
});

describe('Grafana datasources', () => {
  it('link each other by existing UIDs: exemplars and Loki trace ids to Tempo, Tempo to Loki', () => {
    const byType = Object.fromEntries(datasources.map((d) => [d.type, d]));
    const prometheus = byType.prometheus!.jsonData!;
    const loki = byType.loki!.jsonData!;
    const tempo = byType.tempo!.jsonData!;
    expect(prometheus.exemplarTraceIdDestinations).toEqual([
      expect.objectContaining({ name: 'trace_id', datasourceUid: byType.tempo!.uid }),
    ]);
    expect(loki.derivedFields).toEqual([
      expect.objectContaining({
        matcherType: 'label',
        matcherRegex: 'trace_id',
        datasourceUid: byType.tempo!.uid,
      }),
    ]);
    expect(tempo.tracesToLogsV2.datasourceUid).toBe(byType.loki!.uid);
    const refs = JSON.stringify(datasources).match(/"datasourceUid":"[^"]+"/g) ?? [];
    for (const ref of refs) expect(uids).toContain(JSON.parse(`{${ref}}`).datasourceUid);
  });

  it('take their LogQL link query from Loki OTLP labels', () => {
    const tempo = datasources.find((d) => d.type === 'tempo')!.jsonData!;
    const query = String(tempo.tracesToLogsV2.query).replace(/\$\$\{[^}]*\}\]?"?\}?/g, (m) =>
      m.endsWith('"}') ? 'x"}' : m.endsWith('"') ? 'x"' : 'x',
    );
    expect(parseLogQL(query).errors).toEqual([]);
  });
});

describe('the query grammars', () => {
  it('report broken PromQL and LogQL', () => {
    expect(parsePromQL('sum(rate(http_requests_total[5m])').errors).not.toEqual([]);
    expect(parseLogQL('{service_name="judix-api" |= "x"').errors).not.toEqual([]);
  });
});

describe.each(queries.map((query) => [query.source, query] as const))('%s', (_source, query) => {
  const expr = fillVariables(query.expr);

  if (query.language === 'promql') {
    it('parses as PromQL and names metrics', () => {
      const parsed = parsePromQL(expr);
      expect(parsed.errors).toEqual([]);
      expect(parsed.names.length).toBeGreaterThan(0);
    });
  } else {
    it('parses as LogQL and selects streams by Loki OTLP labels', () => {
      const parsed = parseLogQL(expr);
      expect(parsed.errors).toEqual([]);
      expect(parsed.names).toContain('service_name');
      for (const label of parsed.names) expect(LOKI_OTLP_LABELS).toContain(label);
    });
  }
});
