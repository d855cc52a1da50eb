// One log line and one histogram observation per request, labelled by route template. Probe
// requests (every few seconds from the kubelet) are logged at debug level only.
import { trace } from '@opentelemetry/api';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import { PROBE_PATHS, routeTemplate, type AppContext, type Next } from './context';

export function accessLog(logger: Logger, metrics: Metrics) {
  // Its lines carry only the fields below (no header, body or error), none of which redaction
  // touches; without its paths, pino writes them without walking and copying every field.
  const lines = logger.child({}, { redact: [] });
  return async function logRequest(ctx: AppContext, next: Next) {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeTemplate(ctx);
      const span = trace.getActiveSpan();
      metrics.httpDuration.observe(
        { method: ctx.method, route, status_code: String(ctx.status) },
        seconds,
      );
      const level = PROBE_PATHS.has(route) ? 'debug' : 'info';
      if (lines.isLevelEnabled(level)) {
        lines[level](
          {
            requestId: ctx.state.requestId,
            method: ctx.method,
            route,
            path: ctx.path,
            status: ctx.status,
            durationMs: Math.round(seconds * 1e6) / 1e3,
            ...(span ? { traceId: span.spanContext().traceId } : {}),
          },
          'request',
        );
      }
    }
  };
}
