// OpenTelemetry, loaded before any other module so instrumentations can patch what they trace.
// Off unless an OTLP endpoint is configured: then nothing is loaded and nothing costs time.
//
// The set of instrumentations is deliberate: the HTTP server span (named after the Koa route by
// the access-log middleware), MongoDB, Redis and pino (trace ids in log lines). Koa's own
// instrumentation adds a span per middleware, which costs more than it tells, so it is left out.
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
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { MongoDBInstrumentation } =
    require('@opentelemetry/instrumentation-mongodb') as typeof import('@opentelemetry/instrumentation-mongodb');
  const { IORedisInstrumentation } =
    require('@opentelemetry/instrumentation-ioredis') as typeof import('@opentelemetry/instrumentation-ioredis');
  const { PinoInstrumentation } =
    require('@opentelemetry/instrumentation-pino') as typeof import('@opentelemetry/instrumentation-pino');
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  /* eslint-enable @typescript-eslint/no-require-imports */

  const probes = new Set(['/healthz', '/readyz']);
  sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME ?? 'judix-api',
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => probes.has(request.url ?? ''),
        ignoreOutgoingRequestHook: () => true,
      }),
      new MongoDBInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
      new PinoInstrumentation({ disableLogSending: true }),
    ],
  });
  sdk.start();
}

/** Flushes and stops the SDK; a no-op when telemetry is off. */
export async function stopTelemetry(): Promise<void> {
  await sdk?.shutdown().catch(() => undefined);
}
