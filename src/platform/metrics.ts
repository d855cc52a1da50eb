// Prometheus metrics, one registry per api instance (so tests can build several apps), served on
// the separate metrics port.
import { createServer, type Server } from 'node:http';
import client from 'prom-client';

export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });

  return {
    registry,
    httpDuration: new client.Histogram({
      name: 'http_server_request_duration_seconds',
      help: 'Duration of HTTP requests, by route template and status.',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
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

/** Serves `GET /metrics` in the Prometheus text format; everything else is a 404. */
export function createMetricsServer(metrics: Metrics): Server {
  return createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    metrics.registry.metrics().then(
      (body) => res.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  });
}
