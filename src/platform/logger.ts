import pino from 'pino';

/** Paths whose values never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  'err.config',
];

export type Logger = pino.Logger;

/** Buffered log output goes out at the latest this long after its line was written. */
const FLUSH_MS = 200;

/**
 * Standard output written in batches: lines collect until 8 KiB are waiting or FLUSH_MS has
 * passed, so a busy api makes one write per page of lines instead of one per line, and a quiet one
 * still shows each line within FLUSH_MS. Whatever is left is flushed when the process exits.
 */
export function standardOutput(): pino.DestinationStream {
  const destination = pino.destination({ dest: 1, sync: false, minLength: 8192 });
  // With a callback, a flush of a closed stream reports the error instead of throwing it.
  setInterval(() => destination.flush(() => undefined), FLUSH_MS).unref();
  return destination;
}

/** The `service` field of every line (and attribute of every exported log record). */
export const SERVICE = 'judix-api';

function options(level: string, redact: boolean): pino.LoggerOptions {
  return {
    level,
    base: { service: SERVICE },
    ...(redact ? { redact: { paths: REDACTED_PATHS, censor: '[redacted]' } } : {}),
    // pino's own ISO time: OpenTelemetry's pino instrumentation reads its log records' time
    // from it (any other function would add the line's time as an attribute instead).
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
}

const destinations = new WeakMap<Logger, pino.DestinationStream>();

export function createLogger(
  level: string,
  destination: pino.DestinationStream = pino.destination(1),
): Logger {
  const logger = pino(options(level, true), destination);
  destinations.set(logger, destination);
  return logger;
}

export interface AccessFields {
  requestId: string;
  method: string;
  route: string;
  path: string;
  status: number;
  durationMs: number;
  /** The request's span, when telemetry is on. */
  span?: { traceId: string; spanId: string; traceFlags: number };
}

let stampedAt = -1;
let stamp = '';

/** The ISO time of `now`, formatted once per millisecond however many lines share it. */
function isoTime(now: number): string {
  if (now !== stampedAt) {
    stampedAt = now;
    stamp = new Date(now).toISOString();
  }
  return stamp;
}

/**
 * The access log's lines: the format pino gives every other line (level, time, service, the
 * trace fields OpenTelemetry's pino instrumentation adds, then the fields and `msg`), written by a
 * serializer of that one fixed shape onto the logger's own output. Every request writes one, so it
 * skips what a general logger does per line: walking the object, redaction (none of these fields
 * is redacted) and OpenTelemetry's stream, which parses every line back into an object to make a
 * log record of it; the access log emits its records itself (http/access-log.ts).
 */
export class AccessLines {
  private readonly destination: pino.DestinationStream;

  constructor(private readonly logger: Logger) {
    const destination = destinations.get(logger);
    if (!destination) throw new Error('AccessLines needs a logger made by createLogger');
    this.destination = destination;
  }

  enabled(level: 'info' | 'debug'): boolean {
    return this.logger.isLevelEnabled(level);
  }

  write(level: 'info' | 'debug', fields: AccessFields, now = Date.now()): void {
    const { span } = fields;
    const trace = span
      ? `,"trace_id":"${span.traceId}","span_id":"${span.spanId}","trace_flags":"0${span.traceFlags.toString(16)}"`
      : '';
    this.destination.write(
      `{"level":"${level}","time":"${isoTime(now)}","service":"${SERVICE}"${trace}` +
        `,"requestId":${JSON.stringify(fields.requestId)},"method":${JSON.stringify(fields.method)}` +
        `,"route":${JSON.stringify(fields.route)},"path":${JSON.stringify(fields.path)}` +
        `,"status":${fields.status},"durationMs":${fields.durationMs}` +
        `${span ? `,"traceId":"${span.traceId}"` : ''},"msg":"request"}\n`,
    );
  }
}
