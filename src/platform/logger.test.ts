import pino from 'pino';
import { AccessLines, createLogger, SERVICE } from './logger';

/** A destination that keeps what is written to it. */
function memory() {
  const lines: string[] = [];
  return { lines, stream: { write: (line: string) => void lines.push(line) } };
}

const fields = {
  requestId: 'req-1',
  method: 'GET',
  route: '/api/v1/tasks/:id',
  path: '/api/v1/tasks/"quoted"\\back\u2028slash\u00e9',
  status: 404,
  durationMs: 1.234,
};

describe('AccessLines', () => {
  it('when a request is logged, then the line is the one pino writes for the same fields, in the same order', () => {
    const ours = memory();
    const theirs = memory();
    const now = Date.UTC(2026, 11, 4, 5, 6, 7, 89);
    new AccessLines(createLogger('info', ours.stream)).write('info', fields, now);
    pino(
      {
        base: { service: SERVICE },
        timestamp: () => `,"time":"${new Date(now).toISOString()}"`,
        formatters: { level: (label) => ({ level: label }) },
      },
      theirs.stream,
    ).info(fields, 'request');
    expect(ours.lines).toHaveLength(1);
    expect(ours.lines[0]).toBe(theirs.lines[0]);
    expect(JSON.parse(ours.lines[0]!).path).toBe(fields.path);
  });

  it('when a span is active, then the line carries the trace fields OpenTelemetry adds to every other line', () => {
    const ours = memory();
    const span = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 };
    new AccessLines(createLogger('info', ours.stream)).write('info', { ...fields, span });
    const line = JSON.parse(ours.lines[0]!);
    expect(Object.keys(line)).toEqual([
      'level',
      'time',
      'service',
      'trace_id',
      'span_id',
      'trace_flags',
      'requestId',
      'method',
      'route',
      'path',
      'status',
      'durationMs',
      'traceId',
      'msg',
    ]);
    expect(line).toMatchObject({ trace_id: span.traceId, span_id: span.spanId, trace_flags: '01' });
  });

  it('when the level is off, then it says so', () => {
    const lines = new AccessLines(createLogger('warn', memory().stream));
    expect(lines.enabled('info')).toBe(false);
    expect(new AccessLines(createLogger('debug', memory().stream)).enabled('debug')).toBe(true);
  });
});
