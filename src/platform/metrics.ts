// Prometheus metrics, one registry per api instance (so tests can build several apps), served on
// the separate metrics port in the Prometheus text format, or in OpenMetrics when the scrape asks
// for it. Only OpenMetrics carries exemplars: with tracing on, the request-duration histogram
// keeps, per bucket, the trace and span id of the latest sampled request that fell into it.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { trace, TraceFlags } from '@opentelemetry/api';
import client from 'prom-client';
import { telemetryEnabled } from './telemetry';

type DurationLabel = 'method' | 'route' | 'status_code';

/** The request-duration histogram; with exemplars, `observe` attaches the active sampled span. */
function requestDuration(registry: client.Registry, exemplars: boolean) {
  const histogram = new client.Histogram<DurationLabel>({
    name: 'http_server_request_duration_seconds',
    help: 'Duration of HTTP requests, by route template and status.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    enableExemplars: exemplars,
    // prom-client refuses an exemplar histogram in a text-format registry's constructor check;
    // the text output simply leaves the exemplars out.
    registers: [],
  });
  registry.registerMetric(histogram);
  if (!exemplars) return histogram;
  const observe = histogram.observe.bind(histogram) as (
    observation: client.ObserveDataWithExemplar<string>,
  ) => void;
  const none = {};
  return {
    observe(labels: client.LabelValues<DurationLabel>, value: number) {
      const span = trace.getActiveSpan()?.spanContext();
      const sampled = span !== undefined && (span.traceFlags & TraceFlags.SAMPLED) !== 0;
      observe({
        labels,
        value,
        exemplarLabels: sampled ? { trace_id: span.traceId, span_id: span.spanId } : none,
      });
    },
  };
}

/**
 * The metrics of `registry` for OpenMetrics scrapes. prom-client renames counters in place when it
 * writes OpenMetrics (`x_total` becomes the family `x`), which would rename them in the text format
 * too; each counter therefore appears here as a read-only view under its family name.
 */
function openMetricsView(registry: client.Registry) {
  const view = new client.Registry<client.OpenMetricsContentType>();
  view.setContentType(client.Registry.OPENMETRICS_CONTENT_TYPE);
  for (const metric of registry.getMetricsAsArray() as unknown as ExportedMetric[]) {
    if (metric.type !== 'counter') {
      view.registerMetric(metric as unknown as client.Metric);
      continue;
    }
    const family = metric.name.replace(/_total$/, '');
    const counter: ExportedMetric = {
      name: family,
      type: metric.type,
      get: async () => ({ ...(await metric.get()), name: family }),
    };
    view.registerMetric(counter as unknown as client.Metric);
  }
  return view;
}

/** What a registry reads from a metric when it writes the exposition. */
interface ExportedMetric {
  name: string;
  type: string;
  get(): Promise<client.MetricObjectWithValues<client.MetricValue<string>>>;
}

/** `exemplars` defaults to on when tracing is: without spans there is nothing to link to. */
export function createMetrics({ exemplars = telemetryEnabled() } = {}) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });

  return {
    registry,
    httpDuration: requestDuration(registry, exemplars),
    tasksCreated: new client.Counter({
      name: 'judix_tasks_created_total',
      help: 'Tasks created.',
      registers: [registry],
    }),
    tasksCompleted: new client.Counter({
      name: 'judix_tasks_completed_total',
      help: 'Tasks moved to done.',
      registers: [registry],
    }),
    tasksDeleted: new client.Counter({
      name: 'judix_tasks_deleted_total',
      help: 'Tasks deleted.',
      registers: [registry],
    }),
    registrations: new client.Counter({
      name: 'judix_registrations_total',
      help: 'Accounts created.',
      registers: [registry],
    }),
    logins: new client.Counter({
      name: 'judix_logins_total',
      help: 'Login attempts by result.',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    refreshes: new client.Counter({
      name: 'judix_token_refreshes_total',
      help: 'Refresh-token uses by result (reuse revokes the whole session family).',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    cacheRequests: new client.Counter({
      name: 'judix_cache_requests_total',
      help: 'Response cache look-ups by cache, result and layer (in-process or Redis).',
      labelNames: ['cache', 'result', 'layer'] as const,
      registers: [registry],
    }),
    rateLimited: new client.Counter({
      name: 'judix_rate_limited_total',
      help: 'Requests refused by a rate limit.',
      labelNames: ['limit'] as const,
      registers: [registry],
    }),
    dependencyErrors: new client.Counter({
      name: 'judix_dependency_unavailable_total',
      help: 'Requests answered 503 because MongoDB or Redis was unavailable.',
      labelNames: ['dependency'] as const,
      registers: [registry],
    }),
    // Live updates.
    eventStreams: new client.Gauge({
      name: 'judix_event_streams_open',
      help: 'Event streams open on this replica.',
      registers: [registry],
    }),
    eventsPublished: new client.Counter({
      name: 'judix_events_published_total',
      help: 'Events published, by type (`failed` when Redis refused one).',
      labelNames: ['type'] as const,
      registers: [registry],
    }),
    eventsDelivered: new client.Counter({
      name: 'judix_events_delivered_total',
      help: 'Events written to open streams, replayed ones included.',
      registers: [registry],
    }),
    eventResets: new client.Counter({
      name: 'judix_event_replay_resets_total',
      help: 'Resumed streams told to refetch: their Last-Event-ID was no longer kept.',
      registers: [registry],
    }),
    // Reminders.
    remindersScheduled: new client.Counter({
      name: 'judix_reminders_scheduled_total',
      help: "Reminders set or moved (by a create, an edit, an import, or a repeating task's next occurrence).",
      registers: [registry],
    }),
    remindersFired: new client.Counter({
      name: 'judix_reminders_fired_total',
      help: 'Reminders fired (each once, on one replica).',
      registers: [registry],
    }),
    reminderLateness: new client.Histogram({
      name: 'judix_reminder_lateness_seconds',
      help: 'How long after its time a reminder fired.',
      buckets: [0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
      registers: [registry],
    }),
    // Resilience: the circuit breaker of each dependency.
    circuitState: new client.Gauge({
      name: 'judix_dependency_circuit_state',
      help: 'Circuit breaker state per dependency: 1 for the current state (closed, open, half-open), 0 for the others.',
      labelNames: ['dependency', 'state'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Whether the Accept header lists OpenMetrics with a non-zero quality (Prometheus lists it first). */
function wantsOpenMetrics(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').split(',').some((range) => {
    const [type, ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const quality = params.find((p) => p.startsWith('q='));
    return type === 'application/openmetrics-text' && (!quality || Number(quality.slice(2)) > 0);
  });
}

/** Serves `GET /metrics`, in OpenMetrics when the Accept header offers it; all else is a 404. */
export function createMetricsServer(metrics: Metrics): Server {
  const openMetrics = openMetricsView(metrics.registry);
  return createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    const registry = wantsOpenMetrics(req) ? openMetrics : metrics.registry;
    registry.metrics().then(
      (body) =>
        res.writeHead(200, { 'Content-Type': registry.contentType, Vary: 'Accept' }).end(body),
      () => res.writeHead(500).end(),
    );
  });
}
