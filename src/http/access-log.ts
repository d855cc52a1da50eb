// One log line and one histogram observation per request, labelled by route template. Probe
// requests (every few seconds from the kubelet) are logged at debug level only.
import { trace } from '@opentelemetry/api';
import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import { AccessLines, SERVICE, type Logger } from '../platform/logger';
import { logsExported, telemetryEnabled } from '../platform/telemetry';
import type { Metrics } from '../platform/metrics';
import { PROBE_PATHS, routeTemplate, type AppContext, type Next } from './context';

export function accessLog(logger: Logger, metrics: Metrics) {
  const lines = new AccessLines(logger);
  // With log export on, each line is also an OTLP log record with the same attributes, emitted
  // here inside the request's span so that it carries the trace.
  const records =
    telemetryEnabled() && logsExported() ? logs.getLogger('judix-api/access-log') : undefined;
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
      if (lines.enabled(level)) {
        const fields = {
          requestId: ctx.state.requestId,
          method: ctx.method,
          route,
          path: ctx.path,
          status: ctx.status,
          durationMs: Math.round(seconds * 1e6) / 1e3,
        };
        const spanContext = span?.spanContext();
        lines.write(level, { ...fields, span: spanContext });
        records?.emit({
          severityNumber: level === 'info' ? SeverityNumber.INFO : SeverityNumber.DEBUG,
          severityText: level,
          body: 'request',
          attributes: {
            service: SERVICE,
            ...fields,
            ...(spanContext ? { traceId: spanContext.traceId } : {}),
          },
        });
      }
    }
  };
}
