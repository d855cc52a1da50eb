// A real Prometheus with the chart's scrape configuration and observability/'s rules, scraping a
// running api (FerretDB, Redis) and a running collector sidecar: after traffic, every recording
// rule and every dashboard query on api or collector metrics returns data, and every metric the
// rules and dashboards name is exported by the api, the collector, or an exporter named below.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import yaml from 'js-yaml';
import { targetHealth } from '../../scripts/kind/telemetry';
import { chartDir, render } from '../chart/support/chart';
import { startTestApp, TEST_ORIGIN, type TestApp } from '../support/app';
import { createTask, registerUser } from '../support/builders';
import { type RunningCollector, startSidecar } from './support/collector';
import {
  startPrometheus,
  withStaticTargets,
  type PrometheusConfig,
  type RunningPrometheus,
} from './support/prometheus';
import {
  dashboardFiles,
  dashboardQueries,
  fillVariables,
  loadDashboard,
  parsePromQL,
  rules,
} from './support/queries';

// Metrics that come from exporters that do not run here, by their source.
const EXPORTED_ELSEWHERE: Record<string, string[]> = {
  'MongoDB exporter': [
    'mongodb_up',
    'mongodb_rs_members_state',
    'mongodb_rs_members_health',
    'mongodb_ss_connections',
    'mongodb_ss_opcounters',
  ],
  'Redis exporter': [
    'redis_up',
    'redis_memory_used_bytes',
    'redis_commands_processed_total',
    'redis_connected_clients',
  ],
  'kube-state-metrics': [
    'kube_horizontalpodautoscaler_status_current_replicas',
    'kube_horizontalpodautoscaler_status_desired_replicas',
    'kube_horizontalpodautoscaler_spec_max_replicas',
    'kube_pod_container_resource_requests',
  ],
};
const elsewhere = new Set(Object.values(EXPORTED_ELSEWHERE).flat());
// The collector exports these only once an exporter's queue has overflowed.
const ON_QUEUE_OVERFLOW = new Set([
  'otelcol_exporter_enqueue_failed_spans',
  'otelcol_exporter_enqueue_failed_log_records',
]);
// Series Prometheus makes itself for every target.
const SCRAPE_SERIES = new Set(['up']);
const NAMESPACE = 'judix-test';

const recordingRules = rules('prometheus/rules', 'promql').filter((rule) => rule.record);
const dashboardPromQL = dashboardFiles()
  .map(loadDashboard)
  .flatMap(dashboardQueries)
  .filter((query) => query.language === 'promql');
const ruleQueries = rules('prometheus/rules', 'promql').map((rule) => rule.query);
const recorded = new Set(recordingRules.map((rule) => rule.record!));
const baseMetric = (name: string) => name.replace(/_(bucket|count|sum)$/, '');

let app: TestApp;
let collector: RunningCollector;
let prometheus: RunningPrometheus;
let refusingStore: Server;

function renderedScrapeConfig(): PrometheusConfig {
  const objects = render({ valuesFiles: [`${chartDir}/ci/observability-bundled-values.yaml`] });
  const configMap = objects.find(
    (object) => object.kind === 'ConfigMap' && object.data?.['prometheus.yml'] !== undefined,
  );
  if (!configMap) throw new Error('the chart rendered no ConfigMap with prometheus.yml');
  return yaml.load(configMap.data['prometheus.yml']) as PrometheusConfig;
}

async function traffic(): Promise<void> {
  const user = await registerUser(app.client);
  await createTask(app.client, user);
  await createTask(app.client, user, { status: 'done' });
  const task = await createTask(app.client, user);
  await app.client.delete(`/api/v1/tasks/${task.id}`, { token: user.token });
  await app.client.get('/api/v1/tasks', { token: user.token });
  await app.client.post('/api/v1/auth/login', {
    body: { email: user.email, password: user.password },
  });
  await app.client.post('/api/v1/auth/login', {
    body: { email: user.email, password: 'wrong-password' },
  });
  await app.client.post('/api/v1/auth/refresh', {
    cookie: user.cookie,
    headers: { origin: TEST_ORIGIN },
  });
  await app.client.get('/api/v1/tasks');
  await app.client.get('/no/such/route');
  // Past the global rate limit for one client, then a Redis outage: the refusal counters.
  for (let i = 0; i < 25; i++) await app.client.get('/api/v1/tasks/stats', { token: user.token });
  await app.redis.controls!.stop();
  await app.client.get('/api/v1/tasks', { token: user.token });
  await app.redis.controls!.start();
  // One span and one log record through the sidecar; the store refuses them (400, not retried).
  const otlp = `http://127.0.0.1:${collector.otlpPort}`;
  const span = {
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: 'eee19b7ec3c1b174',
    name: 'GET /api/v1/tasks',
    kind: 2,
    startTimeUnixNano: '1',
    endTimeUnixNano: '2',
  };
  const post = (path: string, body: unknown) =>
    fetch(`${otlp}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  await post('/v1/traces', { resourceSpans: [{ resource: {}, scopeSpans: [{ spans: [span] }] }] });
  await post('/v1/logs', {
    resourceLogs: [
      { resource: {}, scopeLogs: [{ logRecords: [{ body: { stringValue: 'request' } }] }] },
    ],
  });
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: no data within 3 minutes`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

beforeAll(async () => {
  app = await startTestApp({ RATE_LIMIT_MAX: '20' });
  refusingStore = createServer((_req, res) => res.writeHead(400).end());
  await new Promise<void>((done) => refusingStore.listen(0, '127.0.0.1', done));
  const store = `http://127.0.0.1:${(refusingStore.address() as AddressInfo).port}`;
  collector = await startSidecar(store, { K8S_NAMESPACE_NAME: NAMESPACE });
  const chartConfig = renderedScrapeConfig();
  const metricsTarget = new URL(app.metricsUrl).host;
  prometheus = await startPrometheus((rulesDir, self) =>
    withStaticTargets(
      chartConfig,
      {
        'judix-api': {
          target: metricsTarget,
          namespace: NAMESPACE,
          pod: 'judix-api-0',
          port: 'metrics',
        },
        'judix-collector': {
          target: `127.0.0.1:${collector.telemetryPort}`,
          namespace: NAMESPACE,
          pod: 'judix-api-0',
          port: 'otel-metrics',
        },
      },
      rulesDir,
      self,
    ),
  );
  await traffic();
}, 300_000);

afterAll(async () => {
  await prometheus?.stop();
  await collector?.stop();
  await app?.close();
  refusingStore?.close();
});

describe('a real Prometheus with the chart scrape configuration', () => {
  it('scrapes the api and the collector sidecar', async () => {
    for (const job of ['judix-api', 'judix-collector']) {
      const up = await eventually(job, async () => {
        const result = (await prometheus.query(
          `up{job="${job}", namespace="${NAMESPACE}", pod="judix-api-0"}`,
        )) as {
          value: [number, string];
        }[];
        return result[0]?.value[1] === '1' ? result : undefined;
      });
      expect(up).toHaveLength(1);
    }
    // The kind workflow's telemetry check reads the same answer of a real Prometheus.
    const targets = await (await fetch(`${prometheus.url}/api/v1/targets?state=active`)).json();
    expect(targetHealth(targets, 'judix-api')).toEqual(['up']);
    expect(targetHealth(targets, 'judix-collector')).toEqual(['up']);
    expect(targetHealth(targets, 'judix-unknown')).toEqual([]);
  }, 240_000);

  it.each(recordingRules.map((rule) => rule.record!))(
    'records %s',
    async (record) => {
      const result = await eventually(record, async () => {
        const rows = await prometheus.query(`${record}{namespace="${NAMESPACE}"}`);
        return rows.length ? rows : undefined;
      });
      expect(result.length).toBeGreaterThan(0);
    },
    240_000,
  );

  const live = dashboardPromQL.filter(
    (query) => !parsePromQL(fillVariables(query.expr)).names.some((name) => elsewhere.has(name)),
  );
  it.each(live.map((query) => [query.source, query.expr]))(
    'answers %s: %s',
    async (_source, expr) => {
      const filled = fillVariables(expr, NAMESPACE);
      const result = await eventually(expr, async () => {
        const rows = await prometheus.query(filled);
        return rows.length ? rows : undefined;
      });
      expect(result.length).toBeGreaterThan(0);
    },
    240_000,
  );

  it('finds every metric the rules and dashboards name in the live scrape or a named exporter', async () => {
    const scraped = new Set(await prometheus.metricNames());
    const named = new Set(
      [...ruleQueries, ...dashboardPromQL].flatMap(
        (query) => parsePromQL(fillVariables(query.expr)).names,
      ),
    );
    const missing = [...named].filter(
      (name) =>
        !recorded.has(name) &&
        !SCRAPE_SERIES.has(name) &&
        !elsewhere.has(name) &&
        !ON_QUEUE_OVERFLOW.has(name) &&
        !scraped.has(name) &&
        !scraped.has(`${baseMetric(name)}_bucket`),
    );
    expect(missing).toEqual([]);
    // The exporters' names are only for metrics nothing here exports.
    expect([...elsewhere].filter((name) => scraped.has(name))).toEqual([]);
  }, 240_000);
});
