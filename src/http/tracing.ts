// The server span of each request, when telemetry is on. A small middleware instead of the HTTP
// instrumentation: that one parses and records far more than this api needs and costs a large
// share of a cached read. The span continues an incoming W3C trace context, is named after the
// route template, and is the active span while the request runs (MongoDB spans and log lines
// attach to it).
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { PROBE_PATHS, routeTemplate, type AppContext, type Next } from './context';

export function serverSpans() {
  const tracer = trace.getTracer('judix-api');
  return async function traceRequest(ctx: AppContext, next: Next) {
    if (PROBE_PATHS.has(ctx.path)) return next();
    const parent = propagation.extract(ROOT_CONTEXT, ctx.headers);
    const span = tracer.startSpan(
      ctx.method,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': ctx.method, 'url.path': ctx.path },
      },
      parent,
    );
    try {
      await context.with(trace.setSpan(parent, span), next);
    } finally {
      const route = routeTemplate(ctx);
      if (route !== 'unmatched') {
        span.updateName(`${ctx.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', ctx.status);
      if (ctx.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
  };
}
