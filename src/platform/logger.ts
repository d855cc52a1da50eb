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

/**
 * The access log's logger: the same lines on the same output, without redaction (its fields are
 * fixed and carry nothing it would touch) and straight to the output, not through OpenTelemetry's
 * stream, which parses every line back into an object to make a log record of it: the access log
 * emits its records itself, from the fields it already has (http/access-log.ts).
 */
export function accessLogger(logger: Logger): Logger {
  const destination = destinations.get(logger);
  if (!destination) throw new Error('accessLogger needs a logger made by createLogger');
  const access = pino(options(logger.level, false), destination);
  (access as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] = destination;
  return access;
}
