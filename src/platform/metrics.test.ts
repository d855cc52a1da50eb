import { context, propagation, trace, TraceFlags } from '@opentelemetry/api';
import { node } from '@opentelemetry/sdk-node';
import type { AddressInfo } from 'node:net';
import { createMetrics, createMetricsServer, type Metrics } from './metrics';

// What Prometheus sends when it may use OpenMetrics (its default scrape protocols).
const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2';

// Registering a tracer provider installs the context manager that makes a span the active one.
const provider = new node.NodeTracerProvider();
beforeAll(() => provider.register());
afterAll(async () => {
  await provider.shutdown();
  for (const api of [trace, context, propagation]) api.disable();
});

function inSpan(traceId: string, traceFlags: number, work: () => void) {
  const span = trace.wrapSpanContext({ traceId, spanId: 'a1b2c3d4e5f60718', traceFlags });
  context.with(trace.setSpan(context.active(), span), work);
}

async function scrape(metrics: Metrics, accept?: string) {
  const server = createMetricsServer(metrics);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/metrics`, {
      headers: accept ? { accept } : {},
    });
    return { type: response.headers.get('content-type'), text: await response.text() };
  } finally {
    server.close();
  }
}

const labels = { method: 'GET', route: '/api/v1/tasks', status_code: '200' };
const sampledTrace = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('request-duration exemplars', () => {
  it('when Prometheus asks for OpenMetrics, then the bucket of a sampled request carries its trace and span id', async () => {
    const metrics = createMetrics({ exemplars: true });
    inSpan(sampledTrace, TraceFlags.SAMPLED, () => metrics.httpDuration.observe(labels, 0.003));
    inSpan('0af7651916cd43dd8448eb211c80319c', TraceFlags.NONE, () =>
      metrics.httpDuration.observe(labels, 0.3),
    );
    metrics.httpDuration.observe(labels, 7);
    metrics.tasksCreated.inc();

    const { type, text } = await scrape(metrics, PROMETHEUS_ACCEPT);
    expect(type).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect(text.endsWith('# EOF\n')).toBe(true);
    const exemplarLines = text.split('\n').filter((line) => line.includes(' # {'));
    expect(exemplarLines).toEqual([
      expect.stringMatching(
        /^http_server_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/api\/v1\/tasks",status_code="200"\} 1 # \{trace_id="4bf92f3577b34da6a3ce929d0e0e4736",span_id="a1b2c3d4e5f60718"\} 0\.003 \d+(\.\d+)?$/,
      ),
    ]);
    expect(text).toContain('# TYPE judix_tasks_created counter\njudix_tasks_created_total 1');
  });

  it('when the scrape asks for the text format, then there are no exemplars and counters keep their _total names', async () => {
    const metrics = createMetrics({ exemplars: true });
    inSpan(sampledTrace, TraceFlags.SAMPLED, () => metrics.httpDuration.observe(labels, 0.003));
    metrics.tasksCreated.inc();
    await scrape(metrics, PROMETHEUS_ACCEPT);

    for (const accept of [
      undefined,
      'text/plain;version=0.0.4',
      'application/openmetrics-text;q=0, text/plain',
    ]) {
      const { type, text } = await scrape(metrics, accept);
      expect(type).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(text).not.toContain(sampledTrace);
      expect(text).toContain(
        '# TYPE judix_tasks_created_total counter\njudix_tasks_created_total 1',
      );
      expect(text).toContain(
        'http_server_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/v1/tasks",status_code="200"} 1',
      );
    }
  });

  it('when exemplars are off (tracing off), then OpenMetrics scrapes still work, without exemplars', async () => {
    const metrics = createMetrics({ exemplars: false });
    inSpan(sampledTrace, TraceFlags.SAMPLED, () => metrics.httpDuration.observe(labels, 0.003));
    const { type, text } = await scrape(metrics, PROMETHEUS_ACCEPT);
    expect(type).toContain('application/openmetrics-text');
    expect(text).not.toContain(' # {');
    expect(text).toContain('http_server_request_duration_seconds_count{');
  });
});
