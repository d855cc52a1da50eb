// OpenTelemetry, loaded before any other module so instrumentations can patch what they trace.
// Off unless an OTLP endpoint is configured: then nothing is loaded and nothing costs time.
//
// What is traced is a design decision, because instrumentation costs time on every request: a
// server span per request (from the api's own middleware, http/tracing.ts), MongoDB operations,
// and pino (trace ids in log lines). Left out: the generic HTTP and Koa instrumentations (far more
// work per request than this api needs) and Redis commands (sub-millisecond, several per request,
// and covered by metrics). Only traces are
// exported, as protobuf unless OTEL_EXPORTER_OTLP_PROTOCOL says `http/json`; metrics are scraped
// from /metrics and logs read from stdout, so their OTLP exporters are off unless set explicitly.
import type { NodeSDK } from '@opentelemetry/sdk-node';

let sdk: NodeSDK | undefined;

export function telemetryEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return (
    Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) &&
    env.OTEL_SDK_DISABLED !== 'true'
  );
}

export function startTelemetry(): void {
  if (!telemetryEnabled()) return;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when telemetry is on */
  const { NodeSDK } =
    require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { MongoDBInstrumentation } =
    require('@opentelemetry/instrumentation-mongodb') as typeof import('@opentelemetry/instrumentation-mongodb');
  const { PinoInstrumentation } =
    require('@opentelemetry/instrumentation-pino') as typeof import('@opentelemetry/instrumentation-pino');
  const protocol =
    process.env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? process.env.OTEL_EXPORTER_OTLP_PROTOCOL;
  const { OTLPTraceExporter } = (
    protocol === 'http/json'
      ? require('@opentelemetry/exporter-trace-otlp-http')
      : require('@opentelemetry/exporter-trace-otlp-proto')
  ) as typeof import('@opentelemetry/exporter-trace-otlp-proto');
  /* eslint-enable @typescript-eslint/no-require-imports */
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';

  sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME ?? 'judix-api',
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      new MongoDBInstrumentation({ requireParentSpan: true }),
      new PinoInstrumentation({ disableLogSending: true }),
    ],
  });
  sdk.start();
}

/** Flushes and stops the SDK; a no-op when telemetry is off. */
export async function stopTelemetry(): Promise<void> {
  await sdk?.shutdown().catch(() => undefined);
}
