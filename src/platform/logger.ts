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

/**
 * Standard output written asynchronously: lines that come while a write is in progress go out
 * together in the next one, and whatever is left is flushed when the process exits.
 */
export function standardOutput(): pino.DestinationStream {
  return pino.destination({ dest: 1, sync: false });
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'judix-api' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // pino's own ISO time: OpenTelemetry's pino instrumentation reads its log records' time
      // from it (any other function would add the line's time as an attribute instead).
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
