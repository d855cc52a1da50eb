// OpenTelemetry, loaded before any other module so instrumentations can patch what they trace.
// Off unless an OTLP endpoint is configured: then nothing is loaded and nothing costs time.
//
// What is traced is a design decision, because instrumentation costs time on every request: a
// server span per request (from the api's own middleware, http/tracing.ts), MongoDB operations,
// and pino (trace ids in log lines). Left out: the generic HTTP and Koa instrumentations (far more
// work per request than this api needs) and Redis commands (sub-millisecond, several per request,
// and covered by metrics). Traces are exported, as protobuf unless OTEL_EXPORTER_OTLP_PROTOCOL
// says `http/json`. Metrics are scraped from /metrics, never pushed. Logs always go to stdout;
// with OTEL_LOGS_EXPORTER=otlp (the chart sets it together with the collector sidecar) pino's
// instrumentation also sends every line, after redaction, as an OTLP log record that carries the
// active span's trace and span id.
import type { NodeSDK } from '@opentelemetry/sdk-node';

let sdk: NodeSDK | undefined;

const LOG_EXPORTERS = ['none', 'otlp'] as const;

export function telemetryEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return (
    Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) &&
    env.OTEL_SDK_DISABLED !== 'true'
  );
}

/** Whether log records are exported; anything but `otlp` or `none` is refused, not ignored. */
export function logsExported(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.OTEL_LOGS_EXPORTER?.trim() || 'none';
  if (!(LOG_EXPORTERS as readonly string[]).includes(value)) {
    throw new Error(
      `Invalid configuration: OTEL_LOGS_EXPORTER must be one of ${LOG_EXPORTERS.join(', ')}`,
    );
  }
  return value === 'otlp';
}

export function startTelemetry(): void {
  if (!telemetryEnabled()) return;
  let sendLogs: boolean;
  try {
    sendLogs = logsExported();
  } catch (error) {
    // Same contract as the api's configuration errors: one line naming the variable, exit 1.
    console.error((error as Error).message);
    process.exit(1);
  }
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
  // The SDK builds the log pipeline (batching, protocol, endpoint) from the standard variables.
  process.env.OTEL_LOGS_EXPORTER = sendLogs ? 'otlp' : 'none';

  sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME ?? 'judix-api',
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      new MongoDBInstrumentation({ requireParentSpan: true }),
      new PinoInstrumentation({ disableLogSending: !sendLogs }),
    ],
  });
  sdk.start();
}

/** Flushes and stops the SDK; a no-op when telemetry is off. */
export async function stopTelemetry(): Promise<void> {
  await sdk?.shutdown().catch(() => undefined);
}
